// The type of an uploaded file by its content, never by its name: PDF, JPEG, PNG, and the two OOXML
// packages XLSX and DOCX. Anything else — HTML, scripts, executables, a ZIP that is not one of those
// packages, truncated or corrupt data — is kUnknown, which a caller treats as "not accepted" and serves
// as application/octet-stream.
//
// The contract for untrusted input: any bytes, of any length, give an answer; nothing crashes, throws,
// or reads outside `bytes`. The ZIP is read from memory (libzip over a buffer, with its consistency
// checks), no file is written. Thread-safe.
//
//   PDF   "%PDF-" then a version "<digit>.<digit>" at offset 0
//   JPEG  FF D8 FF at offset 0
//   PNG   the 8-byte signature 89 50 4E 47 0D 0A 1A 0A at offset 0
//   XLSX  a ZIP (local file header "PK\3\4" at offset 0) whose central directory names
//         [Content_Types].xml and xl/workbook.xml (part names compared without case, as OPC says)
//   DOCX  the same with word/document.xml; a package with both main parts is kUnknown
#pragma once

#include <cstdint>
#include <string_view>

namespace zx {

enum class FileType : std::uint8_t { kUnknown, kPdf, kJpeg, kPng, kXlsx, kDocx };

struct SniffedType {
    FileType type = FileType::kUnknown;
    std::string_view mime;       // "application/pdf"; "application/octet-stream" for kUnknown
    std::string_view extension;  // "pdf", without the dot; empty for kUnknown
};

// What `bytes` hold.
SniffedType sniff_file_type(std::string_view bytes);

// The MIME type and canonical extension of a type (the same strings sniff_file_type returns).
SniffedType describe_file_type(FileType type);

}  // namespace zx
