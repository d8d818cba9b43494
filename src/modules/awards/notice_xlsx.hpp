// Writes the award table as the workbook officials print and publish (公示), using libxlsxwriter.
//
// Sheet 1 "公示名单": title, a subtitle (document, generation time, budget), then one row per
// (enterprise, clause) whose final amount summed over periods is positive, ordered by the official
// order of the 14 cities and then by USCC; amounts in 万元 (yuan / 10000, format 0.0000) and a 合计
// row. Printed landscape on A4, fitted to the page width, the column header repeated on every page.
// Sheet 2 "明细": every line of the table in table order, amounts in whole yuan.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/status.hpp"
#include "modules/awards/award_table.hpp"

namespace zx {

// Writes the whole table. The file is written beside `path` and renamed into place, so a failure
// never leaves a half-written workbook at `path`. Returns kIoError when the file cannot be written,
// kDataError when a value cannot be stored (e.g. a text over Excel's 32767 characters).
Status write_award_notice_xlsx(const std::filesystem::path& path, const AwardTable& table);

// The same workbook restricted to the lines of one city ("南宁市" or "南宁"); the subtitle names the
// city and the 合计 is that city's total. kInvalidArgument when `city` is not one of the 14 cities.
// A city without awards still gets a workbook (header and a zero 合计).
Status write_award_notice_xlsx_for_city(const std::filesystem::path& path, const AwardTable& table,
                                        std::string_view city);

}  // namespace zx
