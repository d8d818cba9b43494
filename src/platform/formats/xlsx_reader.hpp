// Reads the cells of the first worksheet of an .xlsx workbook (libzip + expat, streaming, no DOM).
// The file is untrusted: every defect — corrupt zip, missing part, malformed XML, absurd size — comes
// back as a Status naming the file and the part, never as a crash or an exception.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace zx {

struct XlsxCell {
    enum class Type { kEmpty, kString, kNumber, kBool, kError };

    // kString: the string (shared, inline or formula result). kNumber: the number exactly as stored
    // ("12345.67", "1.2345E+7"). kBool: "TRUE" or "FALSE". kError: the error code ("#DIV/0!").
    std::string text;
    Type type = Type::kEmpty;
    // The cell's number format is a date or time format. Only ever set on kNumber cells, because a
    // number format does not apply to text; then `text` is an Excel serial (see xlsx_serial_to_iso_date).
    bool date_format = false;
};

struct XlsxSheet {
    // One entry per <row> element of the sheet, in sheet order. Rows missing from the sheet are not
    // filled in (row_numbers says where each row sits); trailing empty cells of a row are trimmed and
    // trailing rows that hold no value are dropped. Within a row, cells sit at their column index
    // (A = 0), gaps filled with kEmpty.
    std::vector<std::vector<XlsxCell>> rows;
    std::vector<std::int64_t> row_numbers;  // 1-based sheet row number of each entry of `rows`
};

// Reads the first sheet of the workbook (the first <sheet> of xl/workbook.xml, resolved through
// xl/_rels/workbook.xml.rels; xl/worksheets/sheet1.xml when the workbook part is missing).
// Errors: kIoError when the file cannot be opened or read; kDataError when it is not a valid xlsx.
// Messages read "<file name>: <part>: <what>", e.g.
// "output.xlsx: xl/sharedStrings.xml: XML error at line 3: mismatched tag".
Result<XlsxSheet> read_xlsx_first_sheet(const std::filesystem::path& path);

// A stored number as Excel displays it: the shortest plain decimal equal to the value rounded to 15
// significant digits ("1234.5599999999999" -> "1234.56", "1.2345E+7" -> "12345000"). Used when a
// money column arrives as a numeric cell. Text that is not a finite number is returned unchanged.
std::string xlsx_number_to_decimal(std::string_view stored);

// An Excel serial (1900 date system, possibly with a time fraction) as "YYYY-MM-DD". nullopt when the
// text is not a number or the date falls outside 1900..2199.
std::optional<std::string> xlsx_serial_to_iso_date(std::string_view stored);

}  // namespace zx
