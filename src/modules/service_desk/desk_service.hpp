// 工业振兴特派员服务台: cases reported at any hour, dispatched at once by the routing rules, handled by
// their lead department (首接负责) with co-handlers' sub-tasks, on clocks computed from each case's event
// log over the working calendar (docs/service-desk.md). Every change is one transaction with its event,
// its notifications and its audit entry.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "core/working_calendar.hpp"
#include "modules/service_desk/rules/desk_rules.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct DeskAttachmentIn {
    std::string filename;
    std::string bytes;
};

struct NewCase {
    std::string uscc;  // implied for an enterprise account
    std::string category, urgency, title, description;
    std::vector<DeskAttachmentIn> attachments;
};

struct DeskAttachment {
    std::string sha256, filename, content_type;
    std::int64_t size = 0;
};

struct DeskSubtask {
    std::int64_t id = 0, case_id = 0;
    std::string department, status;
    std::int64_t created_at = 0, due = 0;
    bool provisional = false;
    std::optional<std::int64_t> accepted_at, done_at;
    std::string note;
    std::string sla_state;  // ok | warning | breached | met | missed
};

struct DeskEvent {
    std::int64_t id = 0, at = 0;
    std::string action, from, to, actor_name, actor_role, actor_unit, reason, department;
    std::optional<int> rating, extension_days;
};

struct CaseRecord {
    std::int64_t id = 0;
    std::string uscc, enterprise_name, city, category, urgency, title, description, status, lead_department;
    std::vector<std::string> co_departments;
    std::int64_t reporter_id = 0, created_at = 0, updated_at = 0;
    std::optional<std::int64_t> responded_at, resolved_at, closed_at;
    std::optional<int> rating;
    std::optional<int> extension_requested;  // days asked for, while the request waits
    std::vector<std::int64_t> possible_duplicates;
    std::optional<std::string> external_source, external_id;
    bool escalated = false;
    // As stored with the last event or sweep (the list's view); get() recomputes them.
    std::int64_t response_due = 0;
    std::optional<std::int64_t> resolution_due;
    bool provisional = false;
    std::string sla_state;
};

struct CaseDetail {
    CaseRecord c;
    std::string reporter_name;
    std::vector<DeskAttachment> attachments;
    std::vector<DeskSubtask> subtasks;
    std::vector<DeskEvent> events;
    desk::CaseClocks clocks;
    std::vector<const desk::ActionRule*> actions;  // what the asking user may do now
};

struct CaseFilter {
    std::string status, category, urgency, city, department, uscc, sla, q;
    bool duplicates_only = false;
};

struct ActionRequest {
    std::string action, reason, department;
    std::optional<int> rating, extension_days;
};

struct ReportOutcome {
    CaseDetail detail;
    bool replayed = false;  // the same Idempotency-Key again: the case it made the first time
};

struct DeskTask {
    std::string kind;  // "lead" | "subtask"
    std::int64_t id = 0, case_id = 0;
    std::string department, title, status, city, category, urgency, sla_state;
    std::optional<std::int64_t> due;
};

struct CoverageFilter {
    std::string city, covered, commissioner;  // covered: "true" | "false" | ""; commissioner: user id or "me"
};

struct CoverageRow {
    std::string uscc, name, city, industry;
    std::optional<std::int64_t> commissioner_id;
    std::string commissioner_name;
    std::int64_t open_cases = 0;
};

struct Commissioner {
    std::int64_t id = 0;
    std::string username, display_name, city;
    std::int64_t assigned = 0;
};

struct DeskNotification {
    std::int64_t id = 0;
    std::optional<std::int64_t> case_id;
    std::string kind, text, text_en;
    std::int64_t created_at = 0;
    bool read = false;
};

// A case of another system (the 12345 hotline, 桂商码): its source and its id there.
struct ExternalRef {
    std::string source, id, reported_at;
};

// One line of an exchange file: a case another system took.
struct ExchangeCase {
    std::int64_t line = 0;  // in the file (CSV) or the index + 1 (JSON)
    ExternalRef ref;
    NewCase c;
};

struct ImportOutcome {
    std::int64_t created = 0, existing = 0;  // existing: seen before by (source, external id), left as they are
    std::vector<std::int64_t> ids;           // every line's case, in order
};

// A case as the exchange answers it back to its source.
struct ExchangeAnswer {
    std::int64_t id = 0;
    std::string source, external_id, status, lead_department, reply;
    std::optional<std::int64_t> responded_at, resolved_at, closed_at;
    std::optional<int> rating;
    std::int64_t updated_at = 0;
};

struct Webhook {
    std::int64_t id = 0;
    std::string department, url;
    bool enabled = true;
    std::string secret;  // only when just created or rotated; never read back
    std::int64_t updated_at = 0, pending = 0, failed = 0;
};

struct WebhookDelivery {
    std::int64_t id = 0, webhook_id = 0;
    std::optional<std::int64_t> case_id;
    std::string department, event, status, last_error;
    int attempts = 0;
    std::optional<int> last_status;
    std::optional<std::int64_t> next_at, delivered_at;
    std::int64_t created_at = 0;
};

// Sends one webhook request: (url, headers, body) → the HTTP status, or an IoError.
using WebhookSender = std::function<Result<int>(
    const std::string&, const std::vector<std::pair<std::string, std::string>>&, const std::string&)>;

struct KpiQuery {
    std::string from, to, group;  // dates YYYY-MM-DD (Beijing) of submission; group department|city|category|week
};

class DeskService {
  public:
    DeskService(db::Database& db, std::shared_ptr<const desk::DeskRules> rules,
                std::shared_ptr<const WorkingCalendar> calendar, const Clock& clock = system_clock());

    // Whether the rules files loaded (the routes answer 503-like Internal without them).
    bool ready() const { return rules_ != nullptr; }
    const desk::DeskRules* rules() const { return rules_.get(); }
    // The same desk (rules, calendar, database) on another clock: the demo seed's history.
    DeskService with_clock(const Clock& clock) const { return DeskService(db_, rules_, calendar_, clock); }

    Result<ReportOutcome> report(const Principal& who, const RequestContext& ctx, const NewCase& c,
                                 const std::string& idempotency_key);
    Result<Page<CaseRecord>> list(const Principal& who, const CaseFilter& f, const PageRequest& p);
    Result<CaseDetail> get(const Principal& who, std::int64_t id);
    Result<CaseDetail> act(const Principal& who, const RequestContext& ctx, std::int64_t id, const ActionRequest& a);
    Status subtask_act(const Principal& who, const RequestContext& ctx, std::int64_t subtask_id,
                       const std::string& action, const std::string& note);
    // The attachment's bytes, for a user who may read the case.
    Result<std::pair<DeskAttachment, std::string>> attachment(const Principal& who, std::int64_t case_id,
                                                              const std::string& sha256);

    // 任务清单: a department's lead cases and sub-tasks not done (the province names `department`).
    Result<Page<DeskTask>> tasks(const Principal& who, const std::string& department, const PageRequest& p);
    // 企业清单 and commissioners.
    Result<Page<CoverageRow>> coverage(const Principal& who, const CoverageFilter& f, const PageRequest& p);
    Result<std::vector<Commissioner>> commissioners(const Principal& who);
    Result<int> assign(const Principal& who, const RequestContext& ctx, const std::vector<std::string>& usccs,
                       std::int64_t commissioner_id);
    // Uncovered enterprises (of `city`, or all the caller may manage) to the least-loaded commissioner of
    // the same city, then of any city.
    Result<int> auto_assign(const Principal& who, const RequestContext& ctx, const std::string& city);

    Result<std::pair<std::int64_t, std::vector<DeskNotification>>> notifications(const Principal& who, int limit);
    Status mark_read(const Principal& who, const std::vector<std::int64_t>& ids, bool all);

    // The exchange with other systems: cases imported all-or-nothing (every defect named by line and
    // field), each (source, external id) once however often it is sent; and answered back.
    Result<ImportOutcome> import_cases(const Principal& who, const RequestContext& ctx,
                                       const std::vector<ExchangeCase>& cases);
    Result<std::vector<ExchangeAnswer>> exchange_answers(const Principal& who, const std::string& source,
                                                         std::int64_t since, int limit);

    // Outbound webhooks per department (docs/service-desk.md).
    Result<std::vector<Webhook>> webhooks(const Principal& who);
    // Creates or changes the department's webhook; a new one, or `rotate`, returns a new secret once.
    Result<Webhook> set_webhook(const Principal& who, const RequestContext& ctx, const std::string& department,
                                const std::string& url, bool enabled, bool rotate);
    Result<Page<WebhookDelivery>> deliveries(const Principal& who, const std::string& status, const PageRequest& p);
    // Sends the deliveries due by now (at most `limit`), signed, and records each outcome; a failure is
    // retried on the schedule of webhooks.toml, then marked failed. Returns how many it attempted.
    Result<int> deliver_webhooks(const WebhookSender& send, int limit = 100);

    // The cases submitted from..to (Beijing dates) in scope, as the KPIs count them now.
    Result<std::vector<service_desk::KpiCase>> kpi_facts(const Principal& who, const KpiQuery& q);

    // Warnings and escalations due by now: appends the 'warn' and 'escalate' events with their
    // notifications. Returns how many cases it changed. The server runs it every minute.
    Result<int> sweep();
    // Recomputes the stored clocks of every open case whose deadline was provisional (after a year's
    // calendar is added). Returns how many changed.
    Result<int> recompute_provisional();

  private:
    Result<CaseDetail> detail(const Principal& who, std::int64_t id, bool scoped);
    Status insert_case(db::Connection& c, const Principal& who, const RequestContext& ctx, const std::string& uscc,
                       const NewCase& in, const std::vector<DeskAttachment>& files, const std::string& key,
                       const std::string& hash, const ExternalRef& external, std::int64_t now, std::int64_t& id);

    db::Database& db_;
    std::shared_ptr<const desk::DeskRules> rules_;
    std::shared_ptr<const WorkingCalendar> calendar_;
    const Clock& clock_;
};

}  // namespace zx
