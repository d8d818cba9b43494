// Sniffing an attachment's type by content: each signature, the OOXML packages told apart by their
// parts, everything else unknown (HTML, scripts, other ZIPs, truncated files), and no crash on
// arbitrary, truncated or corrupted bytes.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "platform/formats/file_type.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;

// A ZIP holding `entries` (name, content), built with libzip in a temporary file and read back.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    const fs::path path = fs::temp_directory_path() / ("zx_file_type_" + std::to_string(::getpid()) + ".zip");
    int code = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    EXPECT_NE(z, nullptr);
    if (z == nullptr) return {};
    for (const auto& [name, content] : entries) {
        zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
        EXPECT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
    }
    EXPECT_EQ(zip_close(z), 0);
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(path);
    return bytes;
}

const std::string kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";

std::string xlsx_bytes() {
    return make_zip({{"[Content_Types].xml", kContentTypes},
                     {"_rels/.rels", "<Relationships/>"},
                     {"xl/workbook.xml", "<workbook/>"},
                     {"xl/worksheets/sheet1.xml", "<worksheet/>"}});
}

std::string docx_bytes() {
    return make_zip({{"[Content_Types].xml", kContentTypes},
                     {"_rels/.rels", "<Relationships/>"},
                     {"word/document.xml", "<w:document/>"}});
}

FileType type_of(std::string_view bytes) {
    return sniff_file_type(bytes).type;
}

TEST(FileType, Signatures) {
    EXPECT_EQ(type_of("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), FileType::kPdf);
    EXPECT_EQ(type_of("%PDF-2.0"), FileType::kPdf);
    EXPECT_EQ(type_of(std::string_view("\xff\xd8\xff\xe0\x00\x10JFIF", 10)), FileType::kJpeg);
    EXPECT_EQ(type_of(std::string_view("\xff\xd8\xff", 3)), FileType::kJpeg);
    EXPECT_EQ(type_of(std::string_view("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16)), FileType::kPng);
    EXPECT_EQ(type_of(std::string_view("\x89PNG\r\n\x1a\n", 8)), FileType::kPng);
}

TEST(FileType, NearMissesAreUnknown) {
    EXPECT_EQ(type_of(""), FileType::kUnknown);
    EXPECT_EQ(type_of("%PDF-"), FileType::kUnknown);  // truncated before the version
    EXPECT_EQ(type_of("%PDF-1."), FileType::kUnknown);
    EXPECT_EQ(type_of("%PDF1.7"), FileType::kUnknown);
    EXPECT_EQ(type_of(" %PDF-1.7"), FileType::kUnknown);  // the signature must be at offset 0
    EXPECT_EQ(type_of("%pdf-1.7"), FileType::kUnknown);
    EXPECT_EQ(type_of(std::string_view("\xff\xd8", 2)), FileType::kUnknown);
    EXPECT_EQ(type_of(std::string_view("\xff\xd9\xff", 3)), FileType::kUnknown);
    EXPECT_EQ(type_of(std::string_view("\x89PNG\r\n\x1a", 7)), FileType::kUnknown);
    EXPECT_EQ(type_of(std::string_view("\x89PNG\n\n\x1a\n", 8)), FileType::kUnknown);
    EXPECT_EQ(type_of("a.pdf"), FileType::kUnknown);  // a name is not content
}

TEST(FileType, ActiveContentIsUnknownAndNeverServedAsHtml) {
    for (std::string_view bytes :
         {"<!DOCTYPE html><html><script>alert(1)</script></html>", "<html>%PDF-1.4</html>",
          "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "#!/bin/sh\nrm -rf /\n", "MZ\x90\x00",
          "\x7f"
          "ELF",
          "<?php echo 1; ?>"}) {
        const SniffedType t = sniff_file_type(bytes);
        EXPECT_EQ(t.type, FileType::kUnknown) << bytes;
        EXPECT_EQ(t.mime, "application/octet-stream");
        EXPECT_EQ(t.extension, "");
    }
}

TEST(FileType, MimeTypesAndExtensions) {
    const SniffedType pdf = sniff_file_type("%PDF-1.4");
    EXPECT_EQ(pdf.mime, "application/pdf");
    EXPECT_EQ(pdf.extension, "pdf");
    EXPECT_EQ(describe_file_type(FileType::kJpeg).mime, "image/jpeg");
    EXPECT_EQ(describe_file_type(FileType::kJpeg).extension, "jpg");
    EXPECT_EQ(describe_file_type(FileType::kPng).mime, "image/png");
    EXPECT_EQ(describe_file_type(FileType::kPng).extension, "png");
    EXPECT_EQ(describe_file_type(FileType::kXlsx).mime,
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(describe_file_type(FileType::kXlsx).extension, "xlsx");
    EXPECT_EQ(describe_file_type(FileType::kDocx).mime,
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(describe_file_type(FileType::kDocx).extension, "docx");
    EXPECT_EQ(describe_file_type(FileType::kUnknown).mime, "application/octet-stream");
    for (FileType t :
         {FileType::kUnknown, FileType::kPdf, FileType::kJpeg, FileType::kPng, FileType::kXlsx, FileType::kDocx})
        EXPECT_EQ(describe_file_type(t).type, t);
}

TEST(FileType, OfficePackagesByTheirParts) {
    const SniffedType xlsx = sniff_file_type(xlsx_bytes());
    EXPECT_EQ(xlsx.type, FileType::kXlsx);
    EXPECT_EQ(xlsx.extension, "xlsx");
    EXPECT_EQ(type_of(docx_bytes()), FileType::kDocx);
    // OPC part names are case-insensitive.
    EXPECT_EQ(type_of(make_zip({{"[content_types].xml", kContentTypes}, {"XL/Workbook.xml", "<workbook/>"}})),
              FileType::kXlsx);
    EXPECT_EQ(type_of(make_zip({{"[Content_Types].xml", kContentTypes}, {"Word/Document.XML", "<d/>"}})),
              FileType::kDocx);
}

TEST(FileType, OtherZipsAreUnknown) {
    EXPECT_EQ(type_of(make_zip({{"readme.txt", "hello"}})), FileType::kUnknown);
    EXPECT_EQ(type_of(make_zip({{"xl/workbook.xml", "<workbook/>"}})), FileType::kUnknown);  // no content types
    EXPECT_EQ(type_of(make_zip({{"word/document.xml", "<d/>"}})), FileType::kUnknown);
    EXPECT_EQ(type_of(make_zip({{"[Content_Types].xml", kContentTypes}})), FileType::kUnknown);  // no main part
    EXPECT_EQ(type_of(make_zip({{"[Content_Types].xml", kContentTypes},
                                {"xl/workbook.xml", "<workbook/>"},
                                {"word/document.xml", "<d/>"}})),
              FileType::kUnknown);  // both: ambiguous
    // A part name that only contains the expected one.
    EXPECT_EQ(type_of(make_zip({{"[Content_Types].xml", kContentTypes}, {"a/xl/workbook.xml", "<w/>"}})),
              FileType::kUnknown);
    // An HTML page with a workbook appended: the ZIP must start at offset 0.
    EXPECT_EQ(type_of("<html><body>hi</body></html>" + xlsx_bytes()), FileType::kUnknown);
    // An empty ZIP (only the end-of-central-directory record) and a bare local header.
    EXPECT_EQ(type_of(std::string("PK\x05\x06", 4) + std::string(18, '\0')), FileType::kUnknown);
    EXPECT_EQ(type_of(std::string_view("PK\x03\x04", 4)), FileType::kUnknown);
}

TEST(FileType, TruncatedPackagesAreUnknown) {
    const std::string xlsx = xlsx_bytes();
    ASSERT_EQ(type_of(xlsx), FileType::kXlsx);
    // The central directory is at the end: every proper prefix has lost (part of) it.
    for (std::size_t n = 0; n < xlsx.size(); ++n)
        EXPECT_EQ(type_of(std::string_view(xlsx).substr(0, n)), FileType::kUnknown) << n << " bytes";
}

// Must not crash, hang or read out of bounds on anything: random bytes, random bytes behind each
// signature, and workbooks with bytes flipped (a corrupt central directory, lying offsets and sizes).
TEST(FileType, ArbitraryBytesNeverCrash) {
    std::mt19937_64 rng(20231201);
    auto random_bytes = [&](std::size_t n) {
        std::string s(n, '\0');
        for (char& c : s) c = static_cast<char>(rng() & 0xff);
        return s;
    };
    auto check = [](const std::string& bytes) {
        const SniffedType t = sniff_file_type(bytes);
        const SniffedType d = describe_file_type(t.type);
        EXPECT_EQ(t.mime, d.mime);
        EXPECT_EQ(t.extension, d.extension);
    };
    for (int i = 0; i < 2000; ++i) check(random_bytes(rng() % 300));
    for (std::string_view prefix : {std::string_view("PK\x03\x04", 4), std::string_view("%PDF-1.4"),
                                    std::string_view("\xff\xd8\xff", 3), std::string_view("\x89PNG\r\n\x1a\n", 8)})
        for (int i = 0; i < 500; ++i) check(std::string(prefix) + random_bytes(rng() % 300));
    const std::string xlsx = xlsx_bytes();
    for (int i = 0; i < 3000; ++i) {
        std::string mutated = xlsx;
        const int flips = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < flips; ++k) mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xff);
        check(mutated);
        check(mutated.substr(0, rng() % (mutated.size() + 1)));
    }
    // A forged end-of-central-directory record claiming a huge directory far outside the buffer.
    std::string forged("PK\x03\x04", 4);
    forged += random_bytes(40);
    forged += std::string("PK\x05\x06\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\x7f\xff\xff\xff\x7f\0\0", 22);
    check(forged);
    EXPECT_EQ(type_of(forged), FileType::kUnknown);
}

}  // namespace
}  // namespace zx
