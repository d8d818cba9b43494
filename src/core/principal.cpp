#include "core/principal.hpp"

#include <array>
#include <utility>

namespace zx {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 9> kCodes = {{
    {Role::kProvinceAdmin, "province_admin"},
    {Role::kCityOfficial, "city_official"},
    {Role::kDeptHandler, "dept_handler"},
    {Role::kEnterprise, "enterprise"},
    {Role::kAuditor, "auditor"},
    {Role::kSystemAdmin, "system_admin"},
    {Role::kSecurityAdmin, "security_admin"},
    {Role::kAuditAdmin, "audit_admin"},
    {Role::kCommissioner, "commissioner"},
}};

}  // namespace

std::string_view role_code(Role r) {
    for (const auto& [role, code] : kCodes)
        if (role == r) return code;
    return "none";
}

std::optional<Role> parse_role(std::string_view code) {
    for (const auto& [role, c] : kCodes)
        if (c == code) return role;
    return std::nullopt;
}

std::string_view role_name_zh(Role r) {
    switch (r) {
        case Role::kProvinceAdmin:
            return "自治区工业和信息化厅";
        case Role::kCityOfficial:
            return "设区市工信部门";
        case Role::kDeptHandler:
            return "责任单位";
        case Role::kEnterprise:
            return "企业";
        case Role::kAuditor:
            return "审计";
        case Role::kSystemAdmin:
            return "系统管理员";
        case Role::kSecurityAdmin:
            return "安全管理员";
        case Role::kAuditAdmin:
            return "审计管理员";
        case Role::kCommissioner:
            return "工业振兴特派员";
        case Role::kNone:
            break;
    }
    return "无";
}

std::string Scope::describe() const {
    switch (kind) {
        case Kind::kNone:
            return "none";
        case Kind::kProvince:
            return "province";
        case Kind::kCity:
            return "city:" + value;
        case Kind::kDepartment:
            return "department:" + value;
        case Kind::kEnterprise:
            return "enterprise:" + value;
        case Kind::kCommissioner:
            return "commissioner:" + value;
    }
    return "none";
}

Scope Principal::scope() const {
    switch (role) {
        case Role::kProvinceAdmin:
        case Role::kAuditor:
            return Scope::province();
        case Role::kCityOfficial:
            return city.empty() ? Scope::none() : Scope{Scope::Kind::kCity, city};
        case Role::kDeptHandler:
            return department.empty() ? Scope::none() : Scope{Scope::Kind::kDepartment, department};
        case Role::kEnterprise:
            return uscc.empty() ? Scope::none() : Scope{Scope::Kind::kEnterprise, uscc};
        case Role::kCommissioner:
            return user_id <= 0 ? Scope::none() : Scope{Scope::Kind::kCommissioner, std::to_string(user_id)};
        case Role::kSystemAdmin:
        case Role::kSecurityAdmin:
        case Role::kAuditAdmin:  // administrators of the system, not readers of its business data
        case Role::kNone:
            break;
    }
    return Scope::none();
}

std::vector<std::string_view> permissions_of(const Principal& p, const std::vector<const Permission*>& catalog) {
    std::vector<std::string_view> out;
    for (const Permission* perm : catalog)
        if (p.can(*perm)) out.push_back(perm->code);
    return out;
}

bool scope_allows_enterprise(const Scope& s, std::string_view city, std::string_view uscc) {
    switch (s.kind) {
        case Scope::Kind::kProvince:
            return true;
        case Scope::Kind::kCity:
            return s.value == city;
        case Scope::Kind::kEnterprise:
            return s.value == uscc;
        case Scope::Kind::kDepartment:
        case Scope::Kind::kCommissioner:  // the assignments are the service desk's
        case Scope::Kind::kNone:
            return false;
    }
    return false;
}

}  // namespace zx
