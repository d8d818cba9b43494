// The OPC package under an .xlsx, for xlsx_reader.cpp (internal to platform/formats): the zip
// container, streaming expat parsing of one part at a time, and the workbook's relationships that say
// which parts hold the first sheet, its shared strings and its styles. The contract is xlsx_reader.hpp's:
// every defect comes back as a Status naming the file and the part, never as a crash or an exception.
#pragma once

#include <expat.h>
#include <zip.h>

#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/status.hpp"

namespace zx::xlsx_internal {

inline constexpr char kNsSeparator = '|';
inline constexpr const char* kFallbackSheetPart = "xl/worksheets/sheet1.xml";

// ---------------------------------------------------------------------------------------------
// The zip container.

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class Archive {
  public:
    Archive(std::unique_ptr<zip_t, ZipCloser> zip, std::string label)
        : zip_(std::move(zip)), label_(std::move(label)) {}

    zip_t* zip() const { return zip_.get(); }
    const std::string& label() const { return label_; }

    // OPC part names are case-insensitive, and some writers change the case.
    std::optional<zip_uint64_t> find(const std::string& part) const {
        zip_int64_t index = zip_name_locate(zip_.get(), part.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        return static_cast<zip_uint64_t>(index);
    }

    Status data_error(std::string_view part, const Text& what) const {
        return Status::data_error((label_ + ": " + std::string(part) + ": ") + what);
    }

  private:
    std::unique_ptr<zip_t, ZipCloser> zip_;
    std::string label_;
};

// The zip file at `path`; `label` (the file name) starts every message. kIoError when the file cannot
// be read, kDataError when it is not a zip file.
Result<Archive> open_archive(const std::filesystem::path& path, const std::string& label);

// ---------------------------------------------------------------------------------------------
// Streaming XML: one expat parser per part, the handler a template parameter so that the per-cell
// callbacks are direct calls. Handlers report a problem by filling `error`, which stops the parse.

inline std::string_view local_name(const XML_Char* name) {
    std::string_view s(name);
    auto sep = s.rfind(kNsSeparator);
    return sep == std::string_view::npos ? s : s.substr(sep + 1);
}

// An attribute without a namespace ("r", "t", "s").
inline const char* find_attr(const XML_Char** atts, std::string_view name) {
    for (; *atts != nullptr; atts += 2) {
        if (name == atts[0]) return atts[1];
    }
    return nullptr;
}

template <typename Handler>
struct ParseContext {
    XML_Parser parser;
    Handler& handler;
};

// Expat is C: nothing may unwind through it, so every callback catches and turns it into an error.
template <typename Handler, typename Fn>
void guarded(void* data, Fn&& fn) {
    auto& ctx = *static_cast<ParseContext<Handler>*>(data);
    if (!ctx.handler.error.empty()) return;
    try {
        try {
            fn(ctx.handler);
        } catch (const std::exception& e) {
            ctx.handler.error = Text{std::string("无法解析：") + e.what(), e.what()};
        }
    } catch (...) {
        ctx.handler.error =
            Text{"内存不足", "out of memory"};  // short enough for the small-string buffer: cannot throw
    }
    if (!ctx.handler.error.empty()) XML_StopParser(ctx.parser, XML_FALSE);
}

template <typename Handler>
void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** atts) {
    guarded<Handler>(data, [&](Handler& h) { h.start(local_name(name), atts); });
}

template <typename Handler>
void XMLCALL on_end(void* data, const XML_Char* name) {
    guarded<Handler>(data, [&](Handler& h) { h.end(local_name(name)); });
}

template <typename Handler>
void XMLCALL on_text(void* data, const XML_Char* s, int len) {
    guarded<Handler>(data, [&](Handler& h) { h.text(std::string_view(s, static_cast<std::size_t>(len))); });
}

// OOXML never uses a DTD; refusing one rules out entity expansion attacks altogether.
template <typename Handler>
void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    guarded<Handler>(data, [](Handler& h) {
        h.error = Text{"xlsx部件中不允许DOCTYPE", "a DOCTYPE is not allowed in an xlsx part"};
    });
}

struct ParserFree {
    void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree>;

// Streams the part through the parser in chunks, enforcing the size limit on the bytes actually
// inflated (the size in the zip directory may lie).
Status feed_part(const Archive& ar, const std::string& part, zip_uint64_t index, XML_Parser parser,
                 const Text& handler_error);

template <typename Handler>
Status parse_part(const Archive& ar, const std::string& part, Handler& handler) {
    auto index = ar.find(part);
    if (!index) return ar.data_error(part, {"缺少该部件", "part is missing"});
    ParserPtr parser(XML_ParserCreateNS(nullptr, kNsSeparator));
    if (!parser) return ar.data_error(part, {"内存不足", "out of memory"});
    ParseContext<Handler> ctx{parser.get(), handler};
    XML_SetUserData(parser.get(), &ctx);
    XML_SetElementHandler(parser.get(), on_start<Handler>, on_end<Handler>);
    XML_SetCharacterDataHandler(parser.get(), on_text<Handler>);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype<Handler>);
    return feed_part(ar, part, *index, parser.get(), handler.error);
}

// ---------------------------------------------------------------------------------------------
// Workbook and relationships: which part is the first sheet, where the shared strings and styles are.

struct SheetParts {
    std::string sheet = kFallbackSheetPart;
    std::string shared_strings = "xl/sharedStrings.xml";
    std::string styles = "xl/styles.xml";
};

// Where the first sheet, the shared strings and the styles are, from xl/workbook.xml and its
// relationships; the conventional names when the workbook has none. kDataError when the first sheet
// the workbook names is missing.
Result<SheetParts> locate_parts(const Archive& ar);

}  // namespace zx::xlsx_internal
