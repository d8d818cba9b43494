#include "platform/storage/scope_sql.hpp"

namespace zx {

std::string bind_param(std::vector<db::Value>& params, db::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
}

std::string enterprise_scope_condition(const Scope& s, std::string_view city_col, std::string_view uscc_col,
                                       std::vector<db::Value>& params) {
    switch (s.kind) {
        case Scope::Kind::kProvince:
            return "1=1";
        case Scope::Kind::kCity:
            return std::string(city_col) + " = " + bind_param(params, s.value);
        case Scope::Kind::kEnterprise:
            return std::string(uscc_col) + " = " + bind_param(params, s.value);
        case Scope::Kind::kDepartment:
        case Scope::Kind::kCommissioner:  // the assignments are the service desk's, which scopes itself
        case Scope::Kind::kNone:
            return "1=0";
    }
    return "1=0";
}

std::string task_scope_condition(const Scope& s, std::string_view dept_col, std::string_view uscc_col,
                                 std::string_view city_expr, std::vector<db::Value>& params) {
    switch (s.kind) {
        case Scope::Kind::kProvince:
            return "1=1";
        case Scope::Kind::kDepartment:
            return std::string(dept_col) + " = " + bind_param(params, s.value);
        case Scope::Kind::kCity:
            return std::string(city_expr) + " = " + bind_param(params, s.value);
        case Scope::Kind::kEnterprise:
            return std::string(uscc_col) + " = " + bind_param(params, s.value);
        case Scope::Kind::kCommissioner:
        case Scope::Kind::kNone:
            return "1=0";
    }
    return "1=0";
}

}  // namespace zx
