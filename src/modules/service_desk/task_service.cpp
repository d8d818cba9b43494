#include "modules/service_desk/task_service.hpp"

#include <algorithm>
#include <ctime>

#include "core/json_text.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

constexpr const char* kCols =
    "t.id, t.uscc, e.name, e.city, t.department, t.title, t.detail, t.status, t.created_at, t.updated_at";
constexpr const char* kFrom = " FROM tasks t LEFT JOIN enterprises e ON e.uscc = t.uscc WHERE ";

}  // namespace

Result<Page> TaskService::list(const Principal& who, const std::string& status, const PageRequest& pr) {
    if (!who.can("task:task:read")) return Status::forbidden({"无权查看任务", "not allowed to read tasks"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p;
    std::string where = task_scope_condition(who.scope(), "t.department", "t.uscc", "e.city", p);
    if (!status.empty()) where += " AND t.status = " + bind_param(p, status);
    Page page;
    auto count = (*lease)->query(std::string("SELECT COUNT(*)") + kFrom + where, p);
    if (!count) return count.status();
    page.total = count->rows.at(0).i64(0);
    const int size = std::clamp(pr.page_size, 1, 500);
    const std::int64_t offset = static_cast<std::int64_t>(std::max(pr.page, 1) - 1) * size;
    // Bind before the call: the span over `p` must see every parameter.
    const std::string sql = std::string("SELECT ") + kCols + kFrom + where + " ORDER BY t.id DESC LIMIT " +
                            bind_param(p, std::int64_t{size}) + " OFFSET " + bind_param(p, offset);
    auto rows = (*lease)->query(sql, p);
    if (!rows) return rows.status();
    page.rows = std::move(rows).value();
    return page;
}

Result<db::Rows> TaskService::get(const Principal& who, std::int64_t id) {
    if (!who.can("task:task:read")) return Status::forbidden({"无权查看任务", "not allowed to read tasks"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {id};
    const std::string where =
        "t.id = $1 AND " + task_scope_condition(who.scope(), "t.department", "t.uscc", "e.city", p);
    auto rows = (*lease)->query(std::string("SELECT ") + kCols + kFrom + where, p);
    if (!rows) return rows.status();
    if (rows->empty()) return Status::not_found({"任务不存在", "no such task"});
    return rows;
}

Result<std::int64_t> TaskService::create(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                         const std::string& department, const std::string& title,
                                         const std::string& detail) {
    if (!who.can("task:task:write")) return Status::forbidden({"无权派发任务", "not allowed to dispatch tasks"});
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
    if (!who.can("task:task:resolve") && !who.can("task:task:write"))
        return Status::forbidden({"无权更新任务状态", "not allowed to update tasks"});
    if (status != "open" && status != "in_progress" && status != "resolved")
        return Status::invalid({"status：须为 open、in_progress 或 resolved", "status: open | in_progress | resolved"});
    auto current = get(who, id);  // scope check: another department's task is "not found"
    if (!current) return current.status();
    const std::string before = current->rows[0].str(7);
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {id, status, clock_.now()};
        if (auto r = c.exec("UPDATE tasks SET status = $2, updated_at = $3 WHERE id = $1", p); !r) return r.status();
        return append_audit(c, who, ctx,
                            {"task.status", "task", std::to_string(id), "{\"status\":\"" + before + "\"}",
                             "{\"status\":\"" + status + "\"}"});
    });
}

}  // namespace zx
