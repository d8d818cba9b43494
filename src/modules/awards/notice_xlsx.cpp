#include "modules/awards/notice_xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"
#include "core/region.hpp"

namespace zx {
namespace {

constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kSubtitleRow = 1;
constexpr lxw_row_t kHeaderRow = 2;
constexpr lxw_col_t kNoticeLastCol = 5;
constexpr std::uint8_t kPaperA4 = 9;

// One row of the 公示 list: an enterprise's award under one clause, summed over periods.
struct NoticeRow {
    const AwardLine* line;  // the first line of the group: name, city, clause label
    std::int64_t amount_yuan = 0;
    std::size_t city_rank = 0;
};

// Cities outside the 14 (which validated data never has) sort last rather than vanish.
std::size_t city_rank(std::string_view city) {
    auto id = find_city(city);
    return id ? *id : kCities.size();
}

std::vector<NoticeRow> notice_rows(const std::vector<const AwardLine*>& lines) {
    std::vector<NoticeRow> rows;
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> group_of;
    for (const AwardLine* line : lines) {
        auto [it, inserted] = group_of.try_emplace({line->uscc, line->clause_id}, rows.size());
        if (inserted) rows.push_back({line, 0, city_rank(line->city)});
        rows[it->second].amount_yuan += line->amount_yuan;
    }
    std::erase_if(rows, [](const NoticeRow& r) { return r.amount_yuan <= 0; });
    // Stable: an enterprise's clauses keep the table's clause order.
    std::stable_sort(rows.begin(), rows.end(), [](const NoticeRow& a, const NoticeRow& b) {
        if (a.city_rank != b.city_rank) return a.city_rank < b.city_rank;
        return a.line->uscc < b.line->uscc;
    });
    return rows;
}

double yuan_to_wan(std::int64_t yuan) {
    return static_cast<double>(yuan) / 10000.0;
}

std::string clause_text(const AwardLine& line) {
    return line.clause_label.empty() ? line.clause_id : line.clause_label;
}

std::string period_text(const std::string& period) {
    auto range = parse_month_range(period);
    return range ? format_month_range_zh(*range) : period;
}

std::string budget_text(std::int64_t budget_yuan, bool scaled) {
    constexpr std::int64_t kMaxYuanAsFen = std::numeric_limits<std::int64_t>::max() / 100;
    std::string amount = budget_yuan <= kMaxYuanAsFen && budget_yuan >= -kMaxYuanAsFen
                             ? format_wan_exact(budget_yuan * 100) + " 万元"
                             : format_int_grouped(budget_yuan) + " 元";
    return "预算总额 " + amount + (scaled ? "，已按预算等比例核减" : "");
}

std::string subtitle_text(const AwardTable& table, const std::optional<std::string_view>& city) {
    std::vector<std::string> parts;
    if (city) parts.push_back("范围：" + std::string(*city));
    if (!table.document.empty()) parts.push_back("依据：" + table.document);
    if (!table.generated_at.empty()) parts.push_back("生成时间：" + table.generated_at);
    if (table.budget_yuan) parts.push_back(budget_text(*table.budget_yuan, table.budget_scaled));
    if (!table.pending_note.empty()) parts.push_back(table.pending_note);
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "　") + p;  // full-width space, as in printed notices
    return out;
}

// libxlsxwriter reports per call; the first failure is the one worth showing.
class ErrorSink {
  public:
    void operator()(lxw_error e) {
        if (e != LXW_NO_ERROR && first_ == LXW_NO_ERROR) first_ = e;
    }
    lxw_error first() const { return first_; }

  private:
    lxw_error first_ = LXW_NO_ERROR;
};

struct Formats {
    lxw_format* title;
    lxw_format* subtitle;
    lxw_format* header;
    lxw_format* text;
    lxw_format* wrapped;
    lxw_format* centered;
    lxw_format* wan;
    lxw_format* total_label;
    lxw_format* total_wan;
    lxw_format* yuan;
};

lxw_format* bordered(lxw_workbook* wb) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(f, 11);
    return f;
}

Formats make_formats(lxw_workbook* wb) {
    Formats f{};
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 16);
    format_set_align(f.title, LXW_ALIGN_CENTER);
    format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f.title);
    f.subtitle = workbook_add_format(wb);
    format_set_font_size(f.subtitle, 10);
    format_set_align(f.subtitle, LXW_ALIGN_CENTER);
    format_set_align(f.subtitle, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f.subtitle);
    f.header = bordered(wb);
    format_set_bold(f.header);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_text_wrap(f.header);
    format_set_bg_color(f.header, 0xD9D9D9);
    f.text = bordered(wb);
    f.wrapped = bordered(wb);
    format_set_text_wrap(f.wrapped);
    f.centered = bordered(wb);
    format_set_align(f.centered, LXW_ALIGN_CENTER);
    f.wan = bordered(wb);
    format_set_num_format(f.wan, "0.0000");
    f.total_label = bordered(wb);
    format_set_bold(f.total_label);
    format_set_align(f.total_label, LXW_ALIGN_CENTER);
    f.total_wan = bordered(wb);
    format_set_bold(f.total_wan);
    format_set_num_format(f.total_wan, "0.0000");
    f.yuan = bordered(wb);
    format_set_num_format(f.yuan, "#,##0");
    return f;
}

void write_header(lxw_worksheet* ws, lxw_row_t row, const std::vector<const char*>& titles, lxw_format* format,
                  ErrorSink& sink) {
    for (std::size_t c = 0; c < titles.size(); ++c) {
        sink(worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), titles[c], format));
    }
}

void set_widths(lxw_worksheet* ws, const std::vector<double>& widths, ErrorSink& sink) {
    for (std::size_t c = 0; c < widths.size(); ++c) {
        sink(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr));
    }
}

void setup_notice_page(lxw_worksheet* ws, ErrorSink& sink) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, kPaperA4);
    worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many tall as needed
    worksheet_center_horizontally(ws);
    sink(worksheet_repeat_rows(ws, kHeaderRow, kHeaderRow));
    sink(worksheet_set_footer(ws, "&C第 &P 页 共 &N 页"));
    worksheet_freeze_panes(ws, kHeaderRow + 1, 0);
}

void write_notice_sheet(lxw_workbook* wb, const Formats& f, const AwardTable& table,
                        const std::vector<const AwardLine*>& lines, const std::optional<std::string_view>& city,
                        ErrorSink& sink) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "公示名单");
    set_widths(ws, {7, 38, 24, 11, 40, 18}, sink);
    setup_notice_page(ws, sink);

    std::string title = table.policy_title.empty() ? "" : table.policy_title + " ";
    title += "奖励资金拟安排企业名单（公示）";
    sink(worksheet_set_row(ws, kTitleRow, 44, nullptr));
    sink(worksheet_merge_range(ws, kTitleRow, 0, kTitleRow, kNoticeLastCol, title.c_str(), f.title));
    sink(worksheet_set_row(ws, kSubtitleRow, 30, nullptr));
    sink(worksheet_merge_range(ws, kSubtitleRow, 0, kSubtitleRow, kNoticeLastCol, subtitle_text(table, city).c_str(),
                               f.subtitle));
    write_header(ws, kHeaderRow, {"序号", "企业名称", "统一社会信用代码", "所属市", "奖励条款", "奖励金额（万元）"},
                 f.header, sink);

    lxw_row_t row = kHeaderRow + 1;
    std::int64_t total_yuan = 0;
    std::int64_t seq = 1;
    for (const NoticeRow& r : notice_rows(lines)) {
        sink(worksheet_write_number(ws, row, 0, static_cast<double>(seq++), f.centered));
        sink(worksheet_write_string(ws, row, 1, r.line->name.c_str(), f.wrapped));
        sink(worksheet_write_string(ws, row, 2, r.line->uscc.c_str(), f.centered));
        sink(worksheet_write_string(ws, row, 3, r.line->city.c_str(), f.centered));
        sink(worksheet_write_string(ws, row, 4, clause_text(*r.line).c_str(), f.wrapped));
        sink(worksheet_write_number(ws, row, 5, yuan_to_wan(r.amount_yuan), f.wan));
        total_yuan += r.amount_yuan;
        ++row;
    }

    // A formula keeps the total right if an official edits an amount; the cached value is exact.
    sink(worksheet_merge_range(ws, row, 0, row, kNoticeLastCol - 1, "合计", f.total_label));
    if (row > kHeaderRow + 1) {
        std::string formula = "=SUM(F" + std::to_string(kHeaderRow + 2) + ":F" + std::to_string(row) + ")";
        sink(worksheet_write_formula_num(ws, row, kNoticeLastCol, formula.c_str(), f.total_wan,
                                         yuan_to_wan(total_yuan)));
    } else {
        sink(worksheet_write_number(ws, row, kNoticeLastCol, 0, f.total_wan));
    }
}

void write_detail_sheet(lxw_workbook* wb, const Formats& f, const std::vector<const AwardLine*>& lines,
                        ErrorSink& sink) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "明细");
    set_widths(ws, {22, 34, 10, 34, 18, 9, 15, 15, 15, 80}, sink);
    write_header(ws, 0,
                 {"统一社会信用代码", "企业名称", "所属市", "条款", "期间", "是否符合", "计算奖励（元）",
                  "封顶后（元）", "最终奖励（元）", "说明"},
                 f.header, sink);
    lxw_row_t row = 1;
    for (const AwardLine* line : lines) {
        sink(worksheet_write_string(ws, row, 0, line->uscc.c_str(), f.text));
        sink(worksheet_write_string(ws, row, 1, line->name.c_str(), f.text));
        sink(worksheet_write_string(ws, row, 2, line->city.c_str(), f.text));
        sink(worksheet_write_string(ws, row, 3, clause_text(*line).c_str(), f.text));
        sink(worksheet_write_string(ws, row, 4, period_text(line->period).c_str(), f.text));
        sink(worksheet_write_string(ws, row, 5, line->eligible ? "是" : "否", f.text));
        sink(worksheet_write_number(ws, row, 6, static_cast<double>(line->computed_yuan), f.yuan));
        sink(worksheet_write_number(ws, row, 7, static_cast<double>(line->capped_yuan), f.yuan));
        sink(worksheet_write_number(ws, row, 8, static_cast<double>(line->amount_yuan), f.yuan));
        sink(worksheet_write_string(ws, row, 9, line->reason.c_str(), f.text));
        ++row;
    }
    worksheet_freeze_panes(ws, 1, 0);
    sink(worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 0, 9));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, kPaperA4);
    worksheet_fit_to_pages(ws, 1, 0);
    sink(worksheet_repeat_rows(ws, 0, 0));
    sink(worksheet_set_footer(ws, "&C第 &P 页 共 &N 页"));
}

// Closes (and so frees) a workbook abandoned by an exception; the normal path closes explicitly to
// learn whether the file was written.
struct WorkbookCloser {
    void operator()(lxw_workbook* wb) const { workbook_close(wb); }
};

Status close_error(const std::filesystem::path& path, lxw_error e) {
    const std::string why = lxw_strerror(e);
    return Status::io_error(
        {path.string() + "：无法写入工作簿：" + why, path.string() + ": cannot write the workbook: " + why});
}

Status write_workbook(const std::filesystem::path& path, const AwardTable& table,
                      const std::vector<const AwardLine*>& lines, const std::optional<std::string_view>& city) {
    // libxlsxwriter only opens the file at close, after all the work, and logs to stderr when it cannot;
    // a missing folder is the usual cause, so catch it first.
    std::error_code ec;
    std::filesystem::path parent = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(parent, ec)) {
        return Status::io_error(
            {path.string() + "：无法写入工作簿：目录 " + parent.string() + " 不存在",
             path.string() + ": cannot write the workbook: folder " + parent.string() + " does not exist"});
    }
    std::filesystem::path temp = path;
    temp += ".part";
    std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new(temp.c_str()));
    if (!wb)
        return Status::io_error({path.string() + "：无法创建工作簿（内存不足）",
                                 path.string() + ": cannot create the workbook (out of memory)"});

    std::string doc_title = table.policy_title.empty() ? "" : table.policy_title + " ";
    doc_title += "奖励资金拟安排企业名单";
    lxw_doc_properties props{};
    props.title = doc_title.data();
    props.author = const_cast<char*>("Zhenxing");
    ErrorSink sink;
    sink(workbook_set_properties(wb.get(), &props));
    Formats formats = make_formats(wb.get());
    write_notice_sheet(wb.get(), formats, table, lines, city, sink);
    write_detail_sheet(wb.get(), formats, lines, sink);

    lxw_error closed = workbook_close(wb.release());
    if (sink.first() != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
        std::filesystem::remove(temp, ec);
        if (closed != LXW_NO_ERROR) return close_error(path, closed);
        const std::string why = lxw_strerror(sink.first());
        return Status::data_error({path.string() + "：有数据无法写入工作簿：" + why,
                                   path.string() + ": a value cannot be stored in the workbook: " + why});
    }
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return Status::io_error({path.string() + "：无法将写好的工作簿移到目标位置：" + ec.message(),
                                 path.string() + ": cannot move the written workbook into place: " + ec.message()});
    }
    return Status::ok();
}

Status write_guarded(const std::filesystem::path& path, const AwardTable& table,
                     const std::vector<const AwardLine*>& lines, const std::optional<std::string_view>& city) {
    try {
        return write_workbook(path, table, lines, city);
    } catch (const std::bad_alloc&) {
        return Status::io_error(
            {path.string() + "：写入工作簿时内存不足", path.string() + ": out of memory while writing the workbook"});
    } catch (const std::exception& e) {
        return Status::io_error({path.string() + "：无法写入工作簿：" + e.what(),
                                 path.string() + ": cannot write the workbook: " + e.what()});
    } catch (...) {
        return Status::io_error({path.string() + "：无法写入工作簿", path.string() + ": cannot write the workbook"});
    }
}

}  // namespace

Status write_award_notice_xlsx(const std::filesystem::path& path, const AwardTable& table) {
    std::vector<const AwardLine*> lines;
    lines.reserve(table.lines.size());
    for (const AwardLine& line : table.lines) lines.push_back(&line);
    return write_guarded(path, table, lines, std::nullopt);
}

Status write_award_notice_xlsx_for_city(const std::filesystem::path& path, const AwardTable& table,
                                        std::string_view city) {
    auto id = find_city(city);
    if (!id)
        return Status::invalid({"未知的设区市“" + std::string(city) + "”：应为广西14个设区市之一",
                                "unknown city '" + std::string(city) + "': expected one of the 14 cities of Guangxi"});
    std::vector<const AwardLine*> lines;
    for (const AwardLine& line : table.lines) {
        if (find_city(line.city) == id) lines.push_back(&line);
    }
    return write_guarded(path, table, lines, kCities[*id]);
}

}  // namespace zx
