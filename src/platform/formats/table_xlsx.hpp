// One sheet of a table as an XLSX workbook (libxlsxwriter): a bold header row, then rows of cells
// that are text or whole numbers (integers well inside 2^53, which a spreadsheet's double holds
// exactly). For lists exported as they are shown.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace zx {

using XlsxCell = std::variant<std::string, std::int64_t>;

struct XlsxTable {
    std::string sheet;  // at most 31 characters, none of []:*?/\ (libxlsxwriter's rule)
    std::vector<std::string> headers;
    std::vector<std::vector<XlsxCell>> rows;
    std::vector<int> widths;  // column widths in characters, optional (0: the default width)
    // Number formats of the columns' numbers ("#,##0"), optional; an empty entry keeps the default.
    std::vector<std::string> number_formats;
};

Result<std::string> table_xlsx(const XlsxTable& t);
// Several tables, one sheet each, in order (sheet names unique).
Result<std::string> tables_xlsx(const std::vector<XlsxTable>& tables);

}  // namespace zx
