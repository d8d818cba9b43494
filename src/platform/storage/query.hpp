// A list query built from optional filters: every value is a bound parameter, conditions are
// ANDed, the order comes from a whitelist, and paging (LIMIT/OFFSET, with the page size clamped) is
// added last, so no caller has to remember to bind before building the SQL.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/page.hpp"
#include "core/status.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/page.hpp"

namespace zx::db {

class Query {
  public:
    // `columns` and `from` are SQL from the code ("o.uscc, e.name", "output o JOIN enterprises e ON ...").
    Query(std::string columns, std::string from) : columns_(std::move(columns)), from_(std::move(from)) {}

    // Binds `v` and returns its placeholder ("$3") for a condition built by the caller.
    std::string bind(Value v);
    // The parameters bound so far (for conditions that bind themselves, e.g. scope conditions).
    std::vector<Value>& params() { return params_; }
    // ANDs a condition (SQL from the code, values through bind()).
    Query& where(std::string condition);
    // "column op value", only when `value` is not empty (an absent filter narrows nothing).
    Query& where_if(std::string_view column, std::string_view op, const std::string& value);
    // ORDER BY of `key` among `allowed` (request key → SQL from the code); the first when unknown.
    Query& order_by(std::string_view key, std::initializer_list<std::pair<std::string_view, std::string_view>> allowed);
    Query& order_by(std::string order_sql);

    // The WHERE clause so far ("1=1" when empty), e.g. as a cache key with the parameters.
    std::string where_sql() const;
    // COUNT(*) of the matching rows, then one page of them.
    Result<RowPage> page(Connection& c, const PageRequest& pr) const;
    // One page of them with a total the caller already knows (a cached count).
    Result<db::Rows> rows(Connection& c, const PageRequest& pr) const;
    Result<std::int64_t> count(Connection& c) const;
    // The first `limit` matching rows in order (keyset paging: the caller adds "id > $n").
    Result<db::Rows> first(Connection& c, int limit) const;

  private:
    std::string select_sql() const;  // SELECT … WHERE … ORDER BY …, without paging

    std::string columns_, from_, order_;
    std::vector<std::string> conditions_;
    std::vector<Value> params_;
};

}  // namespace zx::db
