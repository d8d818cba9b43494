#include "platform/formats/xlsx_package.hpp"

#include <cstdint>
#include <vector>

namespace zx::xlsx_internal {
namespace {

// A part that inflates beyond this is a corrupt or hostile file, not a bigger workbook.
constexpr std::uint64_t kMaxPartBytes = std::uint64_t{1} << 30;
constexpr int kReadChunk = 1 << 16;

constexpr const char* kWorkbookPart = "xl/workbook.xml";
constexpr const char* kWorkbookRelsPart = "xl/_rels/workbook.xml.rels";

Text position(XML_Parser parser) {
    const std::string line = std::to_string(XML_GetCurrentLineNumber(parser));
    const std::string column = std::to_string(XML_GetCurrentColumnNumber(parser));
    return {"第 " + line + " 行第 " + column + " 列", "line " + line + ", column " + column};
}

struct WorkbookHandler {
    Text error;
    bool seen_sheet = false;
    std::optional<std::string> first_sheet_rel_id;

    void start(std::string_view name, const XML_Char** atts) {
        if (name != "sheet" || seen_sheet) return;
        seen_sheet = true;
        for (; *atts != nullptr; atts += 2) {
            // r:id, in the transitional or the strict relationships namespace.
            if (std::string_view(atts[0]).ends_with("relationships|id")) first_sheet_rel_id = atts[1];
        }
    }
    void end(std::string_view) {}
    void text(std::string_view) {}
};

struct Relationship {
    std::string id;
    std::string type;
    std::string target;
};

struct RelsHandler {
    Text error;
    std::vector<Relationship> rels;

    void start(std::string_view name, const XML_Char** atts) {
        if (name != "Relationship") return;
        const char* mode = find_attr(atts, "TargetMode");
        if (mode != nullptr && std::string_view(mode) == "External") return;
        const char* id = find_attr(atts, "Id");
        const char* type = find_attr(atts, "Type");
        const char* target = find_attr(atts, "Target");
        if (id == nullptr || target == nullptr) return;
        rels.push_back({id, type != nullptr ? type : "", target});
    }
    void end(std::string_view) {}
    void text(std::string_view) {}
};

// A relationship target, relative to the folder of the source part or absolute ("/xl/..."), as a
// zip entry name with "." and ".." resolved.
std::string resolve_target(std::string_view base_dir, std::string_view target) {
    std::string joined =
        target.starts_with('/') ? std::string(target.substr(1)) : std::string(base_dir) + std::string(target);
    std::vector<std::string_view> segments;
    std::string_view rest = joined;
    while (!rest.empty()) {
        auto slash = rest.find('/');
        std::string_view seg = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
            continue;
        }
        segments.push_back(seg);
    }
    std::string out;
    for (auto seg : segments) {
        if (!out.empty()) out += '/';
        out += seg;
    }
    return out;
}

}  // namespace

Result<Archive> open_archive(const std::filesystem::path& path, const std::string& label) {
    int code = 0;
    zip_t* raw = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (raw == nullptr) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string what = zip_error_strerror(&error);
        zip_error_fini(&error);
        if (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK ||
            code == ZIP_ER_MEMORY) {
            return Status::io_error({label + "：无法读取文件：" + what, label + ": cannot read the file: " + what});
        }
        return Status::data_error(
            {label + "：不是有效的xlsx（zip）文件：" + what, label + ": not a valid xlsx (zip) file: " + what});
    }
    return Archive(std::unique_ptr<zip_t, ZipCloser>(raw), label);
}

// Streams the part through the parser in chunks, enforcing the size limit on the bytes actually
// inflated (the size in the zip directory may lie).
Status feed_part(const Archive& ar, const std::string& part, zip_uint64_t index, XML_Parser parser,
                 const Text& handler_error) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(ar.zip(), index, 0, &st) != 0)
        return ar.data_error(part, Text{"无法读取部件信息：", "cannot stat the part: "} + zip_strerror(ar.zip()));
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > kMaxPartBytes) {
        const std::string n = std::to_string(st.size);
        return ar.data_error(part, {"解压后大小 " + n + " 字节，超过1 GiB上限",
                                    "uncompressed size of " + n + " bytes exceeds the 1 GiB limit"});
    }
    std::unique_ptr<zip_file_t, ZipCloser> file(zip_fopen_index(ar.zip(), index, 0));
    if (!file) return ar.data_error(part, Text{"无法打开部件：", "cannot open the part: "} + zip_strerror(ar.zip()));

    std::uint64_t total = 0;
    while (true) {
        void* buffer = XML_GetBuffer(parser, kReadChunk);
        if (buffer == nullptr) return ar.data_error(part, {"内存不足", "out of memory"});
        zip_int64_t n = zip_fread(file.get(), buffer, kReadChunk);
        if (n < 0) {
            return ar.data_error(
                part, Text{"无法解压：", "cannot decompress: "} + zip_error_strerror(zip_file_get_error(file.get())));
        }
        total += static_cast<std::uint64_t>(n);
        if (total > kMaxPartBytes)
            return ar.data_error(part, {"解压后大小超过1 GiB上限", "uncompressed size exceeds the 1 GiB limit"});
        if (XML_ParseBuffer(parser, static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
            const Text colon{"：", ": "};
            if (!handler_error.empty()) return ar.data_error(part, position(parser) + colon + handler_error);
            return ar.data_error(part, Text{"XML错误，位于", "XML error at "} + position(parser) + colon +
                                           XML_ErrorString(XML_GetErrorCode(parser)));
        }
        if (n == 0) return Status::ok();
    }
}

Result<SheetParts> locate_parts(const Archive& ar) {
    SheetParts parts;
    // Without a workbook (or its relationships) the conventional names are the best guess.
    if (!ar.find(kWorkbookPart) || !ar.find(kWorkbookRelsPart)) return parts;
    WorkbookHandler workbook;
    if (Status s = parse_part(ar, kWorkbookPart, workbook); !s) return s;
    RelsHandler rels;
    if (Status s = parse_part(ar, kWorkbookRelsPart, rels); !s) return s;

    bool resolved = false;
    for (const Relationship& rel : rels.rels) {
        if (rel.type.ends_with("/sharedStrings")) parts.shared_strings = resolve_target("xl/", rel.target);
        if (rel.type.ends_with("/styles")) parts.styles = resolve_target("xl/", rel.target);
        if (workbook.first_sheet_rel_id && rel.id == *workbook.first_sheet_rel_id) {
            parts.sheet = resolve_target("xl/", rel.target);
            resolved = true;
        }
    }
    if (resolved && !ar.find(parts.sheet)) {
        return ar.data_error(parts.sheet, {"缺少该部件（它是 xl/workbook.xml 的第一个工作表）",
                                           "part is missing (it is the first sheet of xl/workbook.xml)"});
    }
    return parts;
}

}  // namespace zx::xlsx_internal
