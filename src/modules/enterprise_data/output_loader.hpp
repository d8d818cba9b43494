// The output table (uscc, month, output_yuan), the bulk of the data: parsed by several threads over
// line-aligned chunks of a CSV, checked for cells given twice. Internal to enterprise_data; the public
// entry points are data_loader.hpp's.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/dataset.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/enterprise_data/table_file.hpp"

namespace zx::data_loader_internal {

// Loads the output rows of `t` into `ds`: into its matrix for the months of options.month_window (or,
// without one, the months the file holds), defects into `d`, counts into `stats`.
void load_output(TableFile& t, Dataset& ds, const LoadOptions& options, DefectList& d, LoadStats& stats);

// Every output row whose (enterprise, month) key is in `keys` (sorted) or any row when all_keys, with
// its line. Rows whose enterprise or month does not parse are skipped (they were reported already).
std::vector<std::pair<std::uint64_t, std::int64_t>> scan_output_keys(TableFile& t, const Dataset& ds,
                                                                     const Columns<3>& cols,
                                                                     const std::vector<std::uint64_t>& keys,
                                                                     bool all_keys);

}  // namespace zx::data_loader_internal
