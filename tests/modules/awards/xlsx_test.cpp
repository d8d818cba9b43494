#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "modules/awards/award_table.hpp"
#include "modules/awards/notice_xlsx.hpp"
#include "platform/formats/xlsx_reader.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;
using Type = XlsxCell::Type;
using Entries = std::vector<std::pair<std::string, std::string>>;

class XlsxTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("zx_xlsx_test_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path file(const std::string& name) const { return dir_ / name; }

    fs::path dir_;
};

// A zip holding exactly `entries`; `stored` keeps the data uncompressed so tests can corrupt it.
void write_zip(const fs::path& path, const Entries& entries, bool stored = false) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    ASSERT_NE(z, nullptr);
    for (const auto& [name, data] : entries) {
        zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
        ASSERT_NE(src, nullptr);
        zip_int64_t index = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
        ASSERT_GE(index, 0);
        if (stored) zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    ASSERT_EQ(zip_close(z), 0);
}

std::string read_zip_entry(const fs::path& path, const std::string& name) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (z == nullptr) return {};
    std::string out;
    if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
        char buf[4096];
        for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
        zip_fclose(f);
    }
    zip_discard(z);
    return out;
}

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

std::string sheet_xml(const std::string& sheet_data) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"") + kMainNs + "\"><sheetData>" +
           sheet_data + "</sheetData></worksheet>";
}

std::string workbook_xml(const std::string& sheets) {
    return std::string("<?xml version=\"1.0\"?>\n<workbook xmlns=\"") + kMainNs +
           "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>" + sheets +
           "</sheets></workbook>";
}

std::string rels_xml(const std::string& rels) {
    return "<?xml version=\"1.0\"?>\n<Relationships "
           "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
           rels + "</Relationships>";
}

// A hand-made workbook: one sheet (sheet1.xml), optional shared strings and styles parts.
Entries minimal_xlsx(const std::string& sheet_data, const std::string& shared = "", const std::string& styles = "") {
    const std::string type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    std::string rels = "<Relationship Id=\"rId1\" Type=\"" + type + "worksheet\" Target=\"worksheets/sheet1.xml\"/>";
    Entries e = {{"xl/workbook.xml", workbook_xml("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>")},
                 {"xl/worksheets/sheet1.xml", sheet_xml(sheet_data)}};
    if (!shared.empty()) {
        rels += "<Relationship Id=\"rId2\" Type=\"" + type + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
        e.push_back({"xl/sharedStrings.xml", shared});
    }
    if (!styles.empty()) {
        rels += "<Relationship Id=\"rId3\" Type=\"" + type + "styles\" Target=\"styles.xml\"/>";
        e.push_back({"xl/styles.xml", styles});
    }
    e.push_back({"xl/_rels/workbook.xml.rels", rels_xml(rels)});
    return e;
}

const XlsxCell& at(const XlsxSheet& sheet, std::size_t row, std::size_t col) {
    static const XlsxCell kEmpty;
    if (row >= sheet.rows.size() || col >= sheet.rows[row].size()) return kEmpty;
    return sheet.rows[row][col];
}

void expect_cell(const XlsxSheet& sheet, std::size_t row, std::size_t col, Type type, const std::string& text,
                 bool date = false) {
    SCOPED_TRACE("row " + std::to_string(row) + " col " + std::to_string(col));
    const XlsxCell& c = at(sheet, row, col);
    EXPECT_EQ(c.type, type);
    EXPECT_EQ(c.text, text);
    EXPECT_EQ(c.date_format, date);
}

// ---------------------------------------------------------------------------------------------
// Reading workbooks written by libxlsxwriter.

TEST_F(XlsxTest, ReadsEveryKindOfCellFromLibxlsxwriterWorkbook) {
    fs::path path = file("cells.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "数据");
    lxw_worksheet* second = workbook_add_worksheet(wb, "Other");
    worksheet_write_string(second, 0, 0, "not the first sheet", nullptr);

    lxw_format* iso_date = workbook_add_format(wb);
    format_set_num_format(iso_date, "yyyy-mm-dd");
    lxw_format* builtin_date = workbook_add_format(wb);
    format_set_num_format_index(builtin_date, 14);
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00_);[Red](#,##0.00)");
    lxw_format* quoted_d = workbook_add_format(wb);
    format_set_num_format(quoted_d, "0\" days\"");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    // Row 1: strings (Chinese, padded, multi-line, rich), number, boolean, formula with a string result.
    worksheet_write_string(ws, 0, 0, "广西壮族自治区", nullptr);
    worksheet_write_number(ws, 0, 1, 12345.67, nullptr);
    worksheet_write_boolean(ws, 0, 2, 1, nullptr);
    worksheet_write_string(ws, 0, 3, "  padded  ", nullptr);
    worksheet_write_string(ws, 0, 4, "第一行\n第二行", nullptr);
    lxw_rich_string_tuple part1 = {bold, const_cast<char*>("加粗")};
    lxw_rich_string_tuple part2 = {nullptr, const_cast<char*>("普通")};
    lxw_rich_string_tuple* rich[] = {&part1, &part2, nullptr};
    worksheet_write_rich_string(ws, 0, 5, rich, nullptr);
    worksheet_write_formula_str(ws, 0, 6, "=A1", nullptr, "结果");
    worksheet_write_boolean(ws, 0, 7, 0, nullptr);
    // Row 2: dates and non-date number formats.
    lxw_datetime day = {2023, 3, 15, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 0, &day, iso_date);
    worksheet_write_number(ws, 1, 1, 45000.5, builtin_date);
    worksheet_write_number(ws, 1, 2, 1234.5, money);
    worksheet_write_number(ws, 1, 3, 7, quoted_d);
    worksheet_write_string(ws, 1, 4, "text in a date format", iso_date);
    // Row 3 is missing altogether. Row 4 is sparse. Row 5 holds only a formatted blank. Row 6 has data.
    worksheet_write_string(ws, 3, 0, "x", nullptr);
    worksheet_write_number(ws, 3, 3, -0.25, nullptr);
    worksheet_write_string(ws, 3, 6, "末", nullptr);
    worksheet_write_blank(ws, 4, 2, bold);
    worksheet_write_string(ws, 5, 0, "last", nullptr);
    // Trailing formatted blanks are not data.
    worksheet_write_blank(ws, 9, 0, bold);
    worksheet_write_blank(ws, 5, 4, bold);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

    auto sheet = read_xlsx_first_sheet(path);
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    EXPECT_EQ(sheet->row_numbers, (std::vector<std::int64_t>{1, 2, 4, 5, 6}));
    ASSERT_EQ(sheet->rows.size(), 5u);

    ASSERT_EQ(sheet->rows[0].size(), 8u);
    expect_cell(*sheet, 0, 0, Type::kString, "广西壮族自治区");
    expect_cell(*sheet, 0, 1, Type::kNumber, "12345.67");
    expect_cell(*sheet, 0, 2, Type::kBool, "TRUE");
    expect_cell(*sheet, 0, 3, Type::kString, "  padded  ");
    expect_cell(*sheet, 0, 4, Type::kString, "第一行\n第二行");
    expect_cell(*sheet, 0, 5, Type::kString, "加粗普通");
    expect_cell(*sheet, 0, 6, Type::kString, "结果");
    expect_cell(*sheet, 0, 7, Type::kBool, "FALSE");

    ASSERT_EQ(sheet->rows[1].size(), 5u);
    expect_cell(*sheet, 1, 0, Type::kNumber, "45000", true);
    expect_cell(*sheet, 1, 1, Type::kNumber, "45000.5", true);
    expect_cell(*sheet, 1, 2, Type::kNumber, "1234.5");
    expect_cell(*sheet, 1, 3, Type::kNumber, "7");
    expect_cell(*sheet, 1, 4, Type::kString, "text in a date format");  // a number format never marks text
    EXPECT_EQ(xlsx_serial_to_iso_date(at(*sheet, 1, 0).text), "2023-03-15");

    ASSERT_EQ(sheet->rows[2].size(), 7u);
    expect_cell(*sheet, 2, 0, Type::kString, "x");
    for (std::size_t col : {1u, 2u, 4u, 5u}) expect_cell(*sheet, 2, col, Type::kEmpty, "");
    expect_cell(*sheet, 2, 3, Type::kNumber, "-0.25");
    expect_cell(*sheet, 2, 6, Type::kString, "末");

    EXPECT_TRUE(sheet->rows[3].empty());  // row 5: present in the sheet but without a value
    ASSERT_EQ(sheet->rows[4].size(), 1u);
    expect_cell(*sheet, 4, 0, Type::kString, "last");
}

TEST_F(XlsxTest, ReadsInlineStringsOfConstantMemoryWorkbook) {
    fs::path path = file("inline.xlsx");
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = nullptr, .use_zip64 = LXW_FALSE};
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    worksheet_write_string(ws, 0, 0, "统一社会信用代码", nullptr);
    worksheet_write_string(ws, 0, 1, "企业名称", nullptr);
    worksheet_write_string(ws, 1, 0, "91450100MA5KXXXX1X", nullptr);
    worksheet_write_number(ws, 1, 1, 3, nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
    ASSERT_NE(read_zip_entry(path, "xl/worksheets/sheet1.xml").find("inlineStr"), std::string::npos);

    auto sheet = read_xlsx_first_sheet(path);
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    ASSERT_EQ(sheet->rows.size(), 2u);
    expect_cell(*sheet, 0, 0, Type::kString, "统一社会信用代码");
    expect_cell(*sheet, 0, 1, Type::kString, "企业名称");
    expect_cell(*sheet, 1, 0, Type::kString, "91450100MA5KXXXX1X");
    expect_cell(*sheet, 1, 1, Type::kNumber, "3");
}

// ---------------------------------------------------------------------------------------------
// Reading hand-made parts: the variants other writers produce.

TEST_F(XlsxTest, ReadsRichSharedStringsAndSkipsPhoneticRuns) {
    std::string shared = std::string("<sst xmlns=\"") + kMainNs + "\" count=\"4\" uniqueCount=\"4\">" +
                         "<si><t>plain</t></si>"
                         "<si><r><rPr><b/></rPr><t>南宁</t></r><r><t xml:space=\"preserve\"> 市 </t></r></si>"
                         "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>"
                         "<si><t>a_x000D_b_x005F_x0041_</t></si>"
                         "</sst>";
    std::string rows =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>";
    write_zip(file("shared.xlsx"), minimal_xlsx(rows, shared));

    auto sheet = read_xlsx_first_sheet(file("shared.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    expect_cell(*sheet, 0, 0, Type::kString, "plain");
    expect_cell(*sheet, 0, 1, Type::kString, "南宁 市 ");
    expect_cell(*sheet, 0, 2, Type::kString, "漢字");
    expect_cell(*sheet, 0, 3, Type::kString, "a\rb_x0041_");
}

TEST_F(XlsxTest, ReadsRowsAndCellsWithoutReferencesAndOtherCellTypes) {
    std::string rows =
        "<row><c><v>1</v></c><c t=\"str\"><f>A1&amp;\"x\"</f><v>1x</v></c></row>"
        "<row><c r=\"C2\" t=\"e\"><v>#DIV/0!</v></c><c "
        "t=\"inlineStr\"><is><r><t>内</t></r><r><t>联</t></r></is></c></row>"
        "<row r=\"7\"><c t=\"n\"><v>1.2345E+7</v></c></row>"
        "<row><c r=\"B8\"><v>8</v></c></row>"
        "<row r=\"9\"><c r=\"A9\" t=\"s\"/></row>";  // a shared-string cell without a value is empty
    write_zip(file("norefs.xlsx"), minimal_xlsx(rows));

    auto sheet = read_xlsx_first_sheet(file("norefs.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    EXPECT_EQ(sheet->row_numbers, (std::vector<std::int64_t>{1, 2, 7, 8}));
    expect_cell(*sheet, 0, 0, Type::kNumber, "1");
    expect_cell(*sheet, 0, 1, Type::kString, "1x");
    expect_cell(*sheet, 1, 2, Type::kError, "#DIV/0!");
    expect_cell(*sheet, 1, 3, Type::kString, "内联");
    expect_cell(*sheet, 2, 0, Type::kNumber, "1.2345E+7");
    expect_cell(*sheet, 3, 1, Type::kNumber, "8");
}

TEST_F(XlsxTest, DetectsDateStylesFromCellXfsOnly) {
    std::string styles =
        std::string("<styleSheet xmlns=\"") + kMainNs + "\">" +
        "<numFmts count=\"4\">"
        "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00;&quot;d&quot;0\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"\\d0\"/>"
        "<numFmt numFmtId=\"14\" formatCode=\"0.00\"/>"  // a file may redefine a built-in id
        "</numFmts>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
        "<xf numFmtId=\"166\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"31\"/></cellXfs>"
        "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"165\" formatCode=\"yyyy\"/></dxf></dxfs>"
        "</styleSheet>";
    std::string rows = "<row r=\"1\">";
    for (int s = 0; s <= 7; ++s) {
        rows += "<c s=\"" + std::to_string(s) + "\"><v>45000</v></c>";
    }
    rows += "</row>";
    write_zip(file("styles.xlsx"), minimal_xlsx(rows, "", styles));

    auto sheet = read_xlsx_first_sheet(file("styles.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    const std::vector<bool> expected = {false, true, false, false, false, true, true, false};  // s=7: no such xf
    for (std::size_t s = 0; s < expected.size(); ++s) {
        SCOPED_TRACE("style " + std::to_string(s));
        EXPECT_EQ(at(*sheet, 0, s).date_format, expected[s]);
    }
}

TEST_F(XlsxTest, FollowsWorkbookToTheFirstSheet) {
    const std::string type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    Entries e = {
        {"xl/workbook.xml", workbook_xml("<sheet name=\"B\" sheetId=\"2\" r:id=\"rId7\"/>"
                                         "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>")},
        {"xl/_rels/workbook.xml.rels", rels_xml("<Relationship Id=\"rId1\" Type=\"" + type +
                                                "\" Target=\"worksheets/sheet1.xml\"/>"
                                                "<Relationship Id=\"rId7\" Type=\"" +
                                                type + "\" Target=\"/xl/worksheets/../sheets/data.xml\"/>")},
        {"xl/worksheets/sheet1.xml", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
        {"xl/sheets/data.xml", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")},
    };
    write_zip(file("order.xlsx"), e);
    auto sheet = read_xlsx_first_sheet(file("order.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    expect_cell(*sheet, 0, 0, Type::kNumber, "2");
}

TEST_F(XlsxTest, FallsBackToSheet1WithoutWorkbookPart) {
    write_zip(file("bare.xlsx"),
              {{"xl/worksheets/sheet1.xml", sheet_xml("<row r=\"2\"><c r=\"B2\"><v>5</v></c></row>")}});
    auto sheet = read_xlsx_first_sheet(file("bare.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    EXPECT_EQ(sheet->row_numbers, std::vector<std::int64_t>{2});
    expect_cell(*sheet, 0, 1, Type::kNumber, "5");
}

TEST_F(XlsxTest, EmptySheetHasNoRows) {
    write_zip(file("empty.xlsx"), minimal_xlsx("<row r=\"3\"><c r=\"A3\" s=\"0\"/></row>"));
    auto sheet = read_xlsx_first_sheet(file("empty.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    EXPECT_TRUE(sheet->rows.empty());
    EXPECT_TRUE(sheet->row_numbers.empty());
}

// ---------------------------------------------------------------------------------------------
// Untrusted input: every defect is a Status naming the file (and the part).

void expect_failure(const Result<XlsxSheet>& r, const std::vector<std::string>& needles) {
    ASSERT_FALSE(r.is_ok());
    EXPECT_TRUE(r.status().code() == StatusCode::kDataError || r.status().code() == StatusCode::kIoError);
    for (const auto& n : needles)
        EXPECT_NE(r.status().message(Lang::kEn).find(n), std::string::npos) << r.status().message(Lang::kEn);
}

TEST_F(XlsxTest, MissingFileIsAnIoError) {
    auto r = read_xlsx_first_sheet(file("nowhere.xlsx"));
    expect_failure(r, {"nowhere.xlsx"});
    EXPECT_EQ(r.status().code(), StatusCode::kIoError);
}

TEST_F(XlsxTest, RandomBytesAreADataError) {
    std::mt19937 rng(42);
    std::string noise(4096, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    std::ofstream(file("noise.xlsx"), std::ios::binary) << noise;
    auto r = read_xlsx_first_sheet(file("noise.xlsx"));
    expect_failure(r, {"noise.xlsx"});
    EXPECT_EQ(r.status().code(), StatusCode::kDataError);
}

TEST_F(XlsxTest, ZipWithoutWorkbookIsADataError) {
    write_zip(file("other.xlsx"), {{"hello.txt", "hello"}});
    expect_failure(read_xlsx_first_sheet(file("other.xlsx")), {"other.xlsx", "xl/worksheets/sheet1.xml"});
}

TEST_F(XlsxTest, TruncatedFileIsAnError) {
    fs::path whole = file("whole.xlsx");
    lxw_workbook* wb = workbook_new(whole.c_str());
    worksheet_write_string(workbook_add_worksheet(wb, nullptr), 0, 0, "data", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
    std::ifstream in(whole, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::size_t keep : {bytes.size() / 2, bytes.size() - 10, std::size_t{30}}) {
        std::ofstream(file("cut.xlsx"), std::ios::binary | std::ios::trunc) << bytes.substr(0, keep);
        SCOPED_TRACE("kept " + std::to_string(keep));
        expect_failure(read_xlsx_first_sheet(file("cut.xlsx")), {"cut.xlsx"});
    }
}

TEST_F(XlsxTest, CorruptedEntryDataFailsItsChecksum) {
    write_zip(file("crc.xlsx"), minimal_xlsx("<row r=\"1\"><c r=\"A1\"><v>12345</v></c></row>"), /*stored=*/true);
    std::fstream io(file("crc.xlsx"), std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(io)), std::istreambuf_iterator<char>());
    auto pos = bytes.find("12345");
    ASSERT_NE(pos, std::string::npos);
    io.seekp(static_cast<std::streamoff>(pos));
    io.write("54321", 5);
    io.close();
    expect_failure(read_xlsx_first_sheet(file("crc.xlsx")), {"crc.xlsx", "xl/worksheets/sheet1.xml"});
}

TEST_F(XlsxTest, MalformedXmlNamesPartAndLine) {
    std::string shared = std::string("<sst xmlns=\"") + kMainNs + "\">\n<si><t>ok</t></si>\n<si><t>bad</x></si></sst>";
    write_zip(file("output.xlsx"), minimal_xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", shared));
    expect_failure(read_xlsx_first_sheet(file("output.xlsx")),
                   {"output.xlsx: xl/sharedStrings.xml: XML error at line 3"});
}

TEST_F(XlsxTest, RejectsDoctypeAndEntityExpansion) {
    std::string sheet =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>"
        "</sheetData></worksheet>";
    write_zip(file("dtd.xlsx"), {{"xl/worksheets/sheet1.xml", sheet}});
    expect_failure(read_xlsx_first_sheet(file("dtd.xlsx")), {"dtd.xlsx", "xl/worksheets/sheet1.xml", "DOCTYPE"});
}

TEST_F(XlsxTest, RejectsOutOfRangeAndInconsistentReferences) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "XFE1"},
        {"<row r=\"1\"><c r=\"AAAA1\"><v>1</v></c></row>", "AAAA1"},
        {"<row r=\"1048577\"><c><v>1</v></c></row>", "1048577"},
        {"<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>", "A1048577"},
        {"<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", "1A"},
        {"<row r=\"2\"><c r=\"A3\"><v>1</v></c></row>", "A3"},
        {"<row r=\"5\"/><row r=\"4\"/>", "row 4"},
        {"<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>", "A1"},
        {"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", "shared string"},
        {"<row r=\"1\"><c r=\"A1\" t=\"zz\"><v>0</v></c></row>", "zz"},
        {"<row r=\"1\"><c r=\"A1\"><v>12abc</v></c></row>", "12abc"},
        {"<row r=\"1\"><c r=\"A1\" t=\"b\"><v>yes</v></c></row>", "yes"},
    };
    for (const auto& [rows, needle] : cases) {
        SCOPED_TRACE(rows);
        write_zip(file("refs.xlsx"), minimal_xlsx(rows));
        expect_failure(read_xlsx_first_sheet(file("refs.xlsx")), {"refs.xlsx: xl/worksheets/sheet1.xml: ", needle});
    }
}

TEST_F(XlsxTest, RejectsMoreThan16384Columns) {
    std::string row = "<row r=\"1\">";
    for (int i = 0; i <= 16384; ++i) row += "<c><v>1</v></c>";
    row += "</row>";
    write_zip(file("wide.xlsx"), minimal_xlsx(row));
    expect_failure(read_xlsx_first_sheet(file("wide.xlsx")), {"wide.xlsx", "16384 columns"});
}

// A zip bomb announces itself in the central directory: the declared size is refused before inflating.
TEST_F(XlsxTest, RefusesPartsDeclaredLargerThanOneGiB) {
    write_zip(file("bomb.xlsx"), {{"xl/worksheets/sheet1.xml", sheet_xml("")}}, /*stored=*/true);
    std::fstream io(file("bomb.xlsx"), std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(io)), std::istreambuf_iterator<char>());
    auto central = bytes.find("PK\x01\x02");
    ASSERT_NE(central, std::string::npos);
    io.seekp(static_cast<std::streamoff>(central + 24));  // uncompressed size in the central header
    const char huge[4] = {0x01, 0x00, 0x00, 0x40};        // 1 GiB + 1, little-endian
    io.write(huge, 4);
    io.close();
    expect_failure(read_xlsx_first_sheet(file("bomb.xlsx")), {"bomb.xlsx", "xl/worksheets/sheet1.xml", "1 GiB"});
}

TEST_F(XlsxTest, SharedStringIndexBeyondTableIsAnError) {
    std::string shared = std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>only</t></si></sst>";
    write_zip(file("idx.xlsx"), minimal_xlsx("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>1</v></c></row>", shared));
    expect_failure(read_xlsx_first_sheet(file("idx.xlsx")), {"idx.xlsx", "B1", "shared string 1"});
}

TEST_F(XlsxTest, MissingFirstSheetPartIsAnError) {
    Entries e = minimal_xlsx("");
    std::erase_if(e, [](const auto& entry) { return entry.first == "xl/worksheets/sheet1.xml"; });
    write_zip(file("nosheet.xlsx"), e);
    expect_failure(read_xlsx_first_sheet(file("nosheet.xlsx")), {"nosheet.xlsx", "xl/worksheets/sheet1.xml"});
}

// ---------------------------------------------------------------------------------------------
// Numbers and serials.

TEST(XlsxNumberTest, StoredNumberAsExcelShowsIt) {
    EXPECT_EQ(xlsx_number_to_decimal("1234.5599999999999"), "1234.56");
    EXPECT_EQ(xlsx_number_to_decimal("100"), "100");
    EXPECT_EQ(xlsx_number_to_decimal("1.2345E+7"), "12345000");
    EXPECT_EQ(xlsx_number_to_decimal("0.1"), "0.1");
    EXPECT_EQ(xlsx_number_to_decimal("0.30000000000000004"), "0.3");
    EXPECT_EQ(xlsx_number_to_decimal("-1234.5"), "-1234.5");
    EXPECT_EQ(xlsx_number_to_decimal("1E-7"), "0.0000001");
    EXPECT_EQ(xlsx_number_to_decimal("123456789012345678"), "123456789012346000");
    EXPECT_EQ(xlsx_number_to_decimal("0"), "0");
    EXPECT_EQ(xlsx_number_to_decimal("-0"), "0");
    EXPECT_EQ(xlsx_number_to_decimal(" 42 "), "42");
    EXPECT_EQ(xlsx_number_to_decimal("abc"), "abc");
    EXPECT_EQ(xlsx_number_to_decimal("inf"), "inf");
}

TEST(XlsxNumberTest, SerialToIsoDate) {
    EXPECT_EQ(xlsx_serial_to_iso_date("45000"), "2023-03-15");
    EXPECT_EQ(xlsx_serial_to_iso_date("44927"), "2023-01-01");
    EXPECT_EQ(xlsx_serial_to_iso_date("45000.75"), "2023-03-15");
    EXPECT_EQ(xlsx_serial_to_iso_date("44999.99999999999"), "2023-03-15");  // rounds to the millisecond
    EXPECT_EQ(xlsx_serial_to_iso_date("1"), "1900-01-01");
    EXPECT_EQ(xlsx_serial_to_iso_date("abc"), std::nullopt);
    EXPECT_EQ(xlsx_serial_to_iso_date("-1"), std::nullopt);
    EXPECT_EQ(xlsx_serial_to_iso_date("1e300"), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// The 公示 workbook, read back through the reader.

AwardLine award(std::string uscc, std::string name, std::string city, const std::string& clause, std::string period,
                std::int64_t yuan) {
    AwardLine l;
    l.uscc = std::move(uscc);
    l.name = std::move(name);
    l.city = std::move(city);
    l.clause_id = clause;
    l.clause_label = "（" + clause + "）条款" + clause;
    l.period = std::move(period);
    l.eligible = yuan > 0;
    l.computed_yuan = yuan + 1;
    l.capped_yuan = yuan;
    l.amount_yuan = yuan;
    l.reason = "说明";
    return l;
}

AwardTable sample_table() {
    AwardTable t;
    t.policy_id = "guangxi-2023";
    t.policy_title = "《关于巩固回升向好势头加力振作工业经济的政策措施》";
    t.document = "桂产业振兴指挥部〔2023〕2号";
    t.generated_at = "2023-08-01T10:00:00+08:00";
    t.budget_yuan = 6000000000;
    t.budget_scaled = true;
    t.lines = {
        award("91450200AAAAAAAAAA", "柳州乙公司", "柳州市", "2", "2023-01/2023-03", 30000),
        award("91450200AAAAAAAAAA", "柳州乙公司", "柳州市", "2", "2023-04/2023-06", 20000),
        award("91450100BBBBBBBBBB", "南宁甲公司", "南宁市", "1", "2023-01/2023-03", 12345),
        award("91450100BBBBBBBBBB", "南宁甲公司", "南宁市", "2", "2023-01/2023-03", 0),
        award("91450100AAAAAAAAAA", "南宁丙公司", "南宁市", "3", "2023-01/2023-03", 7),
        award("91451400AAAAAAAAAA", "崇左丁公司", "崇左市", "1", "2023-01/2023-03", 100000000),
        award("91450300AAAAAAAAAA", "桂林戊公司", "桂林市", "1", "2023-01/2023-03", 0),
    };
    for (const auto& l : t.lines) t.total_yuan += l.amount_yuan;
    return t;
}

std::vector<std::string> row_texts(const XlsxSheet& sheet, std::size_t row) {
    std::vector<std::string> out;
    for (const auto& c : sheet.rows.at(row))
        out.push_back(c.type == Type::kNumber ? xlsx_number_to_decimal(c.text) : c.text);
    return out;
}

using Row = std::vector<std::string>;

TEST_F(XlsxTest, AwardNoticeRoundTrip) {
    fs::path path = file("notice.xlsx");
    ASSERT_TRUE(write_award_notice_xlsx(path, sample_table()).is_ok());
    EXPECT_FALSE(fs::exists(file("notice.xlsx.part")));

    auto sheet = read_xlsx_first_sheet(path);
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    ASSERT_EQ(sheet->rows.size(), 8u);
    EXPECT_EQ(sheet->row_numbers.front(), 1);
    EXPECT_EQ(sheet->row_numbers.back(), 8);
    EXPECT_EQ(at(*sheet, 0, 0).text,
              "《关于巩固回升向好势头加力振作工业经济的政策措施》 奖励资金拟安排企业名单（公示）");
    const std::string& subtitle = at(*sheet, 1, 0).text;
    EXPECT_NE(subtitle.find("桂产业振兴指挥部〔2023〕2号"), std::string::npos) << subtitle;
    EXPECT_NE(subtitle.find("2023-08-01T10:00:00+08:00"), std::string::npos) << subtitle;
    EXPECT_NE(subtitle.find("预算总额 600,000.00 万元，已按预算等比例核减"), std::string::npos) << subtitle;

    EXPECT_EQ(row_texts(*sheet, 2),
              (Row{"序号", "企业名称", "统一社会信用代码", "所属市", "奖励条款", "奖励金额（万元）"}));
    // City order first (南宁 < 柳州 < 崇左), USCC within a city, zero awards left out, periods summed.
    EXPECT_EQ(row_texts(*sheet, 3), (Row{"1", "南宁丙公司", "91450100AAAAAAAAAA", "南宁市", "（3）条款3", "0.0007"}));
    EXPECT_EQ(row_texts(*sheet, 4), (Row{"2", "南宁甲公司", "91450100BBBBBBBBBB", "南宁市", "（1）条款1", "1.2345"}));
    EXPECT_EQ(row_texts(*sheet, 5), (Row{"3", "柳州乙公司", "91450200AAAAAAAAAA", "柳州市", "（2）条款2", "5"}));
    EXPECT_EQ(row_texts(*sheet, 6), (Row{"4", "崇左丁公司", "91451400AAAAAAAAAA", "崇左市", "（1）条款1", "10000"}));
    EXPECT_EQ(at(*sheet, 7, 0).text, "合计");
    expect_cell(*sheet, 7, 5, Type::kNumber, at(*sheet, 7, 5).text);
    EXPECT_EQ(xlsx_number_to_decimal(at(*sheet, 7, 5).text), "10006.2352");

    std::string workbook = read_zip_entry(path, "xl/workbook.xml");
    EXPECT_NE(workbook.find("公示名单"), std::string::npos);
    EXPECT_NE(workbook.find("明细"), std::string::npos);
    std::string notice = read_zip_entry(path, "xl/worksheets/sheet1.xml");
    EXPECT_NE(notice.find("orientation=\"landscape\""), std::string::npos);
    EXPECT_NE(notice.find("paperSize=\"9\""), std::string::npos);
    EXPECT_NE(notice.find("第 &amp;P 页 共 &amp;N 页"), std::string::npos);
    EXPECT_NE(notice.find("SUM(F4:F7)"), std::string::npos);
    // 明细: a header and every line of the table, periods written the Chinese way.
    std::string detail = read_zip_entry(path, "xl/worksheets/sheet2.xml");
    std::size_t detail_rows = 0;
    for (auto p = detail.find("<row "); p != std::string::npos; p = detail.find("<row ", p + 1)) ++detail_rows;
    EXPECT_EQ(detail_rows, 8u);
    std::string strings = read_zip_entry(path, "xl/sharedStrings.xml");
    EXPECT_NE(strings.find("最终奖励（元）"), std::string::npos);
    EXPECT_NE(strings.find("2023年4—6月"), std::string::npos);
}

TEST_F(XlsxTest, AwardNoticeForOneCity) {
    fs::path path = file("nanning.xlsx");
    ASSERT_TRUE(write_award_notice_xlsx_for_city(path, sample_table(), "南宁").is_ok());
    auto sheet = read_xlsx_first_sheet(path);
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    ASSERT_EQ(sheet->rows.size(), 6u);
    EXPECT_NE(at(*sheet, 1, 0).text.find("范围：南宁市"), std::string::npos);
    EXPECT_EQ(at(*sheet, 3, 1).text, "南宁丙公司");
    EXPECT_EQ(at(*sheet, 4, 1).text, "南宁甲公司");
    EXPECT_EQ(at(*sheet, 5, 0).text, "合计");
    EXPECT_EQ(xlsx_number_to_decimal(at(*sheet, 5, 5).text), "1.2352");

    fs::path empty = file("hezhou.xlsx");
    ASSERT_TRUE(write_award_notice_xlsx_for_city(empty, sample_table(), "贺州市").is_ok());
    auto none = read_xlsx_first_sheet(empty);
    ASSERT_TRUE(none.is_ok()) << none.status().message();
    ASSERT_EQ(none->rows.size(), 4u);
    EXPECT_EQ(at(*none, 3, 0).text, "合计");
    expect_cell(*none, 3, 5, Type::kNumber, "0");

    EXPECT_EQ(write_award_notice_xlsx_for_city(file("x.xlsx"), sample_table(), "长沙市").code(),
              StatusCode::kInvalidArgument);
}

TEST_F(XlsxTest, AwardNoticeWithoutBudgetOmitsIt) {
    AwardTable t = sample_table();
    t.budget_yuan.reset();
    ASSERT_TRUE(write_award_notice_xlsx(file("nobudget.xlsx"), t).is_ok());
    auto sheet = read_xlsx_first_sheet(file("nobudget.xlsx"));
    ASSERT_TRUE(sheet.is_ok()) << sheet.status().message();
    EXPECT_EQ(at(*sheet, 1, 0).text.find("预算"), std::string::npos);
}

TEST_F(XlsxTest, AwardNoticeToUnwritablePathIsAnIoError) {
    fs::path path = file("missing-dir") / "notice.xlsx";
    Status s = write_award_notice_xlsx(path, sample_table());
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find("notice.xlsx"), std::string::npos) << s.message();
    EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace zx
