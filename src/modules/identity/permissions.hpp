// The identity module's permissions (三员分立: accounts for the system administrator, settings,
// sessions and unlocks for the security administrator).
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kUserRead{"system:user:read", roles(Role::kSystemAdmin, Role::kSecurityAdmin)};
inline constexpr Permission kUserWrite{"system:user:write", roles(Role::kSystemAdmin)};
inline constexpr Permission kSettingsRead{"security:settings:read", roles(Role::kSecurityAdmin)};
inline constexpr Permission kSettingsWrite{"security:settings:write", roles(Role::kSecurityAdmin)};
inline constexpr Permission kSessionRead{"security:session:read", roles(Role::kSecurityAdmin)};
inline constexpr Permission kSessionRevoke{"security:session:revoke", roles(Role::kSecurityAdmin)};
inline constexpr Permission kUserUnlock{"security:user:unlock", roles(Role::kSecurityAdmin)};
// The second person of the two-person rule: confirms what the system administrator did to a business account.
inline constexpr Permission kUserConfirm{"security:user:confirm", roles(Role::kSecurityAdmin)};

inline std::vector<const Permission*> identity_permissions() {
    return {&kUserRead,    &kUserWrite,     &kSettingsRead, &kSettingsWrite,
            &kSessionRead, &kSessionRevoke, &kUserUnlock,   &kUserConfirm};
}

}  // namespace zx::perm
