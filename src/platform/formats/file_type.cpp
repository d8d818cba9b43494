#include "platform/formats/file_type.hpp"

#include <zip.h>

#include <memory>

namespace zx {
namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);
constexpr std::string_view kJpegSignature("\xff\xd8\xff", 3);
constexpr std::string_view kZipLocalHeader("PK\x03\x04", 4);

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_pdf(std::string_view b) {
    return b.size() >= 8 && b.starts_with("%PDF-") && is_digit(b[5]) && b[6] == '.' && is_digit(b[7]);
}

struct ZipDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};

// Which OOXML package a ZIP in memory is, by the parts its central directory names.
FileType sniff_package(std::string_view b) {
    if (!b.starts_with(kZipLocalHeader)) return FileType::kUnknown;
    zip_error_t error;
    zip_error_init(&error);
    // The buffer is not copied and not freed by libzip (freep = 0); `b` outlives the archive.
    zip_source_t* source = zip_source_buffer_create(b.data(), b.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        return FileType::kUnknown;
    }
    std::unique_ptr<zip_t, ZipDiscard> archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    zip_error_fini(&error);
    if (!archive) {
        zip_source_free(source);  // zip_open_from_source takes the source only when it succeeds
        return FileType::kUnknown;
    }
    const auto has = [&](const char* part) { return zip_name_locate(archive.get(), part, ZIP_FL_NOCASE) >= 0; };
    if (!has("[Content_Types].xml")) return FileType::kUnknown;
    const bool workbook = has("xl/workbook.xml");
    const bool document = has("word/document.xml");
    if (workbook == document) return FileType::kUnknown;  // neither, or an ambiguous package
    return workbook ? FileType::kXlsx : FileType::kDocx;
}

}  // namespace

SniffedType describe_file_type(FileType type) {
    switch (type) {
        case FileType::kPdf:
            return {type, "application/pdf", "pdf"};
        case FileType::kJpeg:
            return {type, "image/jpeg", "jpg"};
        case FileType::kPng:
            return {type, "image/png", "png"};
        case FileType::kXlsx:
            return {type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"};
        case FileType::kDocx:
            return {type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"};
        case FileType::kUnknown:
            break;
    }
    return {FileType::kUnknown, "application/octet-stream", ""};
}

SniffedType sniff_file_type(std::string_view bytes) {
    if (is_pdf(bytes)) return describe_file_type(FileType::kPdf);
    if (bytes.starts_with(kJpegSignature)) return describe_file_type(FileType::kJpeg);
    if (bytes.starts_with(kPngSignature)) return describe_file_type(FileType::kPng);
    return describe_file_type(sniff_package(bytes));
}

}  // namespace zx
