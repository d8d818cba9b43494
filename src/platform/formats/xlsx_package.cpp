#include "platform/formats/xlsx_package.hpp"

#include <cstdint>
#include <vector>

namespace zx::xlsx_internal {
namespace {

// Limits of Excel itself; anything beyond is a corrupt or hostile file, not a bigger workbook.
constexpr std::uint64_t kMaxPartBytes = std::uint64_t{1} << 30;
constexpr int kReadChunk = 1 << 16;

constexpr const char* kWorkbookPart = "xl/workbook.xml";
constexpr const char* kWorkbookRelsPart = "xl/_rels/workbook.xml.rels";

std::string position(XML_Parser parser) {
    return "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ", column " +
           std::to_string(XML_GetCurrentColumnNumber(parser));
}

struct WorkbookHandler {
    std::string error;
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
    std::string error;
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
            return Status::io_error(label + ": cannot read the file: " + what);
        }
        return Status::data_error(label + ": not a valid xlsx (zip) file: " + what);
    }
    return Archive(std::unique_ptr<zip_t, ZipCloser>(raw), label);
}

Status feed_part(const Archive& ar, const std::string& part, zip_uint64_t index, XML_Parser parser,
                 const std::string& handler_error) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(ar.zip(), index, 0, &st) != 0) return ar.data_error(part, zip_strerror(ar.zip()));
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > kMaxPartBytes) {
        return ar.data_error(part,
                             "uncompressed size of " + std::to_string(st.size) + " bytes exceeds the 1 GiB limit");
    }
    std::unique_ptr<zip_file_t, ZipCloser> file(zip_fopen_index(ar.zip(), index, 0));
    if (!file) return ar.data_error(part, std::string("cannot open the part: ") + zip_strerror(ar.zip()));

    std::uint64_t total = 0;
    while (true) {
        void* buffer = XML_GetBuffer(parser, kReadChunk);
        if (buffer == nullptr) return ar.data_error(part, "out of memory");
        zip_int64_t n = zip_fread(file.get(), buffer, kReadChunk);
        if (n < 0) {
            return ar.data_error(
                part, std::string("cannot decompress: ") + zip_error_strerror(zip_file_get_error(file.get())));
        }
        total += static_cast<std::uint64_t>(n);
        if (total > kMaxPartBytes) return ar.data_error(part, "uncompressed size exceeds the 1 GiB limit");
        if (XML_ParseBuffer(parser, static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
            if (!handler_error.empty()) return ar.data_error(part, position(parser) + ": " + handler_error);
            return ar.data_error(part,
                                 "XML error at " + position(parser) + ": " + XML_ErrorString(XML_GetErrorCode(parser)));
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
        return ar.data_error(parts.sheet, "part is missing (it is the first sheet of xl/workbook.xml)");
    }
    return parts;
}
}  // namespace zx::xlsx_internal
