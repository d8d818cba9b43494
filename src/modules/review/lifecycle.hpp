// The review lifecycle that every published list shares (award runs, 亩均 evaluations): draft →
// reviewed → approved → publicized (公示, a notice period in working days, objections by the
// enterprises on their own rows) → the module's final status, or withdrawn; separation of duties
// (the creator neither reviews nor approves, the reviewer does not approve), a reason to withdraw a
// publicized list, the final step only after the notice has ended with no objection open, an
// upheld objection withdrawing the list. Each module keeps its own tables with the shared columns
// (Spec) and adds its own checks and effects around these.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "core/working_calendar.hpp"
#include "platform/storage/db.hpp"

namespace zx {

// An enterprise's objection (异议) to its row of a publicized list, and the decision on it.
struct Objection {
    std::int64_t id = 0, subject_id = 0, filed_by = 0, filed_at = 0;
    std::string uscc, name, city, clause, text, status;  // status: open | upheld | rejected | closed
    std::optional<std::int64_t> decided_by, decided_at;
    std::optional<std::string> decision_reason;
};

namespace review {

struct Step {
    const char* from;
    const char* to;
    const Permission* permission;
};

// The tables of one kind of list. Their shared columns:
//   subjects:   id, status, created_by, notice_days, notice_from, notice_until
//   events:     <fk>, from_status, to_status, user_id, at, note, kind
//   objections: id, <fk>, uscc, clause, text, filed_by, filed_at, status, decided_by, decided_at,
//               decision_reason
//   rows:       <fk>, uscc and the column `rows_clause` (an objection names one of the enterprise's rows)
struct Spec {
    std::string subjects, events, objections, rows, fk, rows_clause;
    std::vector<Step> steps;
    std::string final_status;  // reached only after the notice, with no objection open
    const Permission* file_permission = nullptr;
    const Permission* decide_permission = nullptr;
    std::string audit_prefix;  // "run" → run.reviewed, run.objection.file
    Text noun;                 // {"计算批次", "run"}
};

struct Subject {
    std::int64_t id = 0, created_by = 0;
    std::string status;
    int notice_days = 0;
    std::optional<std::int64_t> notice_until;
};

struct Settings {
    int min_notice_days = 5;
    std::shared_ptr<const WorkingCalendar> calendar;  // notice days are working days when set
};

class Lifecycle {
  public:
    Lifecycle(Spec spec, Settings settings) : spec_(std::move(spec)), settings_(std::move(settings)) {}
    const Spec& spec() const { return spec_; }
    const Settings& settings() const { return settings_; }

    Result<Subject> load(db::Connection& c, std::int64_t id) const;
    Status add_event(db::Connection& c, std::int64_t id, const std::string& kind, const std::string& from,
                     const std::string& to, std::int64_t user, std::int64_t at, const std::string& note) const;
    // The end of a notice of `days` published at `published` (the end of the last working day).
    std::int64_t notice_end(std::int64_t published, int days) const;
    std::int64_t open_objections(db::Connection& c, std::int64_t id, Status& st) const;

    // The step from the subject's status to `to`, if the principal may take it now: permission,
    // separation of duties, a reason to withdraw a publicized list, the minimum notice, and for the
    // final step the notice over and no objection open. The module's own checks come after.
    Result<const Step*> check(db::Connection& c, const Principal& who, const Subject& s, const std::string& to,
                              const std::string& note, std::int64_t now) const;
    // Moves the subject (compare-and-set on its status), opens the notice when publicized, records
    // the event, closes open objections when withdrawn. The module writes its audit entry.
    Status apply(db::Connection& c, const Principal& who, const Subject& s, const Step& step, const std::string& note,
                 std::int64_t now) const;

    // 异议: an enterprise on its own rows, during the notice. In one transaction with its audit entry.
    Result<Objection> file_objection(db::Database& db, const Principal& who, const RequestContext& ctx, std::int64_t id,
                                     const std::string& clause, const std::string& text, std::int64_t now) const;
    // Within the principal's scope.
    Result<std::vector<Objection>> objections(db::Database& db, const Principal& who, std::int64_t id) const;
    // "upheld" withdraws a publicized list (to be recomputed) and closes the other objections;
    // "rejected" keeps it, the reason shown to the enterprise.
    Result<Objection> decide_objection(db::Database& db, const Principal& who, const RequestContext& ctx,
                                       std::int64_t id, std::int64_t objection_id, const std::string& decision,
                                       const std::string& reason, std::int64_t now) const;

  private:
    Spec spec_;
    Settings settings_;
    Result<Objection> load_objection(db::Connection& c, std::int64_t id, std::int64_t objection_id) const;
};

// A reason as people write it: at least four characters, blanks around it not counted.
Status need_reason(const std::string& reason, const Text& what);
std::string trimmed(const std::string& s);

}  // namespace review
}  // namespace zx
