// `zhenxing calendar add-working-days | working-day`: the working calendar the server uses, from the
// command line (stdout holds only the answer; a provisional answer is said on standard error).
#pragma once

#include <CLI/CLI.hpp>

#include "core/text.hpp"

namespace zx::cli {

void add_calendar_commands(CLI::App& app);
// The exit code of the chosen calendar command, or -1 when none was chosen.
int run_calendar_commands(Lang lang);

}  // namespace zx::cli
