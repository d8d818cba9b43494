// Every module's permissions, in one list: /api/auth/me reports the ones a principal holds, and the
// role × route tests check each route against the roles its permission is granted to.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx {

const std::vector<const Permission*>& permission_catalog();

}  // namespace zx
