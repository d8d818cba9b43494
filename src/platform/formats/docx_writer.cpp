#include "platform/formats/docx_writer.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <exception>
#include <memory>
#include <string_view>
#include <utility>

#include "core/utf8.hpp"

namespace zx::docx {
namespace {

// GB/T 9704-2012 §5.2: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (1 mm = 1440/25.4
// twips, rounded).
constexpr int kPageWidth = 11906;
constexpr int kPageHeight = 16838;
constexpr int kMarginTop = 2098;
constexpr int kMarginBottom = 1984;
constexpr int kMarginLeft = 1587;
constexpr int kMarginRight = 1474;
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
// The page number's 一字线 sits 7 mm under the text block; a 四号 line is about 6 mm high.
constexpr int kFooterDistance = 1304;

constexpr std::string_view kXmlDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                                      "\n";
constexpr std::string_view kNsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kNsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const Text kCannotWrite{"无法生成Word文件", "cannot write the Word document"};

// ---------------------------------------------------------------------------------------------
// Text.

// Appends `s` (valid UTF-8) as XML character data or attribute text. Control characters are not
// allowed in XML 1.0 (C0) or are invisible garbage in a document (DEL, C1), and U+FFFE/U+FFFF are not
// XML characters: all are dropped. Tab and newline map to a space here; runs handle them themselves.
void append_escaped(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&':
                out += "&amp;";
                continue;
            case '<':
                out += "&lt;";
                continue;
            case '>':
                out += "&gt;";
                continue;
            case '"':
                out += "&quot;";
                continue;
            case '\t':
            case '\n':
                out += ' ';
                continue;
            default:
                break;
        }
        if (c < 0x20 || c == 0x7F) continue;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            ++i;  // U+0080..U+009F
            continue;
        }
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            static_cast<unsigned char>(s[i + 2]) >= 0xBE) {
            i += 2;  // U+FFFE, U+FFFF
            continue;
        }
        out += static_cast<char>(c);
    }
}

std::string escaped(std::string_view s) {
    std::string out;
    append_escaped(out, s);
    return out;
}

// A run's text: pieces of <w:t>, with "\n" as <w:br/> and "\t" as <w:tab/> so that both survive
// editing (a literal newline in <w:t> is just white space to Word).
void append_run(std::string& out, std::string_view text, bool bold) {
    out += "<w:r>";
    if (bold) out += "<w:rPr><w:b/><w:bCs/></w:rPr>";
    while (!text.empty()) {
        const std::size_t cut = text.find_first_of("\n\t");
        const std::string_view piece = text.substr(0, cut);
        if (!piece.empty()) {
            out += R"(<w:t xml:space="preserve">)";
            append_escaped(out, piece);
            out += "</w:t>";
        }
        if (cut == std::string_view::npos) break;
        out += text[cut] == '\n' ? "<w:br/>" : "<w:tab/>";
        text.remove_prefix(cut + 1);
    }
    out += "</w:r>";
}

// ---------------------------------------------------------------------------------------------
// Validation: every defect is found before any XML is built.

Status invalid_utf8(std::size_t block, const std::string& where_zh, const std::string& where_en) {
    const std::string n = std::to_string(block + 1);
    return Status::invalid({"第 " + n + " 块" + where_zh + "不是有效的UTF-8文本",
                            "block " + n + where_en + ": the text is not valid UTF-8"});
}

Status check_table(std::size_t block, const Table& t) {
    const std::string b = std::to_string(block + 1);
    const std::size_t cols = t.header.size();
    const std::string n = std::to_string(cols);
    if (cols == 0) return Status::invalid({"第 " + b + " 块表格没有表头", "block " + b + ": the table has no header"});
    if (!t.right_align.empty() && t.right_align.size() != cols) {
        return Status::invalid({"第 " + b + " 块表格的对齐方式应为 " + n + " 列",
                                "block " + b + ": right_align must have one entry per column (" + n + ")"});
    }
    if (!t.widths.empty() && t.widths.size() != cols) {
        return Status::invalid({"第 " + b + " 块表格的列宽应为 " + n + " 列",
                                "block " + b + ": widths must have one entry per column (" + n + ")"});
    }
    if (std::any_of(t.widths.begin(), t.widths.end(), [](int w) { return w <= 0; })) {
        return Status::invalid(
            {"第 " + b + " 块表格的列宽必须为正数", "block " + b + ": column widths must be positive"});
    }
    for (const std::string& cell : t.header)
        if (!is_valid_utf8(cell)) return invalid_utf8(block, "表头", ", header");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const std::string row = std::to_string(r + 1);
        if (t.rows[r].size() != cols) {
            const std::string got = std::to_string(t.rows[r].size());
            return Status::invalid({"第 " + b + " 块表格第 " + row + " 行有 " + got + " 个单元格，表头有 " + n + " 列",
                                    "block " + b + ", table row " + row + ": " + got + " cells, the header has " + n});
        }
        for (const std::string& cell : t.rows[r])
            if (!is_valid_utf8(cell)) return invalid_utf8(block, "表格第 " + row + " 行", ", table row " + row);
    }
    return Status::ok();
}

Status check(const Document& doc) {
    if (!is_valid_utf8(doc.title) || !is_valid_utf8(doc.author)) {
        return Status::invalid(
            {"文档标题或作者不是有效的UTF-8文本", "the document's title or author is not valid UTF-8"});
    }
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
        if (const auto* t = std::get_if<Table>(&doc.blocks[i])) {
            if (Status s = check_table(i, *t); !s) return s;
            continue;
        }
        for (const Run& run : std::get<Paragraph>(doc.blocks[i]).runs)
            if (!is_valid_utf8(run.text)) return invalid_utf8(i, "段落", ", paragraph");
    }
    return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// word/document.xml

const char* style_id(Style s) {
    switch (s) {
        case Style::kTitle:
            return "Title";
        case Style::kSubtitle:
            return "Subtitle";
        case Style::kHeading1:
            return "Heading1";
        case Style::kHeading2:
            return "Heading2";
        case Style::kNote:
            return "Note";
        case Style::kBody:
            break;
    }
    return nullptr;  // Normal: Word leaves the default style implicit
}

void append_paragraph(std::string& out, const Paragraph& p) {
    out += "<w:p>";
    const char* id = style_id(p.style);
    if (id != nullptr || p.center) {
        out += "<w:pPr>";
        if (id != nullptr) out += std::string(R"(<w:pStyle w:val=")") + id + R"("/>)";
        if (p.center) out += R"(<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>)";
        out += "</w:pPr>";
    }
    for (const Run& run : p.runs) append_run(out, run.text, run.bold);
    out += "</w:p>";
}

constexpr std::string_view kBorders =
    R"(<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
    R"(<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
    R"(<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
    R"(<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
    R"(<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
    R"(<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>)";

void append_cell(std::string& out, int width, std::string_view text, const char* jc, bool bold) {
    out += R"(<w:tc><w:tcPr><w:tcW w:w=")" + std::to_string(width) + R"(" w:type="dxa"/><w:vAlign w:val="center"/>)";
    out += R"(</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>)";
    if (jc != nullptr) out += std::string(R"(<w:jc w:val=")") + jc + R"("/>)";
    out += "</w:pPr>";
    if (!text.empty()) append_run(out, text, bold);
    out += "</w:p></w:tc>";
}

void append_table(std::string& out, const Table& t) {
    const std::size_t cols = t.header.size();
    std::vector<int> widths = t.widths;
    if (widths.empty()) {
        const int each = kTextWidth / static_cast<int>(cols);
        widths.assign(cols, each);
        widths.back() += kTextWidth - each * static_cast<int>(cols);
    }
    int total = 0;
    for (int w : widths) total += w;

    out += R"(<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w=")" + std::to_string(total) +
           R"(" w:type="dxa"/><w:jc w:val="center"/>)";
    // The borders are also direct formatting: they stay when a user switches the table's style.
    out += kBorders;
    out += R"(<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0")"
           R"( w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>)";
    for (int w : widths) out += R"(<w:gridCol w:w=")" + std::to_string(w) + R"("/>)";
    out += "</w:tblGrid>";

    out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
    for (std::size_t c = 0; c < cols; ++c) append_cell(out, widths[c], t.header[c], "center", true);
    out += "</w:tr>";
    for (const auto& row : t.rows) {
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        for (std::size_t c = 0; c < cols; ++c) {
            const bool right = !t.right_align.empty() && t.right_align[c];
            append_cell(out, widths[c], row[c], right ? "right" : nullptr, false);
        }
        out += "</w:tr>";
    }
    out += "</w:tbl>";
}

std::string document_xml(const Document& doc) {
    std::string out(kXmlDecl);
    out += std::string(R"(<w:document xmlns:w=")") + std::string(kNsW) + R"(" xmlns:r=")" + std::string(kNsR) +
           R"("><w:body>)";
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
        if (const auto* p = std::get_if<Paragraph>(&doc.blocks[i])) {
            append_paragraph(out, *p);
            continue;
        }
        append_table(out, std::get<Table>(doc.blocks[i]));
        // Word merges two adjacent tables into one and needs a paragraph after a final table; the
        // empty paragraph it would add itself is written here, in the small table style.
        const bool next_is_paragraph =
            i + 1 < doc.blocks.size() && std::holds_alternative<Paragraph>(doc.blocks[i + 1]);
        if (!next_is_paragraph) out += R"(<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>)";
    }
    out += R"(<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>)"
           R"(<w:footerReference w:type="even" r:id="rId5"/>)";
    out += R"(<w:pgSz w:w=")" + std::to_string(kPageWidth) + R"(" w:h=")" + std::to_string(kPageHeight) + R"("/>)";
    out += R"(<w:pgMar w:top=")" + std::to_string(kMarginTop) + R"(" w:right=")" + std::to_string(kMarginRight) +
           R"(" w:bottom=")" + std::to_string(kMarginBottom) + R"(" w:left=")" + std::to_string(kMarginLeft) +
           R"(" w:header="851" w:footer=")" + std::to_string(kFooterDistance) + R"(" w:gutter="0"/>)";
    out += R"(<w:cols w:space="425"/></w:sectPr></w:body></w:document>)";
    return out;
}

// ---------------------------------------------------------------------------------------------
// Footers: GB/T 9704 §7.5 puts "— 1 —" in 四号 宋体, one character in from the right on odd pages
// and from the left on even pages.

std::string footer_xml(bool odd) {
    std::string out(kXmlDecl);
    out += std::string(R"(<w:ftr xmlns:w=")") + std::string(kNsW) + R"(" xmlns:r=")" + std::string(kNsR) + R"(">)";
    out += odd ? R"(<w:p><w:pPr><w:pStyle w:val="Footer"/><w:ind w:right="280"/><w:jc w:val="right"/></w:pPr>)"
               : R"(<w:p><w:pPr><w:pStyle w:val="Footer"/><w:ind w:left="280"/><w:jc w:val="left"/></w:pPr>)";
    out += R"(<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>)"
           R"(<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>)"
           R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>)"
           R"(<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>)";
    return out;
}

// ---------------------------------------------------------------------------------------------
// word/styles.xml: the built-in names ("heading 1", "Title") so that Word and WPS treat them as their
// own heading styles; python-docx reports them as "Heading 1", "Title".

constexpr std::string_view kStyles =
    R"(<w:docDefaults><w:rPrDefault><w:rPr>)"
    R"(<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>)"
    R"(<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>)"
    R"(</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>)"
    // Body text: 仿宋_GB2312 三号 on a fixed 28 pt line (22 lines a page), first line indented two characters.
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>)"
    R"(<w:pPr><w:widowControl w:val="0"/><w:spacing w:line="560" w:lineRule="exact"/>)"
    R"(<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>)"
    R"(<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman")"
    R"( w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>)"
    R"(<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">)"
    R"(<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>)"
    R"(<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>)"
    R"(<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>)"
    R"(<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>)"
    R"(<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>)"
    R"(<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>)"
    R"(<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>)"
    // Title: 方正小标宋简体 二号, centred.
    R"(<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>)"
    R"(<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:line="700" w:lineRule="exact"/>)"
    R"(<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>)"
    R"(<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="方正小标宋简体" w:hAnsi="Times New Roman"/>)"
    R"(<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>)"
    // Subtitle (the period or the issuing office under the title): 楷体_GB2312 三号, centred.
    R"(<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>)"
    R"(<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/>)"
    R"(<w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/>)"
    R"(</w:rPr></w:style>)"
    // Headings: 一级 黑体 三号, 二级 楷体_GB2312 三号 (GB/T 9704 §7.3.3), with outline levels for the
    // navigation pane; not bold, unlike Word's own defaults.
    R"(<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>)"
    R"(<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="0"/></w:pPr>)"
    R"(<w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>)"
    R"(<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/></w:pPr>)"
    R"(<w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>)"
    // Notes under a table or at the end: 仿宋_GB2312 四号.
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/>)"
    R"(<w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="560"/></w:pPr>)"
    R"(<w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>)"
    // Table cells: 仿宋_GB2312 小四, single spacing, no indent.
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/>)"
    R"(<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/>)"
    R"(<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>)"
    R"(<w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>)"
    R"(<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>)"
    R"(<w:uiPriority w:val="59"/><w:tblPr>)";

constexpr std::string_view kStylesEnd =
    R"(</w:tblPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>)"
    R"(<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/>)"
    R"(<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr><w:rPr><w:rFonts w:ascii="宋体" w:eastAsia="宋体")"
    R"( w:hAnsi="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style></w:styles>)";

std::string styles_xml() {
    std::string out(kXmlDecl);
    out += std::string(R"(<w:styles xmlns:w=")") + std::string(kNsW) + R"(">)";
    out += kStyles;
    out += kBorders;
    out += kStylesEnd;
    return out;
}

// word/fontTable.xml. charset 86 (GB2312) and the altName let Word and WPS substitute a similar font
// on machines without the GB2312-era fonts (仿宋 for 仿宋_GB2312, 宋体 for 方正小标宋简体).
std::string font_table_xml() {
    struct Font {
        const char* name;
        const char* alt;
        const char* panose;
        const char* charset;
        const char* family;
        const char* pitch;
    };
    constexpr Font kFonts[] = {
        {"Times New Roman", nullptr, "02020603050405020304", "00", "roman", "variable"},
        {"宋体", "SimSun", "02010600030101010101", "86", "auto", "variable"},
        {"仿宋_GB2312", "仿宋", "02010609030101010101", "86", "modern", "fixed"},
        {"黑体", "SimHei", "02010609060101010101", "86", "modern", "fixed"},
        {"楷体_GB2312", "楷体", "02010609030101010101", "86", "modern", "fixed"},
        {"方正小标宋简体", "宋体", "02000000000000000000", "86", "auto", "variable"},
    };
    std::string out(kXmlDecl);
    out += std::string(R"(<w:fonts xmlns:w=")") + std::string(kNsW) + R"(">)";
    for (const Font& f : kFonts) {
        out += std::string(R"(<w:font w:name=")") + f.name + R"(">)";
        if (f.alt != nullptr) out += std::string(R"(<w:altName w:val=")") + f.alt + R"("/>)";
        out += std::string(R"(<w:panose1 w:val=")") + f.panose + R"("/><w:charset w:val=")" + f.charset +
               R"("/><w:family w:val=")" + f.family + R"("/><w:pitch w:val=")" + f.pitch + R"("/></w:font>)";
    }
    out += "</w:fonts>";
    return out;
}

std::string settings_xml() {
    std::string out(kXmlDecl);
    out += std::string(R"(<w:settings xmlns:w=")") + std::string(kNsW) + R"(">)";
    // evenAndOddHeaders: the even-page footer (page number on the left) is used.
    // compatibilityMode 15: opens as a current document, not in Word's compatibility mode.
    out += R"(<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>)"
           R"(<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting)"
           R"( w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>)"
           R"(<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/>)"
           R"(<w:listSeparator w:val=","/></w:settings>)";
    return out;
}

// ---------------------------------------------------------------------------------------------
// The package parts.

constexpr std::string_view kContentTypes =
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/word/document.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
    R"(<Override PartName="/word/styles.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>)"
    R"(<Override PartName="/word/settings.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>)"
    R"(<Override PartName="/word/fontTable.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>)"
    R"(<Override PartName="/word/footer1.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>)"
    R"(<Override PartName="/word/footer2.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>)"
    R"(<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>)"
    R"(<Override PartName="/docProps/app.xml")"
    R"( ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>)";

constexpr std::string_view kPackageRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")"
    R"( Target="word/document.xml"/>)"
    R"(<Relationship Id="rId2")"
    R"( Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties")"
    R"( Target="docProps/core.xml"/>)"
    R"(<Relationship Id="rId3")"
    R"( Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties")"
    R"( Target="docProps/app.xml"/></Relationships>)";

// rId4 and rId5 are the footers document.xml's sectPr names.
constexpr std::string_view kDocumentRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles")"
    R"( Target="styles.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings")"
    R"( Target="settings.xml"/>)"
    R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")"
    R"( Target="fontTable.xml"/>)"
    R"(<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer")"
    R"( Target="footer1.xml"/>)"
    R"(<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer")"
    R"( Target="footer2.xml"/></Relationships>)";

constexpr std::string_view kAppXml =
    R"(<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")"
    R"( xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">)"
    R"(<Application>Zhenxing</Application><DocSecurity>0</DocSecurity></Properties>)";

std::string two_digits(unsigned v) {
    return {static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
}

// W3CDTF in UTC, "2026-11-30T08:00:00Z".
std::string w3cdtf(std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd(day);
    const std::chrono::hh_mm_ss hms(t - day);
    return std::to_string(static_cast<int>(ymd.year())) + "-" + two_digits(static_cast<unsigned>(ymd.month())) + "-" +
           two_digits(static_cast<unsigned>(ymd.day())) + "T" + two_digits(static_cast<unsigned>(hms.hours().count())) +
           ":" + two_digits(static_cast<unsigned>(hms.minutes().count())) + ":" +
           two_digits(static_cast<unsigned>(hms.seconds().count())) + "Z";
}

std::string core_xml(const Document& doc, std::chrono::sys_seconds created) {
    const std::string when = w3cdtf(created);
    std::string out(kXmlDecl);
    out += R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties")"
           R"( xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/")"
           R"( xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)";
    out += "<dc:title>" + escaped(doc.title) + "</dc:title><dc:creator>" + escaped(doc.author) +
           "</dc:creator><cp:lastModifiedBy>" + escaped(doc.author) + "</cp:lastModifiedBy>";
    out += R"(<dcterms:created xsi:type="dcterms:W3CDTF">)" + when + "</dcterms:created>";
    out += R"(<dcterms:modified xsi:type="dcterms:W3CDTF">)" + when + "</dcterms:modified></cp:coreProperties>";
    return out;
}

// ---------------------------------------------------------------------------------------------
// The zip, built in memory.

struct SourceFree {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};
struct ArchiveDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceFree>;
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscard>;

Status zip_failure(const std::string& what, zip_error_t* error) {
    return Status::internal(kCannotWrite, "libzip: " + what + ": " + zip_error_strerror(error));
}

struct Part {
    const char* name;
    std::string bytes;
};

Result<std::string> zip_parts(const std::vector<Part>& parts, std::time_t mtime) {
    zip_error_t error;
    zip_error_init(&error);
    struct ErrorFini {
        zip_error_t* e;
        ~ErrorFini() { zip_error_fini(e); }
    } fini{&error};

    SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer) return zip_failure("buffer", &error);
    ArchivePtr archive(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error));
    if (!archive) return zip_failure("open", &error);
    // The archive now holds the buffer's only reference and would free it on close: keep one to read.
    zip_source_keep(buffer.get());

    for (const Part& part : parts) {
        // The parts outlive zip_close, so libzip reads them in place (freep = 0).
        zip_source_t* src = zip_source_buffer(archive.get(), part.bytes.data(), part.bytes.size(), 0);
        if (src == nullptr) return zip_failure(part.name, zip_get_error(archive.get()));
        const zip_int64_t index = zip_file_add(archive.get(), part.name, src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);  // not taken over on failure
            return zip_failure(part.name, zip_get_error(archive.get()));
        }
        const auto i = static_cast<zip_uint64_t>(index);
        // A fixed time per document instead of "now": the same document gives the same bytes.
        if (zip_file_set_mtime(archive.get(), i, mtime, 0) != 0 ||
            zip_set_file_compression(archive.get(), i, ZIP_CM_DEFLATE, 0) != 0) {
            return zip_failure(part.name, zip_get_error(archive.get()));
        }
    }
    if (zip_close(archive.get()) != 0) return zip_failure("close", zip_get_error(archive.get()));
    (void)archive.release();  // closed and freed by zip_close

    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(buffer.get(), &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0)
        return zip_failure("stat", zip_source_error(buffer.get()));
    if (zip_source_open(buffer.get()) != 0) return zip_failure("read", zip_source_error(buffer.get()));
    std::string bytes(static_cast<std::size_t>(st.size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const zip_int64_t n = zip_source_read(buffer.get(), bytes.data() + done, bytes.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    zip_source_close(buffer.get());
    if (done != bytes.size()) return zip_failure("read", zip_source_error(buffer.get()));
    return bytes;
}

// DOS times start in 1980 (and libzip converts in local time): an earlier date is written as 1980-01-02.
std::time_t zip_time(std::chrono::sys_seconds t) {
    constexpr std::time_t kDosEpoch = 315619200;  // 1980-01-02T00:00:00Z
    return std::max(static_cast<std::time_t>(t.time_since_epoch().count()), kDosEpoch);
}

Result<std::string> write(const Document& doc) {
    if (Status s = check(doc); !s) return s;
    const std::chrono::sys_seconds created =
        doc.created ? *doc.created : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto with_decl = [](std::string_view body) { return std::string(kXmlDecl) + std::string(body); };
    // [Content_Types].xml first, as Office writes it: some readers sniff the type from the first entry.
    const std::vector<Part> parts = {
        {"[Content_Types].xml", with_decl(kContentTypes)},
        {"_rels/.rels", with_decl(kPackageRels)},
        {"word/document.xml", document_xml(doc)},
        {"word/styles.xml", styles_xml()},
        {"word/settings.xml", settings_xml()},
        {"word/fontTable.xml", font_table_xml()},
        {"word/footer1.xml", footer_xml(true)},
        {"word/footer2.xml", footer_xml(false)},
        {"word/_rels/document.xml.rels", with_decl(kDocumentRels)},
        {"docProps/core.xml", core_xml(doc, created)},
        {"docProps/app.xml", with_decl(kAppXml)},
    };
    return zip_parts(parts, zip_time(created));
}

}  // namespace

Result<std::string> write_docx(const Document& doc) {
    try {
        return write(doc);
    } catch (const std::exception& e) {
        return Status::internal(kCannotWrite, e.what());
    }
}

Paragraph para(std::string text, Style style) {
    Paragraph p;
    p.style = style;
    p.runs.push_back(Run{std::move(text), false});
    return p;
}

}  // namespace zx::docx
