// The service desk's rule files (policies/service_desk/: workflow.toml, sla.toml, routing.toml) into
// desk::DeskRules. Unknown keys, unknown states, parties, categories or departments (of
// policies/departments.toml, installed before), and a category without a rule for every city, are
// errors naming the file, the line and the field.
#pragma once

#include <filesystem>

#include "core/status.hpp"
#include "modules/service_desk/rules/desk_rules.hpp"

namespace zx {

Result<desk::DeskRules> load_desk_rules(const std::filesystem::path& dir);

}  // namespace zx
