// What desk_service.cpp and desk_lists.cpp share: the case columns, the scope of cases, notifications.
// Internal to the module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "modules/service_desk/rules/desk_rules.hpp"
#include "platform/storage/db.hpp"

namespace zx::desk_internal {

// The condition on desk_cases `c` of the cases `who` may read.
std::string case_scope(const Principal& who, std::vector<db::Value>& params);

// A notification to a unit: target kinds "desk", "city", "department", "enterprise", "user".
Status notify(db::Connection& c, const std::string& kind, const std::string& value, std::int64_t case_id,
              const std::string& what, const std::string& text, const std::string& text_en, std::int64_t at);

// The (kind, value) targets whose notifications `who` reads.
std::vector<std::pair<std::string, std::string>> notification_targets(const Principal& who);

std::string json_strings(const std::vector<std::string>& v);
inline constexpr std::size_t kMaxAttachments = 5;
inline constexpr std::size_t kMaxAttachmentBytes = 10u << 20;
inline constexpr std::int64_t kDuplicateWindow = 7 * kSecondsPerDay;
// Alert bits of desk_cases.alerts: each warning and escalation is sent once per clock.
inline constexpr std::int64_t kResponseWarned = 1, kResponseEscalated = 2, kResolutionWarned = 4,
                              kResolutionEscalated = 8;

inline constexpr const char* kCaseCols =
    "c.id, c.uscc, COALESCE(e.name, ''), c.city, c.category, c.urgency, c.title, c.description, c.status, "
    "c.lead_department, c.co_departments, c.reporter_id, c.created_at, c.updated_at, c.responded_at, "
    "c.resolved_at, c.closed_at, c.rating, c.extension_requested, c.duplicates, c.external_source, c.external_id, "
    "c.alerts, c.response_due, c.resolution_due, c.provisional, c.sla_state";
inline constexpr const char* kCaseFrom = "desk_cases c LEFT JOIN enterprises e ON e.uscc = c.uscc";

// A department filter by name or code: its name, "" when none is given, a 422 naming the parameter
// when it is not a department of the list.
Result<std::string> department_filter(const std::string& value);

CaseRecord case_from_row(const db::Row& r);
// The case `id` if `who` may read it (nullopt otherwise).
Result<std::optional<CaseRecord>> load_case(db::Connection& c, const Principal& who, std::int64_t id);
// A case's events in order; with `clock_events`, also what its clocks read of them.
Result<std::vector<DeskEvent>> load_events(db::Connection& c, std::int64_t case_id,
                                           std::vector<desk::ClockEvent>* clock_events);
// The unit an actor acts for, as enterprises see it (names of people are kept from enterprises).
std::string unit_of(const Principal& who);
// Appends an event (`who` null: the system).
Status insert_event(db::Connection& c, std::int64_t case_id, std::int64_t at, const std::string& action,
                    const std::string& from, const std::string& to, const std::string& clock, const Principal* who,
                    const std::string& reason, const std::string& department, std::optional<int> rating,
                    std::optional<int> extension_days);
// Recomputes a case's clocks from its events and stores what lists read.
Result<desk::CaseClocks> store_clocks(db::Connection& c, const desk::DeskRules& rules, const WorkingCalendar& cal,
                                      std::int64_t case_id, std::int64_t now);
// The parties `who` is to case `k`.
Result<std::vector<desk::Party>> parties_of(db::Connection& c, const Principal& who, const CaseRecord& k);
bool may_take(const desk::ActionRule& a, const std::vector<desk::Party>& parties);
// Whether the action's other conditions (state, response window, a pending extension) hold now.
bool applicable(const desk::ActionRule& a, const CaseRecord& k, std::int64_t now);
std::string request_hash(const std::string& uscc, const NewCase& n);
bool valid_key(const std::string& k);
// `value` trimmed holds min..max characters of valid UTF-8, or an InvalidArgument naming `field`.
Status check_text(const std::string& field, const std::string& value, std::size_t min, std::size_t max);

std::vector<std::string> parse_strings(const std::string& json);

}  // namespace zx::desk_internal
