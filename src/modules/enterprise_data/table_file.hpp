// The tables the data loaders read (internal to enterprise_data, data_loader.cpp and
// output_loader.cpp are its users): a CSV or XLSX file opened as text fields, the defects found in it,
// header mapping and the single-threaded row walk, and the field checks every table shares.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "platform/formats/csv_parser.hpp"
#include "platform/formats/text_file.hpp"
#include "platform/formats/xlsx_reader.hpp"

namespace zx::data_loader_internal {

using Fields = std::span<const std::string_view>;
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Cuts a value for a report without splitting a UTF-8 character; bytes that are not UTF-8 as hex.
std::string excerpt(std::string_view v);

// Defects of one worker; merged at the end, ordered by file and line.
struct DefectList {
    std::size_t max = 200;
    std::size_t total = 0;
    std::vector<Defect> list;
    void add(const std::string& file, std::int64_t line, std::string_view field, std::string_view value, std::string zh,
             std::string en, DefectKind kind = DefectKind::kOther) {
        ++total;
        if (list.size() < max)
            list.push_back({file, line, std::string(field), excerpt(value), std::move(zh), std::move(en), kind});
    }
};

// The source of one table: a CSV buffer or XLSX rows turned into text fields.
struct TableFile {
    std::string name;  // "output.csv"
    std::filesystem::path path;
    bool xlsx = false;
    MappedFile mapped;
    std::string converted;  // GB18030 converted to UTF-8
    std::string_view text;  // CSV bytes to scan (BOM removed)
    TextEncoding encoding = TextEncoding::kUtf8;
    XlsxSheet sheet;
};
// `ascii_only`: the table has no free-text column (output), so every valid field is ASCII and the
// encoding pass over the largest file is skipped; stray bytes still fail field validation.
Status open_file(const std::filesystem::path& path, const std::string& name, TableFile& t, DefectList& defects,
                 bool ascii_only);

// <dir>/<stem>.csv or <dir>/<stem>.xlsx (exactly one of them must exist), opened as open_file does.
Status open_table(const std::filesystem::path& dir, const std::string& stem, TableFile& t, DefectList& defects,
                  bool ascii_only = false);

// Maps required column names to their positions in the header row.
template <std::size_t N>
struct Columns {
    std::array<int, N> pos{};
    std::size_t width = 0;
};

// The trimmed value of required column `i` in a row ("" when the row is short).
template <std::size_t N>
std::string_view field_at(Fields f, const Columns<N>& cols, int i) {
    const std::size_t p = static_cast<std::size_t>(cols.pos[static_cast<std::size_t>(i)]);
    return p < f.size() ? trim(f[p]) : std::string_view();
}

template <std::size_t N>
bool map_header(const TableFile& t, Fields header, const std::array<std::string_view, N>& names, Columns<N>& cols,
                DefectList& defects) {
    cols.width = header.size();
    bool ok = true;
    for (std::size_t i = 0; i < N; ++i) {
        cols.pos[i] = -1;
        for (std::size_t h = 0; h < header.size(); ++h)
            if (trim(header[h]) == names[i]) cols.pos[i] = static_cast<int>(h);
        if (cols.pos[i] < 0) {
            std::string expected;
            for (auto n : names) expected += (expected.empty() ? "" : ",") + std::string(n);
            defects.add(t.name, 1, names[i], "", "缺少列“" + std::string(names[i]) + "”（表头应为 " + expected + "）",
                        "missing column \"" + std::string(names[i]) + "\" (header should be " + expected + ")");
            ok = false;
        }
    }
    return ok;
}

// Runs on_row over every data row of a table (header excluded), single-threaded.
template <typename OnHeader, typename OnRow>
void for_each_row(TableFile& t, OnHeader&& on_header, OnRow&& on_row) {
    if (t.xlsx) {
        std::vector<std::string> cells;
        std::vector<std::string_view> fields;
        for (std::size_t r = 0; r < t.sheet.rows.size(); ++r) {
            cells.clear();
            fields.clear();
            for (const auto& c : t.sheet.rows[r]) cells.push_back(c.text);
            for (const auto& c : cells) fields.emplace_back(c);
            bool blank = std::all_of(fields.begin(), fields.end(), [](std::string_view f) { return trim(f).empty(); });
            if (blank) continue;
            if (r == 0) {
                if (!on_header(Fields(fields))) return;
                continue;
            }
            on_row(Fields(fields), t.sheet.row_numbers[r], &t.sheet.rows[r]);
        }
        return;
    }
    bool header_seen = false, header_ok = false;
    scan_csv(t.text.data(), t.text.data() + t.text.size(), 1,
             [&](const std::vector<std::string_view>& f, std::int64_t line) {
                 if (!header_seen) {
                     header_seen = true;
                     header_ok = on_header(Fields(f.data(), f.size()));
                     return;
                 }
                 if (header_ok) on_row(Fields(f.data(), f.size()), line, nullptr);
             });
}
// Reports a row whose field count is not `width` (and clears `ok`).
void check_width(const std::string& file, std::int64_t line, Fields f, std::size_t width, DefectList& d, bool& ok);

// Reports a USCC that fails GB 32100-2015 (length, characters, check character); true when it passes.
bool check_uscc(const std::string& file, std::int64_t line, std::string_view field, std::string_view v, DefectList& d);

}  // namespace zx::data_loader_internal
