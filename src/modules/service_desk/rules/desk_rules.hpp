// The service desk's rules as values: the case state machine, the service levels, the dispatch rules
// (each read from a file of policies/service_desk/ by desk_files.hpp), and the clocks computed from a
// case's events on the working calendar. Pure: no I/O, no database; the same events and the same
// calendar always give the same clocks, so clocks are recomputed, never kept as counters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/working_calendar.hpp"
#include "modules/service_desk/rules/kpi.hpp"
#include "modules/service_desk/rules/webhook.hpp"

namespace zx::desk {

// Who may take an action on a case (workflow.toml `by`).
enum class Party : std::uint8_t { kDesk, kCity, kLead, kReporter, kCommissioner, kSystem };
std::optional<Party> parse_party(std::string_view code);
std::string_view party_code(Party p);

struct ActionRule {
    std::string name, label, label_en;
    std::vector<std::string> from;
    std::string to;  // empty: the state does not change
    std::vector<Party> by;
    bool needs_reason = false, needs_department = false, needs_rating = false, needs_days = false;
    bool within_response = false;             // only before the response limit passes
    bool requires_pending_extension = false;  // only while an extension request waits
    std::string clock;                        // "", "pause", "resume", "respond", "resolve", "reopen"

    bool allowed_from(std::string_view state) const;
    bool allowed_for(Party p) const;
};

struct Workflow {
    std::string version;
    std::vector<std::string> states;
    std::vector<ActionRule> actions;
    const ActionRule* find(std::string_view name) const;
};

struct SlaLimit {
    int response_hours = 24;
    int resolution_days = 7;
    int max_extension_days = 15;
};

struct SlaPolicy {
    std::string version;
    int warn_percent = 80;
    std::vector<std::string> escalate_to;  // "desk", "city"
    SlaLimit normal, urgent;
    struct Override {
        std::string category, urgency;
        SlaLimit limit;
    };
    std::vector<Override> overrides;
    SlaLimit limit_for(std::string_view category, std::string_view urgency) const;
};

struct Category {
    std::string code, name;
};

struct RoutingRule {
    std::string category;
    std::vector<std::string> cities;  // empty: every city
    std::string lead;
    std::vector<std::string> co;
};

struct Routing {
    std::string version;
    std::vector<Category> categories;
    std::vector<RoutingRule> rules;
    const Category* category(std::string_view code) const;
    // The first rule for `category` whose cities include `city` (or that names no city).
    const RoutingRule* route(std::string_view category, std::string_view city) const;
};

struct DeskRules {
    Workflow workflow;
    SlaPolicy sla;
    Routing routing;
    service_desk::KpiSettings kpi;
    service_desk::WebhookRetryPolicy webhook;
    int webhook_timeout_seconds = 5;
};

// One event of a case as the clocks read it.
struct ClockEvent {
    std::int64_t at = 0;
    std::string clock;       // the action's clock effect ("pause", "resume", "respond", "resolve", "reopen")
    int extension_days = 0;  // > 0: an approved extension sets the resolution limit to this many days
};

enum class ClockState : std::uint8_t { kOk, kWarning, kBreached, kMet, kMissed };
std::string_view clock_state_code(ClockState s);

struct ResponseClock {
    int limit_hours = 0;
    std::int64_t due = 0;
    std::int64_t warn_at = 0;
    std::optional<std::int64_t> responded_at;
    ClockState state = ClockState::kOk;
};

struct ResolutionClock {
    int limit_days = 0;
    std::optional<int> extended_to;
    // The working seconds allowed (each working day counts 24 h, Beijing time; the report's own day
    // counts from the report on) and those used while the clock ran.
    std::int64_t budget_seconds = 0, used_seconds = 0;
    // When the budget runs out (and the warning share of it), if the clock keeps running from now;
    // nullopt while paused.
    std::optional<std::int64_t> due, warn_at;
    std::optional<std::int64_t> resolved_at;
    bool paused = false;
    bool provisional = false;  // a working day crossed lies in a year whose calendar is not loaded
    ClockState state = ClockState::kOk;
};

struct CaseClocks {
    ResponseClock response;
    ResolutionClock resolution;
    // The next moment one of the clocks changes state by time alone (a warning or a breach), or
    // nullopt when none will: what the server's sweep waits for.
    std::optional<std::int64_t> next_change;
};

// The clocks of a case reported at `created_at`, with `events` in time order, at time `now`.
CaseClocks compute_clocks(std::int64_t created_at, const SlaLimit& limit, int warn_percent,
                          const std::vector<ClockEvent>& events, std::int64_t now, const WorkingCalendar& cal);

// The working seconds in [from, to) and the moment `seconds` working seconds after `from`
// (working days count whole, Beijing time). `provisional` is set when a day crossed is not covered.
std::int64_t working_seconds_between(std::int64_t from, std::int64_t to, const WorkingCalendar& cal,
                                     bool* provisional = nullptr);
std::int64_t advance_working_seconds(std::int64_t from, std::int64_t seconds, const WorkingCalendar& cal,
                                     bool* provisional = nullptr);

// The overall state a list shows: for an open case the worst of its clocks (a late response stays
// breached), for a closed case met when both clocks were met.
ClockState case_state(const CaseClocks& c, bool closed);

}  // namespace zx::desk
