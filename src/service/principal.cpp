#include "service/principal.hpp"

#include <array>
#include <utility>

namespace zx {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kCodes = {{
    {Role::kProvinceAdmin, "province_admin"},
    {Role::kCityOfficial, "city_official"},
    {Role::kDeptHandler, "dept_handler"},
    {Role::kEnterprise, "enterprise"},
    {Role::kAuditor, "auditor"},
}};

// Permission codes per role. A role not listed has none; the server is the authority, the front
// end only hides buttons with the same codes.
struct Grant {
  Role role;
  std::string_view permission;
};
constexpr Grant kGrants[] = {
    {Role::kProvinceAdmin, "data:enterprise:read"}, {Role::kProvinceAdmin, "data:enterprise:write"},
    {Role::kProvinceAdmin, "data:output:read"},     {Role::kProvinceAdmin, "data:upload:write"},
    {Role::kProvinceAdmin, "data:progress:read"},   {Role::kProvinceAdmin, "run:run:read"},
    {Role::kProvinceAdmin, "run:run:create"},       {Role::kProvinceAdmin, "run:run:review"},
    {Role::kProvinceAdmin, "run:run:approve"},      {Role::kProvinceAdmin, "run:run:publish"},
    {Role::kProvinceAdmin, "run:run:disburse"},     {Role::kProvinceAdmin, "run:run:export"},
    {Role::kProvinceAdmin, "run:ledger:read"},      {Role::kProvinceAdmin, "system:user:read"},
    {Role::kProvinceAdmin, "system:user:write"},    {Role::kProvinceAdmin, "task:task:read"},
    {Role::kProvinceAdmin, "task:task:write"},      {Role::kProvinceAdmin, "policy:policy:read"},

    {Role::kCityOfficial, "data:enterprise:read"},  {Role::kCityOfficial, "data:output:read"},
    {Role::kCityOfficial, "data:output:verify"},    {Role::kCityOfficial, "data:output:revise"},
    {Role::kCityOfficial, "data:upload:write"},     {Role::kCityOfficial, "data:progress:read"},
    {Role::kCityOfficial, "run:run:read"},          {Role::kCityOfficial, "run:run:export"},
    {Role::kCityOfficial, "run:ledger:read"},       {Role::kCityOfficial, "policy:policy:read"},
    {Role::kCityOfficial, "task:task:read"},

    {Role::kDeptHandler, "task:task:read"},         {Role::kDeptHandler, "task:task:resolve"},
    {Role::kDeptHandler, "policy:policy:read"},

    {Role::kEnterprise, "data:enterprise:read"},    {Role::kEnterprise, "data:output:read"},
    {Role::kEnterprise, "run:run:read"},            {Role::kEnterprise, "run:ledger:read"},
    {Role::kEnterprise, "policy:policy:read"},

    {Role::kAuditor, "data:enterprise:read"},       {Role::kAuditor, "data:output:read"},
    {Role::kAuditor, "data:progress:read"},         {Role::kAuditor, "run:run:read"},
    {Role::kAuditor, "run:run:export"},             {Role::kAuditor, "run:ledger:read"},
    {Role::kAuditor, "audit:log:read"},             {Role::kAuditor, "system:user:read"},
    {Role::kAuditor, "task:task:read"},             {Role::kAuditor, "policy:policy:read"},
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
    case Role::kProvinceAdmin: return "自治区工业和信息化厅";
    case Role::kCityOfficial: return "设区市工信部门";
    case Role::kDeptHandler: return "责任单位";
    case Role::kEnterprise: return "企业";
    case Role::kAuditor: return "审计";
    case Role::kNone: break;
  }
  return "无";
}

std::string Scope::describe() const {
  switch (kind) {
    case Kind::kNone: return "none";
    case Kind::kProvince: return "province";
    case Kind::kCity: return "city:" + value;
    case Kind::kDepartment: return "department:" + value;
    case Kind::kEnterprise: return "enterprise:" + value;
  }
  return "none";
}

Scope Principal::scope() const {
  switch (role) {
    case Role::kProvinceAdmin:
    case Role::kAuditor: return Scope::province();
    case Role::kCityOfficial: return city.empty() ? Scope::none() : Scope{Scope::Kind::kCity, city};
    case Role::kDeptHandler: return department.empty() ? Scope::none() : Scope{Scope::Kind::kDepartment, department};
    case Role::kEnterprise: return uscc.empty() ? Scope::none() : Scope{Scope::Kind::kEnterprise, uscc};
    case Role::kNone: break;
  }
  return Scope::none();
}

bool Principal::can(std::string_view permission) const {
  if (!is_authenticated()) return false;
  for (const Grant& g : kGrants)
    if (g.role == role && g.permission == permission) return true;
  return false;
}

bool scope_allows_enterprise(const Scope& s, std::string_view city, std::string_view uscc) {
  switch (s.kind) {
    case Scope::Kind::kProvince: return true;
    case Scope::Kind::kCity: return s.value == city;
    case Scope::Kind::kEnterprise: return s.value == uscc;
    case Scope::Kind::kDepartment:
    case Scope::Kind::kNone: return false;
  }
  return false;
}

}  // namespace zx
