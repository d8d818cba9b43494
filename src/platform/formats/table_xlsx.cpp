#include "platform/formats/table_xlsx.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace zx {

namespace {

// One table as a sheet of `wb`; false when libxlsxwriter refuses the sheet (its name).
bool add_sheet(lxw_workbook* wb, lxw_format* head, const XlsxTable& t) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet.c_str());
    if (!ws) return false;
    for (std::size_t i = 0; i < t.headers.size(); ++i)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), t.headers[i].c_str(), head);
    for (std::size_t i = 0; i < t.widths.size(); ++i)
        if (t.widths[i] > 0)
            worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), t.widths[i], nullptr);
    std::vector<lxw_format*> formats(t.number_formats.size(), nullptr);
    for (std::size_t i = 0; i < t.number_formats.size(); ++i)
        if (!t.number_formats[i].empty()) {
            formats[i] = workbook_add_format(wb);
            format_set_num_format(formats[i], t.number_formats[i].c_str());
        }
    lxw_row_t row = 1;
    for (const auto& cells : t.rows) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto col = static_cast<lxw_col_t>(i);
            if (const auto* s = std::get_if<std::string>(&cells[i]))
                worksheet_write_string(ws, row, col, s->c_str(), nullptr);
            else
                worksheet_write_number(ws, row, col, static_cast<double>(std::get<std::int64_t>(cells[i])),
                                       i < formats.size() ? formats[i] : nullptr);
        }
        ++row;
    }
    worksheet_freeze_panes(ws, 1, 0);
    return true;
}

}  // namespace

Result<std::string> table_xlsx(const XlsxTable& t) {
    return tables_xlsx({t});
}

Result<std::string> tables_xlsx(const std::vector<XlsxTable>& tables) {
    std::random_device rd;
    const auto tmp =
        std::filesystem::temp_directory_path() / ("zx-table-" + std::to_string(rd()) + std::to_string(rd()) + ".xlsx");
    lxw_workbook* wb = workbook_new(tmp.c_str());
    if (!wb) return Status::io_error({"无法生成表格文件", "cannot write the workbook"});
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    for (const XlsxTable& t : tables)
        if (!add_sheet(wb, head, t)) {
            workbook_close(wb);
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return Status::internal({"无法生成表格文件", "cannot write the workbook"}, "sheet name " + t.sheet);
        }
    const lxw_error err = workbook_close(wb);
    std::string bytes;
    if (err == LXW_NO_ERROR) {
        std::ifstream f(tmp, std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        bytes = ss.str();
    }
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    if (err != LXW_NO_ERROR) return Status::io_error({"无法生成表格文件", "cannot write the workbook"});
    return bytes;
}

}  // namespace zx
