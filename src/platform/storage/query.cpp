#include "platform/storage/query.hpp"

#include <algorithm>

namespace zx::db {

std::string Query::bind(Value v) {
    params_.push_back(std::move(v));
    return "$" + std::to_string(params_.size());
}

Query& Query::where(std::string condition) {
    conditions_.push_back(std::move(condition));
    return *this;
}

Query& Query::where_if(std::string_view column, std::string_view op, const std::string& value) {
    if (value.empty()) return *this;
    return where(std::string(column) + " " + std::string(op) + " " + bind(value));
}

Query& Query::order_by(std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> allowed) {
    order_ = allowed.size() ? std::string(allowed.begin()->second) : std::string();
    for (const auto& [k, sql] : allowed)
        if (k == key) order_ = sql;
    return *this;
}

Query& Query::order_by(std::string order_sql) {
    order_ = std::move(order_sql);
    return *this;
}

std::string Query::where_sql() const {
    if (conditions_.empty()) return "1=1";
    std::string w;
    for (const auto& c : conditions_) w += (w.empty() ? "" : " AND ") + c;
    return w;
}

Result<std::int64_t> Query::count(Connection& c) const {
    auto r = c.query("SELECT COUNT(*) FROM " + from_ + " WHERE " + where_sql(), params_);
    if (!r) return r.status();
    return r->rows.at(0).i64(0);
}

std::string Query::select_sql() const {
    return "SELECT " + columns_ + " FROM " + from_ + " WHERE " + where_sql() +
           (order_.empty() ? "" : " ORDER BY " + order_);
}

Result<db::Rows> Query::rows(Connection& c, const PageRequest& pr) const {
    const int size = std::clamp(pr.page_size, 1, kMaxPageSize);
    const std::int64_t offset = static_cast<std::int64_t>(std::max(pr.page, 1) - 1) * size;
    std::vector<Value> p = params_;
    p.emplace_back(std::int64_t{size});
    p.emplace_back(offset);
    return c.query(select_sql() + " LIMIT $" + std::to_string(p.size() - 1) + " OFFSET $" + std::to_string(p.size()),
                   p);
}

Result<db::Rows> Query::first(Connection& c, int limit) const {
    std::vector<Value> p = params_;
    p.emplace_back(std::int64_t{std::max(limit, 1)});
    return c.query(select_sql() + " LIMIT $" + std::to_string(p.size()), p);
}

Result<RowPage> Query::page(Connection& c, const PageRequest& pr) const {
    RowPage page;
    auto n = count(c);
    if (!n) return n.status();
    page.total = *n;
    auto r = rows(c, pr);
    if (!r) return r.status();
    page.rows = std::move(r).value();
    return page;
}

}  // namespace zx::db
