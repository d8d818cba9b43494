#include "modules/enterprise_data/table_file.hpp"

#include <cstdio>
#include <system_error>

#include "core/uscc.hpp"
#include "core/utf8.hpp"

namespace zx::data_loader_internal {

std::string excerpt(std::string_view v) {
    if (!is_valid_utf8(v)) {  // bytes of an unknown encoding: show them as hex rather than corrupt the report
        std::string hex;
        for (std::size_t i = 0; i < v.size() && i < 30; ++i) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02X", static_cast<unsigned char>(v[i]));
            hex += static_cast<unsigned char>(v[i]) < 0x80 && v[i] >= 0x20 ? std::string(1, v[i]) : std::string(b);
        }
        return hex;
    }
    if (v.size() <= 60) return std::string(v);
    return std::string(utf8_prefix(v, 60)) + "…";
}

Status open_file(const std::filesystem::path& path, const std::string& name, TableFile& t, DefectList& defects,
                 bool ascii_only) {
    t.name = name;
    t.path = path;
    const std::string ext = path.extension().string();
    if (ext == ".xlsx" || ext == ".XLSX") {
        t.xlsx = true;
        auto sheet = read_xlsx_first_sheet(path);
        if (!sheet) return sheet.status();
        t.sheet = std::move(sheet).value();
        return Status::ok();
    }
    auto mapped = MappedFile::open(path);
    if (!mapped) return mapped.status();
    t.mapped = std::move(mapped).value();
    std::string_view bytes = t.mapped.bytes();
    t.encoding = ascii_only ? (bytes.substr(0, 3) == "\xEF\xBB\xBF" ? TextEncoding::kUtf8Bom : TextEncoding::kUtf8)
                            : detect_encoding(bytes);
    if (t.encoding == TextEncoding::kUtf8Bom) {
        t.text = bytes.substr(3);
    } else if (t.encoding == TextEncoding::kGb18030) {
        if (!gb18030_to_utf8(bytes, t.converted)) {
            defects.add(t.name, 0, "", "", "文件编码无法识别：既不是UTF-8也不是GB18030",
                        "unrecognised text encoding: neither UTF-8 nor GB18030");
            return Status::ok();
        }
        t.text = t.converted;
    } else {
        t.text = bytes;
    }
    return Status::ok();
}

Status open_table(const std::filesystem::path& dir, const std::string& stem, TableFile& t, DefectList& defects,
                  bool ascii_only) {
    std::error_code ec;
    const auto csv = dir / (stem + ".csv");
    const auto xlsx = dir / (stem + ".xlsx");
    const bool has_csv = std::filesystem::exists(csv, ec);
    const bool has_xlsx = std::filesystem::exists(xlsx, ec);
    if (has_csv && has_xlsx)
        return Status::invalid({dir.string() + "：" + stem + ".csv 与 " + stem + ".xlsx 同时存在，请只保留一个",
                                dir.string() + ": both " + stem + ".csv and " + stem + ".xlsx exist; keep one"});
    if (!has_csv && !has_xlsx)
        return Status::not_found({dir.string() + "：缺少文件 " + stem + ".csv（或 " + stem + ".xlsx）",
                                  dir.string() + ": missing " + stem + ".csv (or " + stem + ".xlsx)"});
    return open_file(has_xlsx ? xlsx : csv, stem + (has_xlsx ? ".xlsx" : ".csv"), t, defects, ascii_only);
}

void check_width(const std::string& file, std::int64_t line, Fields f, std::size_t width, DefectList& d, bool& ok) {
    if (f.size() != width) {
        d.add(file, line, "", "", "字段数应为" + std::to_string(width) + "个，实际为" + std::to_string(f.size()) + "个",
              "expected " + std::to_string(width) + " fields, found " + std::to_string(f.size()));
        ok = false;
    }
}

bool check_uscc(const std::string& file, std::int64_t line, std::string_view field, std::string_view v, DefectList& d) {
    switch (validate_uscc(v)) {
        case UsccError::kNone:
            return true;
        case UsccError::kLength:
            d.add(file, line, field, v, "统一社会信用代码应为18位，实际" + std::to_string(v.size()) + "个字符",
                  "a USCC has 18 characters, found " + std::to_string(v.size()));
            return false;
        case UsccError::kCharacter:
            d.add(file, line, field, v, "统一社会信用代码含非法字符（只允许数字和除I、O、Z、S、V外的大写字母）",
                  "USCC contains a character outside 0-9 and A-Y without I, O, Z, S, V");
            return false;
        case UsccError::kCheckCharacter:
            d.add(file, line, field, v,
                  std::string("统一社会信用代码校验位错误（按GB 32100-2015应为") + uscc_check_character(v) + "）",
                  std::string("USCC check character is wrong (GB 32100-2015 gives ") + uscc_check_character(v) + ")");
            return false;
    }
    return false;
}

}  // namespace zx::data_loader_internal
