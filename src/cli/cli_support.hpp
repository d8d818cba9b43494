// What every subcommand of `zhenxing` prints the same way: the defects of a data load, by file, line
// and field, in the chosen language.
#pragma once

#include "core/text.hpp"
#include "modules/enterprise_data/data_loader.hpp"

namespace zx::cli {

// The exit code of a failure (main.cpp's header): 1 data defects, 3 I/O or a missing file, 2 the
// rest (usage, policy).
int exit_code(const Status& s);

// Each defect on stderr ("output.csv:12: month: ..."), the count not listed, and that nothing was written.
void print_defects(Lang lang, const LoadReport& r);

}  // namespace zx::cli
