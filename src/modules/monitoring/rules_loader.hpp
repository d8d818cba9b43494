// Reads policies/monitoring/monitoring.toml (the top-500 basis, the warning rules, the 通报's working
// day) into WatchRules. Unknown keys, levels, kinds and malformed thresholds are errors naming the
// file, the line and the key, in Chinese and English.
#pragma once

#include <filesystem>

#include "core/status.hpp"
#include "modules/monitoring/rules/watch.hpp"

namespace zx::monitoring {

Result<WatchRules> load_watch_rules(const std::filesystem::path& file);
// <policies_root>/monitoring/monitoring.toml
std::filesystem::path watch_rules_file(const std::filesystem::path& policies_root);
// "-10", "90", "15.5" → hundredths (−1000, 9000, 1550); nullopt when malformed or more than 2 decimals.
std::optional<std::int64_t> parse_hundredths(std::string_view text);

}  // namespace zx::monitoring
