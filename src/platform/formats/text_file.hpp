// A whole input file in memory (memory-mapped when possible) with its text encoding detected:
// UTF-8 with or without BOM, or GB18030/GBK as Excel writes CSV on Chinese Windows.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/utf8.hpp"

namespace zx {

enum class TextEncoding { kUtf8, kUtf8Bom, kGb18030 };
std::string_view encoding_name(TextEncoding e);

class MappedFile {
  public:
    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;
    ~MappedFile();

    // Maps the file read-only. IoError naming the file when it cannot be opened or read.
    static Result<MappedFile> open(const std::filesystem::path& path);
    std::string_view bytes() const { return {data_, size_}; }

  private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
};

// Detects the encoding of a whole file's bytes: BOM → UTF-8 (BOM), valid UTF-8 → UTF-8, else GB18030.
TextEncoding detect_encoding(std::string_view bytes);
// Converts GB18030 text to UTF-8. Returns false when the bytes are not valid GB18030 either.
bool gb18030_to_utf8(std::string_view in, std::string& out);

}  // namespace zx
