// The service desk's permissions: the province dispatches tasks, departments resolve theirs.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kTaskRead{
    "task:task:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kDeptHandler, Role::kAuditor)};
inline constexpr Permission kTaskWrite{"task:task:write", roles(Role::kProvinceAdmin)};
// Updating a task's status. The province, which dispatches, may also close a task.
inline constexpr Permission kTaskResolve{"task:task:resolve", roles(Role::kProvinceAdmin, Role::kDeptHandler)};

inline std::vector<const Permission*> service_desk_permissions() {
    return {&kTaskRead, &kTaskWrite, &kTaskResolve};
}

}  // namespace zx::perm
