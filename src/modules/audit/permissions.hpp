// The audit log is read and exported by the audit administrator alone (三员分立).
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kAuditRead{"audit:log:read", roles(Role::kAuditAdmin)};
inline constexpr Permission kAuditExport{"audit:log:export", roles(Role::kAuditAdmin)};
inline constexpr Permission kAuditAnchor{"audit:log:anchor", roles(Role::kAuditAdmin)};

inline std::vector<const Permission*> audit_permissions() {
    return {&kAuditRead, &kAuditExport, &kAuditAnchor};
}

}  // namespace zx::perm
