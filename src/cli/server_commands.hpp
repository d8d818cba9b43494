// The platform's subcommands: serve, user create, backup, restore.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

#include "core/text.hpp"

namespace zx::cli {

// Adds the subcommands to `app`; run_server_commands() executes whichever was chosen (returns -1 if
// none), printing its messages in `lang`.
void add_server_commands(CLI::App& app);
int run_server_commands(Lang lang);

// `given` if it is a directory or not the default name; else the default beside the binary (build/
// or the install prefix): how policies/ and calendars/ are found.
std::filesystem::path resolve_data_dir(const std::string& given, const char* default_name);

}  // namespace zx::cli
