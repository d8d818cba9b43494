// An editable Word (.docx) document from paragraphs and tables, for bulletins (通报) that officials open
// in WPS or Word and edit before issuing. The package is plain WordprocessingML: real styles (Title,
// Heading 1/2 with outline levels, so the navigation pane works), the fonts, sizes, A4 page and margins
// of GB/T 9704-2012 (body 仿宋_GB2312 三号 on a fixed 28 pt line), bordered tables whose header row
// repeats on each page, and page numbers "— n —" in the footer (odd pages right, even pages left).
// Deterministic: the same Document, with `created` set, gives the same bytes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace zx::docx {

struct Run {
    std::string text;  // "\n" becomes a line break, "\t" a tab; other control characters are dropped
    bool bold = false;
};

enum class Style { kTitle, kSubtitle, kHeading1, kHeading2, kBody, kNote };

struct Paragraph {
    Style style = Style::kBody;
    std::vector<Run> runs;
    bool center = false;  // centred, without the body's two-character first-line indent
};

struct Table {
    std::vector<std::string> header;             // one header row, bold, repeated on each page
    std::vector<std::vector<std::string>> rows;  // each row has header.size() cells
    std::vector<bool> right_align;               // per column (numbers right-aligned); empty = all left
    std::vector<int> widths;                     // per column, in twips; empty = equal over the text width
};

using Block = std::variant<Paragraph, Table>;

struct Document {
    std::string title;   // docProps/core.xml's dc:title (not printed: add a kTitle paragraph for that)
    std::string author;  // dc:creator and cp:lastModifiedBy
    std::vector<Block> blocks;
    // dcterms:created/modified and the zip entries' times; empty = now (then the bytes vary by second).
    std::optional<std::chrono::sys_seconds> created;
};

// The .docx bytes. kInvalid when a table row's cell count differs from its header's, a table has no
// header, right_align or widths is neither empty nor one per column, a width is not positive, or a text
// is not UTF-8; kInternal when libzip fails.
Result<std::string> write_docx(const Document& doc);

// Convenience: a paragraph of one run.
Paragraph para(std::string text, Style style = Style::kBody);

}  // namespace zx::docx
