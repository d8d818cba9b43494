// The service desk's permissions. Which party may take which step of a case is data
// (policies/service_desk/workflow.toml); these say which roles reach the desk at all.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kTaskRead{
    "task:task:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler, Role::kAuditor)};
inline constexpr Permission kTaskWrite{"task:task:write", roles(Role::kProvinceAdmin)};
// Updating a task's status. The province, which dispatches, may also close a task.
inline constexpr Permission kTaskResolve{"task:task:resolve", roles(Role::kProvinceAdmin, Role::kDeptHandler)};

// Reporting a problem: the enterprise, its commissioner, and the desk taking a call.
inline constexpr Permission kDeskReport{"desk:case:report",
                                        roles(Role::kEnterprise, Role::kCommissioner, Role::kProvinceAdmin)};
inline constexpr Permission kDeskRead{
    "desk:case:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler, Role::kCommissioner,
                            Role::kEnterprise, Role::kAuditor)};
// Taking a step of a case; workflow.toml then decides by party (auditors change nothing).
inline constexpr Permission kDeskAct{
    "desk:case:act",
    roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler, Role::kCommissioner, Role::kEnterprise)};
// 任务清单: the departments' own; the province and auditors see every department's.
inline constexpr Permission kDeskTaskRead{"desk:task:read",
                                          roles(Role::kProvinceAdmin, Role::kDeptHandler, Role::kAuditor)};
// 企业清单: who serves which enterprise.
inline constexpr Permission kDeskCoverageRead{
    "desk:coverage:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kCommissioner, Role::kAuditor)};
inline constexpr Permission kDeskCoverageWrite{"desk:coverage:write", roles(Role::kProvinceAdmin, Role::kCityOfficial)};
inline constexpr Permission kDeskKpi{
    "desk:kpi:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler, Role::kAuditor)};

// The exchange with the 12345 hotline and 桂商码: the desk imports their cases and answers them back.
inline constexpr Permission kDeskExchange{"desk:exchange:write", roles(Role::kProvinceAdmin)};

// Outbound webhooks: the province registers them; a department reads its own delivery log.
inline constexpr Permission kDeskWebhookWrite{"desk:webhook:write", roles(Role::kProvinceAdmin)};
inline constexpr Permission kDeskWebhookRead{"desk:webhook:read",
                                             roles(Role::kProvinceAdmin, Role::kDeptHandler, Role::kAuditor)};

inline std::vector<const Permission*> service_desk_permissions() {
    return {&kTaskRead,     &kTaskWrite,        &kTaskResolve,      &kDeskReport,        &kDeskRead,
            &kDeskAct,      &kDeskTaskRead,     &kDeskCoverageRead, &kDeskCoverageWrite, &kDeskKpi,
            &kDeskExchange, &kDeskWebhookWrite, &kDeskWebhookRead};
}

}  // namespace zx::perm
