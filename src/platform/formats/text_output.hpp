// Writing text files and CSV fields: every file is written to a temporary name and renamed, so a
// failed write leaves nothing behind; CSV fields are quoted per RFC 4180 and defused for Excel.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace zx {

// Writes `content` to `path` atomically (temporary file + rename).
Status write_file_atomic(const std::filesystem::path& path, std::string_view content);
// Appends `field` to a CSV line: quoted when needed (RFC 4180); a field starting with = + - @ tab or
// CR is prefixed with ' inside quotes so that Excel never runs it as a formula.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace zx
