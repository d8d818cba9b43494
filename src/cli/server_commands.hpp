// The platform's subcommands: serve, user create, backup, restore.
#pragma once

#include <CLI/CLI.hpp>

#include "core/text.hpp"

namespace zx::cli {

// Adds the subcommands to `app`; run_server_commands() executes whichever was chosen (returns -1 if
// none), printing its messages in `lang`.
void add_server_commands(CLI::App& app);
int run_server_commands(Lang lang);

}  // namespace zx::cli
