// Reading TOML rule files (the desk's calendars, workflow, service levels and routing; the park
// evaluation's schemes): errors name the file, the line and the field, in Chinese and English, and
// unknown keys are errors.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace zx::toml_rules {

Status file_error(const std::filesystem::path& file, const toml::node* at, const std::string& field, const Text& what);
Result<toml::table> parse(const std::filesystem::path& file);
Status only_keys(const std::filesystem::path& file, const toml::table& t, const std::string& path,
                 std::initializer_list<std::string_view> allowed);

// Typed reads of `key` in `t`: a missing required key or a wrong type is an error naming `path + key`.
Status read_string(const std::filesystem::path& file, const toml::table& t, const std::string& path,
                   std::string_view key, std::string& out, bool required = true);
Status read_int(const std::filesystem::path& file, const toml::table& t, const std::string& path, std::string_view key,
                int& out, int min, int max, bool required = true);
Status read_bool(const std::filesystem::path& file, const toml::table& t, const std::string& path, std::string_view key,
                 bool& out);
Status read_strings(const std::filesystem::path& file, const toml::table& t, const std::string& path,
                    std::string_view key, std::vector<std::string>& out, bool required = true);
// The tables of the array of tables `key` ([[key]]); an absent key is an empty list.
Result<std::vector<const toml::table*>> tables(const std::filesystem::path& file, const toml::table& t,
                                               std::string_view key);

}  // namespace zx::toml_rules
