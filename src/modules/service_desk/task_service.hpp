// 任务清单: problems dispatched to the responsible departments. This is the minimum the roles need
// now (a department sees and resolves only its tasks); the 24-hour service desk builds on it.
#pragma once

#include "core/clock.hpp"

#include <optional>
#include <string>

#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/page.hpp"

namespace zx {

// A problem dispatched to a responsible department (name and city are the enterprise's, when the
// task concerns one).
struct TaskRecord {
    std::int64_t id = 0;
    std::optional<std::string> uscc, name, city;
    std::string department, title, detail, status;
    std::int64_t created_at = 0, updated_at = 0;
};

struct TaskFilter {
    std::string status;      // open | in_progress | resolved, optional
    std::string department;  // a department of the list (name or code), optional
};

class TaskService {
  public:
    explicit TaskService(db::Database& db, const Clock& clock = system_clock()) : db_(db), clock_(clock) {}
    // An unknown status or department is a DataError naming the parameter (not an empty list).
    Result<Page<TaskRecord>> list(const Principal& who, const TaskFilter& f, const PageRequest& p);
    // NotFound outside the scope.
    Result<TaskRecord> get(const Principal& who, std::int64_t id);
    // `department` must be one of responsible_departments() (by name or code; the name is kept), and
    // `uscc`, when given, an enterprise on record; otherwise InvalidArgument.
    Result<std::int64_t> create(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                const std::string& department, const std::string& title, const std::string& detail);
    // status: open | in_progress | resolved.
    Status set_status(const Principal& who, const RequestContext& ctx, std::int64_t id, const std::string& status);

  private:
    db::Database& db_;
    const Clock& clock_;
};

}  // namespace zx
