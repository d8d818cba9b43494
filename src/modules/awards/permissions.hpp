// The awards module's permissions: the province runs and approves award lists (two people: the
// creator cannot approve), cities and enterprises read what is theirs, the auditor reads all.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kPolicyRead{
    "policy:policy:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler, Role::kEnterprise,
                                Role::kAuditor, Role::kSystemAdmin)};
inline constexpr Permission kRunRead{
    "run:run:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kEnterprise, Role::kAuditor)};
inline constexpr Permission kRunCreate{"run:run:create", roles(Role::kProvinceAdmin)};
inline constexpr Permission kRunReview{"run:run:review", roles(Role::kProvinceAdmin)};
inline constexpr Permission kRunApprove{"run:run:approve", roles(Role::kProvinceAdmin)};
inline constexpr Permission kRunPublish{"run:run:publish", roles(Role::kProvinceAdmin)};
inline constexpr Permission kRunDisburse{"run:run:disburse", roles(Role::kProvinceAdmin)};
inline constexpr Permission kRunExport{"run:run:export",
                                       roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor)};
inline constexpr Permission kLedgerRead{
    "run:ledger:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kEnterprise, Role::kAuditor)};

// 异议: an enterprise objects to its own row during 公示; the province decides.
inline constexpr Permission kObjectionFile{"run:objection:file", roles(Role::kEnterprise)};
inline constexpr Permission kObjectionDecide{"run:objection:decide", roles(Role::kProvinceAdmin)};

// 政策模拟: what-if over the verified data (read-only), and saved scenarios.
// Province only: the auditor changes nothing, and saving a scenario is a write.
inline constexpr Permission kSimulationRun{"policy:simulation:run", roles(Role::kProvinceAdmin)};

inline std::vector<const Permission*> awards_permissions() {
    return {&kRunRead,   &kRunCreate,  &kRunReview,  &kRunApprove,    &kRunPublish,    &kRunDisburse,
            &kRunExport, &kLedgerRead, &kPolicyRead, &kSimulationRun, &kObjectionFile, &kObjectionDecide};
}

}  // namespace zx::perm
