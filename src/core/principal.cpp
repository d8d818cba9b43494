#include "core/principal.hpp"

#include <array>
#include <utility>

namespace zx {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kCodes = {{
    {Role::kProvinceAdmin, "province_admin"},
    {Role::kCityOfficial, "city_official"},
    {Role::kDeptHandler, "dept_handler"},
    {Role::kEnterprise, "enterprise"},
    {Role::kAuditor, "auditor"},
    {Role::kSystemAdmin, "system_admin"},
    {Role::kSecurityAdmin, "security_admin"},
    {Role::kAuditAdmin, "audit_admin"},
}};

// Permission codes per role. A role not listed has none; the server is the authority, the front
// end only hides buttons with the same codes.
struct Grant {
    Role role;
    std::string_view permission;
};
constexpr Grant kGrants[] = {
    {Role::kProvinceAdmin, "data:enterprise:read"},
    {Role::kProvinceAdmin, "data:enterprise:write"},
    {Role::kProvinceAdmin, "data:output:read"},
    {Role::kProvinceAdmin, "data:upload:write"},
    {Role::kProvinceAdmin, "data:progress:read"},
    {Role::kProvinceAdmin, "run:run:read"},
    {Role::kProvinceAdmin, "run:run:create"},
    {Role::kProvinceAdmin, "run:run:review"},
    {Role::kProvinceAdmin, "run:run:approve"},
    {Role::kProvinceAdmin, "run:run:publish"},
    {Role::kProvinceAdmin, "run:run:disburse"},
    {Role::kProvinceAdmin, "run:run:export"},
    {Role::kProvinceAdmin, "run:ledger:read"},
    {Role::kProvinceAdmin, "task:task:read"},
    {Role::kProvinceAdmin, "task:task:write"},
    {Role::kProvinceAdmin, "policy:policy:read"},
    {Role::kProvinceAdmin, "data:contact:read"},
    {Role::kProvinceAdmin, "data:contact:reveal"},

    {Role::kCityOfficial, "data:enterprise:read"},
    {Role::kCityOfficial, "data:output:read"},
    {Role::kCityOfficial, "data:output:verify"},
    {Role::kCityOfficial, "data:output:revise"},
    {Role::kCityOfficial, "data:upload:write"},
    {Role::kCityOfficial, "data:progress:read"},
    {Role::kCityOfficial, "run:run:read"},
    {Role::kCityOfficial, "run:run:export"},
    {Role::kCityOfficial, "run:ledger:read"},
    {Role::kCityOfficial, "policy:policy:read"},
    {Role::kCityOfficial, "task:task:read"},
    {Role::kCityOfficial, "data:contact:read"},
    {Role::kCityOfficial, "data:contact:reveal"},
    {Role::kCityOfficial, "data:contact:write"},

    {Role::kDeptHandler, "task:task:read"},
    {Role::kDeptHandler, "task:task:resolve"},
    {Role::kDeptHandler, "policy:policy:read"},

    {Role::kEnterprise, "data:enterprise:read"},
    {Role::kEnterprise, "data:output:read"},
    {Role::kEnterprise, "run:run:read"},
    {Role::kEnterprise, "run:ledger:read"},
    {Role::kEnterprise, "policy:policy:read"},
    {Role::kEnterprise, "data:contact:read"},
    {Role::kEnterprise, "data:contact:reveal"},
    {Role::kEnterprise, "data:contact:write"},

    {Role::kAuditor, "data:enterprise:read"},
    {Role::kAuditor, "data:output:read"},
    {Role::kAuditor, "data:progress:read"},
    {Role::kAuditor, "run:run:read"},
    {Role::kAuditor, "run:run:export"},
    {Role::kAuditor, "run:ledger:read"},
    {Role::kAuditor, "task:task:read"},
    {Role::kAuditor, "policy:policy:read"},
    {Role::kAuditor, "data:contact:read"},

    {Role::kSystemAdmin, "system:user:read"},
    {Role::kSystemAdmin, "system:user:write"},
    {Role::kSystemAdmin, "policy:policy:read"},

    {Role::kSecurityAdmin, "security:settings:read"},
    {Role::kSecurityAdmin, "security:settings:write"},
    {Role::kSecurityAdmin, "security:session:read"},
    {Role::kSecurityAdmin, "security:session:revoke"},
    {Role::kSecurityAdmin, "security:user:unlock"},
    {Role::kSecurityAdmin, "system:user:read"},

    {Role::kAuditAdmin, "audit:log:read"},
    {Role::kAuditAdmin, "audit:log:export"},
};

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
        case Role::kSystemAdmin:
        case Role::kSecurityAdmin:
        case Role::kAuditAdmin:  // administrators of the system, not readers of its business data
        case Role::kNone:
            break;
    }
    return Scope::none();
}

bool Principal::can(std::string_view permission) const {
    if (!is_authenticated()) return false;
    for (const Grant& g : kGrants)
        if (g.role == role && g.permission == permission) return true;
    return false;
}

std::vector<std::string_view> Principal::permissions() const {
    std::vector<std::string_view> out;
    if (!is_authenticated()) return out;
    for (const Grant& g : kGrants)
        if (g.role == role) out.push_back(g.permission);
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
        case Scope::Kind::kNone:
            return false;
    }
    return false;
}

}  // namespace zx
