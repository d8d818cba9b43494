#include "modules/service_desk/task_service.hpp"

#include "modules/service_desk/permissions.hpp"

#include <algorithm>
#include <ctime>

#include "core/json_text.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

constexpr const char* kCols =
    "t.id, t.uscc, e.name, e.city, t.department, t.title, t.detail, t.status, t.created_at, t.updated_at";
constexpr const char* kFrom = " FROM tasks t LEFT JOIN enterprises e ON e.uscc = t.uscc WHERE ";

}  // namespace

namespace {

TaskRecord task_from_row(const db::Row& r) {
    // kCols: t.id, t.uscc, e.name, e.city, t.department, t.title, t.detail, t.status, t.created_at, t.updated_at
    TaskRecord t;
    t.id = r.i64(0);
    t.uscc = db::opt_str(r, 1);
    t.name = db::opt_str(r, 2);
    t.city = db::opt_str(r, 3);
    t.department = r.str(4);
    t.title = r.str(5);
    t.detail = r.str(6);
    t.status = r.str(7);
    t.created_at = r.i64(8);
    t.updated_at = r.i64(9);
    return t;
}

}  // namespace

Result<Page<TaskRecord>> TaskService::list(const Principal& who, const std::string& status, const PageRequest& pr) {
    if (!who.can(perm::kTaskRead)) return Status::forbidden({"无权查看任务", "not allowed to read tasks"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q(kCols, "tasks t LEFT JOIN enterprises e ON e.uscc = t.uscc");
    q.where(task_scope_condition(who.scope(), "t.department", "t.uscc", "e.city", q.params()));
    q.where_if("t.status", "=", status);
    q.order_by("t.id DESC");
    return db::map_page<TaskRecord>(q.page(**lease, pr), task_from_row);
}

Result<TaskRecord> TaskService::get(const Principal& who, std::int64_t id) {
    if (!who.can(perm::kTaskRead)) return Status::forbidden({"无权查看任务", "not allowed to read tasks"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {id};
    const std::string where =
        "t.id = $1 AND " + task_scope_condition(who.scope(), "t.department", "t.uscc", "e.city", p);
    auto rows = (*lease)->query(std::string("SELECT ") + kCols + kFrom + where, p);
    if (!rows) return rows.status();
    if (rows->empty()) return Status::not_found({"任务不存在", "no such task"});
    return task_from_row(rows->rows[0]);
}

Result<std::int64_t> TaskService::create(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                         const std::string& department, const std::string& title,
                                         const std::string& detail) {
    if (!who.can(perm::kTaskWrite)) return Status::forbidden({"无权派发任务", "not allowed to dispatch tasks"});
    if (department.empty() || title.empty() || title.size() > 500 || detail.size() > 10000)
        return Status::invalid({"须填写责任单位和标题（标题不超过500字节，详情不超过10000字节）",
                                "department and title are required (title ≤ 500, detail ≤ 10000 bytes)"});
    std::int64_t id = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {uscc, department, title, detail, clock_.now()};
        auto r = c.query(
            "INSERT INTO tasks (uscc, department, title, detail, status, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, 'open', $5, $5) RETURNING id",
            p);
        if (!r) return r.status();
        id = r->rows.at(0).i64(0);
        std::string after = "{\"uscc\":";
        append_json_string(after, uscc);
        after += ",\"department\":";
        append_json_string(after, department);
        after += "}";
        return append_audit(c, who, ctx, {"task.create", "task", std::to_string(id), "", after});
    });
    if (!st) return st;
    return id;
}

Status TaskService::set_status(const Principal& who, const RequestContext& ctx, std::int64_t id,
                               const std::string& status) {
    if (!who.can(perm::kTaskResolve)) return Status::forbidden({"无权更新任务状态", "not allowed to update tasks"});
    if (status != "open" && status != "in_progress" && status != "resolved")
        return Status::invalid({"status：须为 open、in_progress 或 resolved", "status: open | in_progress | resolved"});
    auto current = get(who, id);  // scope check: another department's task is "not found"
    if (!current) return current.status();
    const std::string before = current->status;
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {id, status, clock_.now()};
        if (auto r = c.exec("UPDATE tasks SET status = $2, updated_at = $3 WHERE id = $1", p); !r) return r.status();
        return append_audit(c, who, ctx,
                            {"task.status", "task", std::to_string(id), "{\"status\":\"" + before + "\"}",
                             "{\"status\":\"" + status + "\"}"});
    });
}

}  // namespace zx
