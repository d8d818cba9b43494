// Reads schemes/<id>/scheme.toml into a parks::Scheme. Unknown keys, columns, groupings or grades
// are errors naming the file, the line and the field (Chinese and English). Exact numbers (weights,
// benchmarks, caps, factors) are integers or decimal strings, never TOML floats.
#pragma once

#include <filesystem>

#include "core/status.hpp"
#include "modules/park_evaluation/rules/scheme.hpp"

namespace zx::parks {

// `dir` holds scheme.toml.
Result<Scheme> load_scheme(const std::filesystem::path& dir);

// The built-in columns every scheme reads (land_mu first), before the scheme's further columns.
std::vector<Column> builtin_columns();

}  // namespace zx::parks
