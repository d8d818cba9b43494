// Turns a Scope into a SQL condition with bound parameters, never with the scope's text pasted into
// the SQL. A kNone scope (or a department asking for enterprise rows) yields "1=0".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "platform/storage/db.hpp"

namespace zx {

// Appends the condition for rows with columns `city_col` and `uscc_col` (trusted identifiers from
// the code, never from requests) and pushes its parameters; numbering continues from params.size().
std::string enterprise_scope_condition(const Scope& scope, std::string_view city_col, std::string_view uscc_col,
                                       std::vector<db::Value>& params);
// The same for tasks: departments see their own, province/auditor all, others none.
std::string task_scope_condition(const Scope& scope, std::string_view dept_col, std::string_view uscc_col,
                                 std::string_view city_expr, std::vector<db::Value>& params);
// "$n" for the next parameter after pushing v.
std::string bind_param(std::vector<db::Value>& params, db::Value v);

}  // namespace zx
