#include "modules/service_desk/task_service.hpp"

#include "modules/service_desk/permissions.hpp"

#include <algorithm>
#include <ctime>

#include "core/department.hpp"
#include "core/json_text.hpp"
#include "core/uscc.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

Text unknown_department_hint() {
    return {"可选的责任单位见 GET /api/departments", "see GET /api/departments for the departments"};
}

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

Result<Page<TaskRecord>> TaskService::list(const Principal& who, const TaskFilter& f, const PageRequest& pr) {
    if (!who.can(perm::kTaskRead)) return Status::forbidden({"无权查看任务", "not allowed to read tasks"});
    if (auto s = check_filter("status", f.status, {"open", "in_progress", "resolved"}); !s) return s;
    std::string department;
    if (!f.department.empty()) {
        const auto list = responsible_departments();
        const Department* d = list->find(f.department);
        if (d == nullptr) return filter_error("department", f.department, unknown_department_hint());
        department = d->name;
    }
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q(kCols, "tasks t LEFT JOIN enterprises e ON e.uscc = t.uscc");
    q.where(task_scope_condition(who.scope(), "t.department", "t.uscc", "e.city", q.params()));
    q.where_if("t.status", "=", f.status);
    q.where_if("t.department", "=", department);
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
    if (title.empty() || title.size() > 500 || detail.size() > 10000)
        return Status::invalid({"须填写标题（标题不超过500字节，详情不超过10000字节）",
                                "a title is required (title ≤ 500, detail ≤ 10000 bytes)"});
    // One list of departments (policies/departments.toml), by name or code; the task keeps the name.
    const auto departments = responsible_departments();
    const Department* dept = departments->find(department);
    if (dept == nullptr) {
        const Text hint = unknown_department_hint();
        return Status::invalid({"department：未知的责任单位“" + department + "”，" + hint.zh,
                                "department: unknown department \"" + department + "\"; " + hint.en});
    }
    if (!uscc.empty() && validate_uscc(uscc) != UsccError::kNone)
        return Status::invalid(
            {"uscc：“" + uscc + "”不是有效的统一社会信用代码", "uscc: \"" + uscc + "\" is not a valid USCC"});
    std::int64_t id = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        if (!uscc.empty()) {
            const db::Value q[] = {uscc};
            auto e = c.query("SELECT 1 FROM enterprises WHERE uscc = $1", q);
            if (!e) return e.status();
            if (e->empty())
                return Status::invalid({"uscc：企业名录中没有 " + uscc, "uscc: no enterprise " + uscc + " on record"});
        }
        const db::Value p[] = {uscc, dept->name, title, detail, clock_.now()};
        auto r = c.query(
            "INSERT INTO tasks (uscc, department, title, detail, status, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, 'open', $5, $5) RETURNING id",
            p);
        if (!r) return r.status();
        id = r->rows.at(0).i64(0);
        std::string after = "{\"uscc\":";
        append_json_string(after, uscc);
        after += ",\"department\":";
        append_json_string(after, dept->name);
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
