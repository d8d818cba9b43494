// `zhenxing monitor cities | industries | groups`: the monitoring figures of the 指挥部 from the
// command line, over a data directory of the awards' contract (enterprises, output; designations
// optional).
#pragma once

#include <CLI/CLI.hpp>

#include "core/text.hpp"

namespace zx::cli {

void add_monitor_commands(CLI::App& app);
// The exit code of the chosen monitor command, or -1 when none was chosen.
int run_monitor_commands(Lang lang);

}  // namespace zx::cli
