// The 亩均 evaluation's permissions. What a reader sees follows its scope: the province and auditors
// everything, a city its own enterprises (and every park), an enterprise its own row only.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kParksRead{
    "parks:evaluation:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor, Role::kEnterprise)};
inline constexpr Permission kParksRun{"parks:evaluation:run", roles(Role::kProvinceAdmin)};
inline constexpr Permission kParksData{"parks:data:write", roles(Role::kProvinceAdmin)};
// Grade flips before publication: the province and the cities (their own enterprises).
inline constexpr Permission kParksReview{"parks:evaluation:review",
                                         roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor)};

// The lifecycle (modules/review): review, approval (three different people), 公示 and taking
// effect are the province's; objections are the enterprises' on their own rows.
inline constexpr Permission kParksPublish{"parks:evaluation:publish", roles(Role::kProvinceAdmin)};
inline constexpr Permission kParksObjectionFile{"parks:objection:file", roles(Role::kEnterprise)};
inline constexpr Permission kParksObjectionDecide{"parks:objection:decide", roles(Role::kProvinceAdmin)};

inline std::vector<const Permission*> park_evaluation_permissions() {
    return {&kParksRead,    &kParksRun,           &kParksData,           &kParksReview,
            &kParksPublish, &kParksObjectionFile, &kParksObjectionDecide};
}

}  // namespace zx::perm
