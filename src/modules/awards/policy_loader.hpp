// Reads a policy directory (policy.toml, see policies/README.md for the format) into a Policy.
#pragma once

#include <filesystem>

#include "core/status.hpp"
#include "modules/awards/rules/policy.hpp"

namespace zx {

// Errors name the file, the TOML key path and, where known, the line.
Result<Policy> load_policy(const std::filesystem::path& dir);

}  // namespace zx
