// policies/service_desk/kpi.toml: the parameters of the KPI formulas (rules/kpi.hpp). The file is
// data an administrator edits, so every defect — TOML syntax, an unknown key, a wrong type, a ratio
// that is not exact, weights that do not sum to 1 — is a kDataError naming the file, the line and the
// key, in Chinese and English. The file documents itself.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "modules/service_desk/rules/kpi.hpp"

namespace zx::service_desk {

// The settings in `file`; kIoError when it cannot be read.
Result<KpiSettings> load_kpi_settings(const std::filesystem::path& file);

// The settings in `toml_text`; `file_name` starts every message, as if the text were that file.
Result<KpiSettings> parse_kpi_settings(std::string_view toml_text, const std::string& file_name);

}  // namespace zx::service_desk
