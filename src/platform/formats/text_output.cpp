#include "platform/formats/text_output.hpp"

#include <fstream>

namespace zx {

void append_csv_field(std::string& out, std::string_view f) {
    // A cell starting with = + - @ (or a tab/CR) is a formula to Excel even when quoted: text from
    // users (names, typed usernames in the audit log) must not run when an official opens the file.
    const bool formula = !f.empty() && std::string_view("=+-@\t\r").find(f.front()) != std::string_view::npos;
    if (!formula && f.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(f);
        return;
    }
    out.push_back('"');
    if (formula) out.push_back('\'');
    for (char c : f) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    std::filesystem::path tmp = path;
    tmp += ".tmp-zx";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) return Status::io_error({path.string() + "：无法写入", path.string() + ": cannot write"});
        f.write(content.data(), static_cast<std::streamsize>(content.size()));
        f.flush();
        if (!f) {
            f.close();
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return Status::io_error(
                {path.string() + "：写入失败（磁盘已满？）", path.string() + ": write failed (disk full?)"});
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return Status::io_error({path.string() + "：无法重命名到目标位置：" + ec.message(),
                                 path.string() + ": cannot rename into place: " + ec.message()});
    }
    return Status::ok();
}

}  // namespace zx
