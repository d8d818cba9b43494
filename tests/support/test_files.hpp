// Files in tests: the source tree (ZX_SOURCE_DIR, overridable by the environment for a moved
// checkout) and whole-file reads.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace zx::test {

inline std::filesystem::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace zx::test
