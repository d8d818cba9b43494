// Who is asking, and what they may see. The data scope is resolved once per request from the
// session and passed as a typed value into every query: deny by default, so a query given no scope
// returns nothing, never everything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

enum class Role : std::uint8_t {
    kNone,
    kProvinceAdmin,  // 工业和信息化厅: runs the policy, approves award lists
    kCityOfficial,   // one of the 14 city bureaus
    kDeptHandler,    // a responsible department (e.g. 人力资源社会保障厅)
    kEnterprise,     // one enterprise (USCC)
    kAuditor,        // reads everything, changes nothing
    // 三员分立: three separate administrators, none of whom sees business data.
    kSystemAdmin,    // 系统管理员: accounts (create, disable, reset passwords)
    kSecurityAdmin,  // 安全管理员: security settings, online sessions, unlocks
    kAuditAdmin,     // 审计管理员: the only reader and exporter of the audit log
    kCommissioner,   // 工业振兴特派员: serves the enterprises assigned to them (service desk)
};

std::string_view role_code(Role r);  // "province_admin", ...
// Every role that can hold an account, in a fixed order (tests iterate over it).
inline constexpr Role kAllRoles[] = {Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler,
                                     Role::kEnterprise,    Role::kAuditor,      Role::kSystemAdmin,
                                     Role::kSecurityAdmin, Role::kAuditAdmin,   Role::kCommissioner};

using RoleSet = std::uint16_t;
constexpr RoleSet role_bit(Role r) {
    return static_cast<RoleSet>(1u << static_cast<unsigned>(r));
}
template <typename... R>
constexpr RoleSet roles(R... r) {
    return static_cast<RoleSet>((role_bit(r) | ...));
}

// A permission "module:entity:action" and the roles granted it. Each module defines its permissions
// once, as constants in modules/<name>/permissions.hpp: its routes name them (the server checks them
// and the OpenAPI document shows them), its service checks them, /api/auth/me lists them for the
// front end's buttons. A role not granted a permission does not have it; there is no other table.
struct Permission {
    std::string_view code;
    RoleSet granted = 0;
    constexpr bool granted_to(Role r) const { return r != Role::kNone && (granted & role_bit(r)) != 0; }
};
std::optional<Role> parse_role(std::string_view code);
std::string_view role_name_zh(Role r);

// The rows a principal may read. Kind kNone matches nothing.
struct Scope {
    // kCommissioner: the enterprises assigned to one commissioner (value: the user id), which only the
    // service desk knows; elsewhere it matches nothing.
    enum class Kind : std::uint8_t { kNone, kProvince, kCity, kDepartment, kEnterprise, kCommissioner };
    Kind kind = Kind::kNone;
    std::string value;  // city name, department name, USCC or commissioner's user id

    static Scope none() { return {}; }
    static Scope province() { return {Kind::kProvince, ""}; }
    bool is_none() const { return kind == Kind::kNone; }
    std::string describe() const;  // "province", "city:南宁市", ...
};

struct Principal {
    std::int64_t user_id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::kNone;
    std::string city;        // kCityOfficial; kCommissioner: the city served (optional)
    std::string department;  // kDeptHandler
    std::string uscc;        // kEnterprise
    bool must_change_password = false;

    // The data scope of this principal (deny by default for unknown roles).
    Scope scope() const;
    // One account has one role; a person with two duties has two accounts (三员分立 keeps the three
    // administrators apart, and a role's scope is never widened by another's).
    bool can(const Permission& permission) const { return is_authenticated() && permission.granted_to(role); }
    bool is_authenticated() const { return user_id > 0 && role != Role::kNone; }
};

// The codes of `catalog` (every module's permissions, app/catalog) that `p` holds, in catalog order.
std::vector<std::string_view> permissions_of(const Principal& p, const std::vector<const Permission*>& catalog);

// Where a request came from, recorded with every change it makes.
struct RequestContext {
    std::string ip;
    std::string request_id;
};

// Whether a record belonging to (city, uscc) is inside the scope. Departments see no enterprise data
// (only their tasks); provinces and auditors see all.
bool scope_allows_enterprise(const Scope& s, std::string_view city, std::string_view uscc);

}  // namespace zx
