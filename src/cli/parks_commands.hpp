// `zhenxing parks evaluate | explain | sensitivity | consequences`: the 亩均 evaluation from the
// command line, over a scheme directory and a data directory (enterprises, land, annual, parks).
#pragma once

#include <CLI/CLI.hpp>

#include "core/text.hpp"

namespace zx::cli {

void add_parks_commands(CLI::App& app);
// The exit code of the chosen parks command, or -1 when none was chosen.
int run_parks_commands(Lang lang);

}  // namespace zx::cli
