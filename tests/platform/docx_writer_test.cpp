// The DOCX writer: python-docx (an independent reader) sees the styles, texts, bold runs, alignment,
// fonts, page geometry and table of what was written; defects of the input are refused; the package
// holds every part, each well-formed XML; the bytes are deterministic.
#include "platform/formats/docx_writer.hpp"

#include <expat.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zx::docx {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The Debian interpreter: python3-docx is installed for it, not for a pyenv python3 on PATH.
constexpr const char* kPython = "/usr/bin/python3";

// Prints, one per line: the section's page size and margins (twips); per body paragraph its style, the
// style's East Asian font and size (through basedOn), "c" when centred, and its text with bold runs in
// **…**; per table row "R|h" when it repeats as a header, and per cell its alignment and text. Newlines
// and tabs print as \n and \t.
constexpr const char* kDumpScript = R"PY(
import sys
import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

def show(s):
    return s.replace('\\', '\\\\').replace('\n', '\\n').replace('\t', '\\t')

def text(p):
    return ''.join('**' + show(r.text) + '**' if r.bold else show(r.text) for r in p.runs)

def east_asia(style):
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn('w:eastAsia')):
            return rpr.rFonts.get(qn('w:eastAsia'))
        style = style.base_style
    return '-'

def size(style):
    while style is not None:
        if style.font.size is not None:
            return str(style.font.size.pt)
        style = style.base_style
    return '-'

def align(p):
    a = p.alignment
    return 'c' if a == WD_ALIGN_PARAGRAPH.CENTER else 'r' if a == WD_ALIGN_PARAGRAPH.RIGHT else '-'

d = docx.Document(sys.argv[1])
s = d.sections[0]
print('S|%d|%d|%d|%d|%d|%d' % (s.page_width.twips, s.page_height.twips, s.top_margin.twips,
                               s.bottom_margin.twips, s.left_margin.twips, s.right_margin.twips))
normal = d.styles['Normal'].paragraph_format
print('N|%d|%d' % (normal.line_spacing.twips, int(normal.line_spacing_rule)))
for el in d.element.body.iterchildren():
    if el.tag == qn('w:p'):
        p = Paragraph(el, d)
        print('P|%s|%s|%s|%s|%s' % (p.style.name, east_asia(p.style), size(p.style), align(p), text(p)))
    elif el.tag == qn('w:tbl'):
        for row in Table(el, d).rows:
            tr_pr = row._tr.trPr
            print('R|' + ('h' if tr_pr is not None and tr_pr.find(qn('w:tblHeader')) is not None else '-'))
            for cell in row.cells:
                print('C|%s|%s' % (align(cell.paragraphs[0]), text(cell.paragraphs[0])))
)PY";

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

class TempDir {
  public:
    TempDir() : path_(fs::temp_directory_path() / ("zx-docx-" + std::to_string(::getpid()))) {
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

Document bulletin() {
    Document doc;
    doc.title = "广西工业运行通报 & <十月>";
    doc.author = "自治区工业指挥中心";
    doc.created = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + 8h;
    doc.blocks.emplace_back(para("2026年10月全区工业运行情况通报", Style::kTitle));
    doc.blocks.emplace_back(para("（第10期）", Style::kSubtitle));
    doc.blocks.emplace_back(para("一、总体情况", Style::kHeading1));
    Paragraph mixed;
    mixed.runs = {{"全区规上工业增加值", false}, {"同比增长6.5%", true}, {"，好于预期。", false}};
    doc.blocks.emplace_back(mixed);
    doc.blocks.emplace_back(para(R"(A&B <x> "q")"));
    doc.blocks.emplace_back(para("第一行\n第二行\t（续）\x01完"));
    doc.blocks.emplace_back(para("（一）重点城市", Style::kHeading2));
    Table t;
    t.header = {"城市", "企业数", "增加值（亿元）"};
    t.rows = {{"南宁", "1,024", "512.30"}, {"柳州", "987", "498.10"}, {"桂林 & 北海", "<5>", "0.00"}};
    t.right_align = {false, true, true};
    doc.blocks.emplace_back(t);
    doc.blocks.emplace_back(para("注：数据来源于自治区统计局。", Style::kNote));
    Paragraph centred = para("（此页无正文）");
    centred.center = true;
    doc.blocks.emplace_back(centred);
    return doc;
}

TEST(DocxWriter, PythonDocxReadsStylesTextsAndTable) {
    // scripts/install-deps.sh installs python3-docx: its absence is a broken machine, not a skip.
    ASSERT_EQ(std::system((std::string(kPython) + " -c 'import docx' 2>/dev/null").c_str()), 0)
        << kPython << " has no python-docx (Debian package python3-docx; run scripts/install-deps.sh)";
    auto bytes = write_docx(bulletin());
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().message(Lang::kEn);

    TempDir dir;
    const fs::path file = dir.path() / "bulletin.docx";
    const fs::path script = dir.path() / "dump.py";
    std::ofstream(file, std::ios::binary) << *bytes;
    std::ofstream(script) << kDumpScript;
    const std::string out = run(std::string(kPython) + " " + script.string() + " " + file.string() + " 2>&1");

    const std::vector<std::string> expected = {
        "S|11906|16838|2098|1984|1587|1474",
        "N|560|4",  // WD_LINE_SPACING.EXACTLY
        "P|Title|方正小标宋简体|22.0|-|2026年10月全区工业运行情况通报",
        "P|Subtitle|楷体_GB2312|16.0|-|（第10期）",
        "P|Heading 1|黑体|16.0|-|一、总体情况",
        "P|Normal|仿宋_GB2312|16.0|-|全区规上工业增加值**同比增长6.5%**，好于预期。",
        R"(P|Normal|仿宋_GB2312|16.0|-|A&B <x> "q")",
        R"(P|Normal|仿宋_GB2312|16.0|-|第一行\n第二行\t（续）完)",
        "P|Heading 2|楷体_GB2312|16.0|-|（一）重点城市",
        "R|h",
        "C|c|**城市**",
        "C|c|**企业数**",
        "C|c|**增加值（亿元）**",
        "R|-",
        "C|-|南宁",
        "C|r|1,024",
        "C|r|512.30",
        "R|-",
        "C|-|柳州",
        "C|r|987",
        "C|r|498.10",
        "R|-",
        "C|-|桂林 & 北海",
        "C|r|<5>",
        "C|r|0.00",
        "P|Note|仿宋_GB2312|14.0|-|注：数据来源于自治区统计局。",
        "P|Normal|仿宋_GB2312|16.0|c|（此页无正文）",
    };
    EXPECT_EQ(lines(out), expected) << out;
}

TEST(DocxWriter, RowWithWrongCellCountIsInvalid) {
    Document doc = bulletin();
    Table t;
    t.header = {"城市", "企业数"};
    t.rows = {{"南宁", "1"}, {"柳州"}};
    doc.blocks.emplace_back(t);
    auto bytes = write_docx(doc);
    ASSERT_FALSE(bytes.is_ok());
    EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bytes.status().message(Lang::kEn).find("row 2"), std::string::npos) << bytes.status().message(Lang::kEn);

    t.rows = {{"南宁", "1", "多余"}};
    doc.blocks.back() = t;
    EXPECT_EQ(write_docx(doc).status().code(), StatusCode::kInvalidArgument);

    t.rows = {{"南宁", "1"}};
    t.right_align = {true};
    doc.blocks.back() = t;
    EXPECT_EQ(write_docx(doc).status().code(), StatusCode::kInvalidArgument);
}

TEST(DocxWriter, InvalidUtf8IsInvalid) {
    const std::string bad = "南宁\xE5\x8D";  // a truncated character
    {
        Document doc = bulletin();
        doc.blocks.emplace_back(para(bad));
        auto bytes = write_docx(doc);
        ASSERT_FALSE(bytes.is_ok());
        EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidArgument);
    }
    {
        Document doc = bulletin();
        std::get<Table>(doc.blocks[7]).rows[1][0] = "\xC0\xAF";  // overlong "/"
        EXPECT_EQ(write_docx(doc).status().code(), StatusCode::kInvalidArgument);
    }
    {
        Document doc = bulletin();
        doc.author = "\xFF";
        EXPECT_EQ(write_docx(doc).status().code(), StatusCode::kInvalidArgument);
    }
}

struct ArchiveDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscard>;

// The zip in `bytes`, opened read-only with a consistency check; null when libzip refuses it.
ArchivePtr open_zip(const std::string& bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src == nullptr) return nullptr;
    ArchivePtr z(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!z) zip_source_free(src);
    zip_error_fini(&error);
    return z;
}

std::optional<std::string> read_entry(zip_t* z, const char* name) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0) return std::nullopt;
    zip_file_t* f = zip_fopen(z, name, 0);
    if (f == nullptr) return std::nullopt;
    std::string bytes(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t n = zip_fread(f, bytes.data(), bytes.size());
    zip_fclose(f);
    if (n != static_cast<zip_int64_t>(bytes.size())) return std::nullopt;
    return bytes;
}

std::string xml_error(const std::string& xml) {
    XML_Parser parser = XML_ParserCreateNS(nullptr, '|');
    const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_OK;
    std::string error = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
    XML_ParserFree(parser);
    return error;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
    return n;
}

TEST(DocxWriter, PackageHoldsEveryPartAsWellFormedXml) {
    const Document doc = bulletin();
    auto bytes = write_docx(doc);
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().message(Lang::kEn);
    ArchivePtr z = open_zip(*bytes);
    ASSERT_TRUE(z);

    const std::vector<std::string> parts = {
        "[Content_Types].xml", "_rels/.rels",       "word/document.xml",
        "word/styles.xml",     "word/settings.xml", "word/fontTable.xml",
        "word/footer1.xml",    "word/footer2.xml",  "word/_rels/document.xml.rels",
        "docProps/core.xml",   "docProps/app.xml",
    };
    EXPECT_EQ(zip_get_num_entries(z.get(), 0), static_cast<zip_int64_t>(parts.size()));
    EXPECT_STREQ(zip_get_name(z.get(), 0, 0), "[Content_Types].xml");
    const auto created = static_cast<std::time_t>(doc.created->time_since_epoch().count());
    for (const std::string& part : parts) {
        auto xml = read_entry(z.get(), part.c_str());
        ASSERT_TRUE(xml) << part;
        EXPECT_EQ(xml_error(*xml), "") << part;
        zip_stat_t st;
        zip_stat_init(&st);
        ASSERT_EQ(zip_stat(z.get(), part.c_str(), 0, &st), 0);
        EXPECT_EQ(st.mtime, created) << part << ": the entry's time is the document's, not now";
    }

    const std::string document = *read_entry(z.get(), "word/document.xml");
    EXPECT_NE(document.find("A&amp;B &lt;x&gt; &quot;q&quot;"), std::string::npos);
    EXPECT_NE(document.find("第一行</w:t><w:br/>"), std::string::npos);
    EXPECT_EQ(document.find('\x01'), std::string::npos);
    EXPECT_NE(document.find(R"(<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587")"),
              std::string::npos);
    const std::string styles = *read_entry(z.get(), "word/styles.xml");
    EXPECT_NE(styles.find(R"(w:lang w:val="en-US" w:eastAsia="zh-CN")"), std::string::npos);
    EXPECT_NE(styles.find(R"(w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman")"),
              std::string::npos);
    EXPECT_NE(styles.find(R"(<w:outlineLvl w:val="0"/>)"), std::string::npos);
    EXPECT_NE(styles.find(R"(<w:outlineLvl w:val="1"/>)"), std::string::npos);
    const std::string fonts = *read_entry(z.get(), "word/fontTable.xml");
    EXPECT_NE(fonts.find(R"(<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>)"), std::string::npos);
    EXPECT_NE(fonts.find(R"(<w:font w:name="黑体"><w:altName w:val="SimHei"/>)"), std::string::npos);
    EXPECT_EQ(count(fonts, R"(<w:charset w:val="86"/>)"), 5U);
    const std::string core = *read_entry(z.get(), "docProps/core.xml");
    EXPECT_NE(core.find("<dc:title>广西工业运行通报 &amp; &lt;十月&gt;</dc:title>"), std::string::npos);
    EXPECT_NE(core.find("<dc:creator>自治区工业指挥中心</dc:creator>"), std::string::npos);
    EXPECT_NE(core.find(R"(<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T08:00:00Z</dcterms:created>)"),
              std::string::npos);
    EXPECT_NE(read_entry(z.get(), "word/footer1.xml")->find("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
              std::string::npos);
}

TEST(DocxWriter, SameDocumentGivesSameBytes) {
    auto a = write_docx(bulletin());
    ASSERT_TRUE(a.is_ok());
    auto b = write_docx(bulletin());
    ASSERT_TRUE(b.is_ok());
    EXPECT_EQ(*a, *b);

    Document later = bulletin();
    later.created = *later.created + 24h;
    auto c = write_docx(later);
    ASSERT_TRUE(c.is_ok());
    EXPECT_NE(*a, *c);
}

// Word would merge two adjacent tables into one, and wants a paragraph after a final table.
TEST(DocxWriter, TablesAreFollowedByAParagraph) {
    Document doc;
    Table t;
    t.header = {"甲", "乙"};
    t.rows = {{"1", "2"}};
    t.widths = {3000, 2000};
    doc.blocks = {t, t};
    auto bytes = write_docx(doc);
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().message(Lang::kEn);
    ArchivePtr z = open_zip(*bytes);
    ASSERT_TRUE(z);
    const std::string document = *read_entry(z.get(), "word/document.xml");
    EXPECT_EQ(count(document, "</w:tbl><w:p>"), 2U);
    EXPECT_EQ(count(document, R"(<w:gridCol w:w="3000"/><w:gridCol w:w="2000"/>)"), 2U);

    t.widths = {3000, 0};
    doc.blocks = {t};
    EXPECT_EQ(write_docx(doc).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace zx::docx
