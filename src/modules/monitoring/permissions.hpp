// The monitoring module's permissions. What a reader sees follows its scope (docs/monitoring.md): the
// province and auditors everything; a city its own figures in full and the other cities' as the
// issued 通报 publishes them; an enterprise its own warnings.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kMonitorRead{"monitoring:figures:read",
                                         roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor)};
inline constexpr Permission kMonitorWarnings{
    "monitoring:warnings:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor, Role::kEnterprise)};
inline constexpr Permission kMonitorScan{"monitoring:warnings:scan", roles(Role::kProvinceAdmin)};
inline constexpr Permission kMonitorData{"monitoring:data:write", roles(Role::kProvinceAdmin)};
inline constexpr Permission kMonitorDataRead{"monitoring:data:read", roles(Role::kProvinceAdmin, Role::kAuditor)};
inline constexpr Permission kMonitorBulletin{"monitoring:bulletin:write", roles(Role::kProvinceAdmin)};

inline std::vector<const Permission*> monitoring_permissions() {
    return {&kMonitorRead, &kMonitorWarnings, &kMonitorScan, &kMonitorData, &kMonitorDataRead, &kMonitorBulletin};
}

}  // namespace zx::perm
