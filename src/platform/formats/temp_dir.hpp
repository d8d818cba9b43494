// A directory of its own under the system's temporary directory, removed with everything in it when
// the object goes out of scope: where a service puts stored tables for the file-reading loaders.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace zx {

class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "zx") {
        static std::atomic<std::uint64_t> n{0};
        path_ = std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(n.fetch_add(1)));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    // Writes `content` as <dir>/<name's file name> and returns that path.
    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const std::filesystem::path p = path_ / std::filesystem::path(name).filename();
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }

  private:
    std::filesystem::path path_;
};

}  // namespace zx
