#include "modules/enterprise_data/data_loader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <mutex>
#include <span>
#include <thread>

#include "core/industry.hpp"
#include "core/money.hpp"
#include "core/parallel.hpp"
#include "core/uscc.hpp"
#include "core/utf8.hpp"
#include "platform/formats/csv_parser.hpp"
#include "platform/formats/text_file.hpp"
#include "platform/formats/xlsx_reader.hpp"

namespace zx {
namespace {

using Fields = std::span<const std::string_view>;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Cuts a value for a report without splitting a UTF-8 character.
std::string excerpt(std::string_view v) {
    if (!is_valid_utf8(v)) {  // bytes of an unknown encoding: show them as hex rather than corrupt the report
        std::string hex;
        for (std::size_t i = 0; i < v.size() && i < 30; ++i) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02X", static_cast<unsigned char>(v[i]));
            hex += static_cast<unsigned char>(v[i]) < 0x80 && v[i] >= 0x20 ? std::string(1, v[i]) : std::string(b);
        }
        return hex;
    }
    if (v.size() <= 60) return std::string(v);
    return std::string(utf8_prefix(v, 60)) + "…";
}

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
                 bool ascii_only) {
    t.name = name;
    t.path = path;
    const std::string ext = path.extension().string();
    if (ext == ".xlsx" || ext == ".XLSX") {
        t.xlsx = true;
        auto sheet = read_xlsx_first_sheet(path);
        if (!sheet) return sheet.status();
        t.sheet = std::move(sheet).value();
        return Status::ok();
    }
    auto mapped = MappedFile::open(path);
    if (!mapped) return mapped.status();
    t.mapped = std::move(mapped).value();
    std::string_view bytes = t.mapped.bytes();
    t.encoding = ascii_only ? (bytes.substr(0, 3) == "\xEF\xBB\xBF" ? TextEncoding::kUtf8Bom : TextEncoding::kUtf8)
                            : detect_encoding(bytes);
    if (t.encoding == TextEncoding::kUtf8Bom) {
        t.text = bytes.substr(3);
    } else if (t.encoding == TextEncoding::kGb18030) {
        if (!gb18030_to_utf8(bytes, t.converted)) {
            defects.add(t.name, 0, "", "", "文件编码无法识别：既不是UTF-8也不是GB18030",
                        "unrecognised text encoding: neither UTF-8 nor GB18030");
            return Status::ok();
        }
        t.text = t.converted;
    } else {
        t.text = bytes;
    }
    return Status::ok();
}

Status open_table(const std::filesystem::path& dir, const std::string& stem, TableFile& t, DefectList& defects,
                  bool ascii_only = false) {
    std::error_code ec;
    const auto csv = dir / (stem + ".csv");
    const auto xlsx = dir / (stem + ".xlsx");
    const bool has_csv = std::filesystem::exists(csv, ec);
    const bool has_xlsx = std::filesystem::exists(xlsx, ec);
    if (has_csv && has_xlsx)
        return Status::invalid({dir.string() + "：" + stem + ".csv 与 " + stem + ".xlsx 同时存在，请只保留一个",
                                dir.string() + ": both " + stem + ".csv and " + stem + ".xlsx exist; keep one"});
    if (!has_csv && !has_xlsx)
        return Status::not_found({dir.string() + "：缺少文件 " + stem + ".csv（或 " + stem + ".xlsx）",
                                  dir.string() + ": missing " + stem + ".csv (or " + stem + ".xlsx)"});
    return open_file(has_xlsx ? xlsx : csv, stem + (has_xlsx ? ".xlsx" : ".csv"), t, defects, ascii_only);
}

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

constexpr std::string_view kEnterpriseFile = "enterprises";

void check_width(const std::string& file, std::int64_t line, Fields f, std::size_t width, DefectList& d, bool& ok) {
    if (f.size() != width) {
        d.add(file, line, "", "", "字段数应为" + std::to_string(width) + "个，实际为" + std::to_string(f.size()) + "个",
              "expected " + std::to_string(width) + " fields, found " + std::to_string(f.size()));
        ok = false;
    }
}

bool check_uscc(const std::string& file, std::int64_t line, std::string_view field, std::string_view v, DefectList& d) {
    switch (validate_uscc(v)) {
        case UsccError::kNone:
            return true;
        case UsccError::kLength:
            d.add(file, line, field, v, "统一社会信用代码应为18位，实际" + std::to_string(v.size()) + "个字符",
                  "a USCC has 18 characters, found " + std::to_string(v.size()));
            return false;
        case UsccError::kCharacter:
            d.add(file, line, field, v, "统一社会信用代码含非法字符（只允许数字和除I、O、Z、S、V外的大写字母）",
                  "USCC contains a character outside 0-9 and A-Y without I, O, Z, S, V");
            return false;
        case UsccError::kCheckCharacter:
            d.add(file, line, field, v,
                  std::string("统一社会信用代码校验位错误（按GB 32100-2015应为") + uscc_check_character(v) + "）",
                  std::string("USCC check character is wrong (GB 32100-2015 gives ") + uscc_check_character(v) + ")");
            return false;
    }
    return false;
}

// Loads enterprises and builds the USCC index; duplicates are found by the index.
void load_enterprises(TableFile& t, Dataset& ds, DefectList& d, std::vector<std::int64_t>& line_of) {
    static constexpr std::array<std::string_view, 5> kNames = {"uscc", "name", "city", "industry", "scale_since"};
    Columns<5> cols;
    line_of.clear();
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kNames, cols, d); },
        [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) {
            bool ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, ok);
            if (!ok) return;
            auto get = [&](int i) { return field_at(f, cols, i); };
            const std::string_view uscc = get(0), name = get(1), city = get(2), industry = get(3);
            std::string scale_text(get(4));
            if (cells) {
                std::size_t p = static_cast<std::size_t>(cols.pos[4]);
                if (p < cells->size() && (*cells)[p].type == XlsxCell::Type::kNumber) {
                    if (auto iso = xlsx_serial_to_iso_date((*cells)[p].text)) scale_text = iso->substr(0, 7);
                }
            }
            ok &= check_uscc(t.name, line, "uscc", uscc, d);
            if (name.empty()) {
                d.add(t.name, line, "name", name, "企业名称为空", "name is empty");
                ok = false;
            }
            auto city_id = find_city(city);
            if (!city_id) {
                d.add(t.name, line, "city", city, "所属市不是广西14个设区市之一",
                      "city is not one of Guangxi's 14 cities");
                ok = false;
            }
            const int cls = parse_industry_class(industry);
            if (cls < 0) {
                d.add(t.name, line, "industry", industry, "行业代码不是GB/T 4754-2017四位行业小类代码",
                      "industry is not a GB/T 4754-2017 four-digit class");
                ok = false;
            }
            std::optional<YearMonth> since;
            if (!trim(scale_text).empty()) {
                since = parse_year_month(trim(scale_text));
                if (!since) {
                    d.add(t.name, line, "scale_since", scale_text, "入规月份不是有效的YYYY-MM月份",
                          "scale_since is not a valid month YYYY-MM");
                    ok = false;
                }
            }
            if (ok) {
                ds.add_enterprise(uscc, name, *city_id, cls, since);
                line_of.push_back(line);
            }
        });
    for (const auto& [later, earlier] : ds.build_index()) {
        const std::string first = std::to_string(line_of[earlier]);
        d.add(t.name, line_of[later], "uscc", ds.uscc(later), "统一社会信用代码重复（首次出现在第" + first + "行）",
              "duplicate USCC (first seen on line " + first + ")");
    }
}

// Turns an XLSX date cell into "YYYY-MM-DD" text; leaves text cells alone.
std::string cell_date(std::string_view text, const std::vector<XlsxCell>* cells, int pos) {
    if (cells && pos >= 0 && static_cast<std::size_t>(pos) < cells->size() &&
        (*cells)[static_cast<std::size_t>(pos)].type == XlsxCell::Type::kNumber) {
        if (auto iso = xlsx_serial_to_iso_date((*cells)[static_cast<std::size_t>(pos)].text)) return *iso;
    }
    return std::string(text);
}

void load_designations(TableFile& t, Dataset& ds, DefectList& d, std::size_t& count) {
    static constexpr std::array<std::string_view, 4> kNames = {"uscc", "designation", "valid_from", "valid_to"};
    Columns<4> cols;
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kNames, cols, d); },
        [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) {
            bool ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, ok);
            if (!ok) return;
            auto get = [&](int i) { return field_at(f, cols, i); };
            const std::string_view uscc = get(0), kind = get(1);
            const std::string from_text = cell_date(get(2), cells, cols.pos[2]);
            const std::string to_text = cell_date(get(3), cells, cols.pos[3]);
            std::optional<EntId> ent;
            if (check_uscc(t.name, line, "uscc", uscc, d)) {
                ent = ds.find(uscc);
                if (!ent) {
                    d.add(t.name, line, "uscc", uscc, "该统一社会信用代码不在enterprises表中",
                          "USCC not found in enterprises", DefectKind::kUnknownEnterprise);
                    ok = false;
                }
            } else {
                ok = false;
            }
            auto des = find_designation(kind);
            if (!des) {
                d.add(t.name, line, "designation", kind,
                      "未知的认定类型（应为top500、dragon_head、little_giant、single_champion、new_in_scale、covid_"
                      "supplies、"
                      "cr_express之一）",
                      "unknown designation (expected one of top500, dragon_head, little_giant, single_champion, "
                      "new_in_scale, covid_supplies, cr_express)");
                ok = false;
            }
            auto from = parse_date(from_text);
            if (!from) {
                d.add(t.name, line, "valid_from", from_text, "有效期起不是有效日期（YYYY-MM-DD）",
                      "valid_from is not a valid date YYYY-MM-DD");
                ok = false;
            }
            std::optional<Date> to = kOpenEnd;
            if (!trim(to_text).empty()) {
                to = parse_date(trim(to_text));
                if (!to) {
                    d.add(t.name, line, "valid_to", to_text, "有效期止不是有效日期（YYYY-MM-DD），长期有效请留空",
                          "valid_to is not a valid date YYYY-MM-DD (leave empty when open)");
                    ok = false;
                } else if (from && *to < *from) {
                    d.add(t.name, line, "valid_to", to_text, "有效期止早于有效期起", "valid_to is before valid_from");
                    ok = false;
                }
            }
            if (ok) {
                ds.add_designation({*ent, *des, *from, *to});
                ++count;
            }
        });
}

// What a user reads about a rejected amount, in Chinese and English.
std::pair<std::string, std::string> amount_error_message(AmountError e) {
    switch (e) {
        case AmountError::kEmpty:
            return {"产值为空（没有数据的月份请不要列出）", "output is empty (leave out months without data)"};
        case AmountError::kNegative:
            return {"产值不能为负数", "output must not be negative"};
        case AmountError::kTooManyDecimals:
            return {"产值最多保留两位小数（元）", "output has more than two decimals"};
        case AmountError::kTooLarge:
            return {"产值超出可处理范围", "output is too large"};
        case AmountError::kMalformed:
        case AmountError::kNone:
            break;
    }
    return {"产值不是数字（以元为单位，如 12345.67，不要千分位）",
            "output is not a number in yuan such as 12345.67 (no thousands separators)"};
}

// Output rows: the bulk of the data, parsed by several threads over line-aligned chunks.
struct OutputWorker {
    const TableFile* t = nullptr;
    Dataset* ds = nullptr;
    const Columns<3>* cols = nullptr;
    std::optional<MonthRange> window;
    DefectList defects;
    struct Outside {
        std::uint64_t key;  // ent_month_key
        std::int64_t line;
        std::int64_t fen;
        bool operator<(const Outside& o) const { return key != o.key ? key < o.key : line < o.line; }
    };
    std::vector<Outside> outside;         // rows outside the matrix window, checked for duplicates at the end
    std::vector<std::uint64_t> dup_keys;  // cells of the matrix set twice
    std::size_t placed = 0;               // cells this worker set
    std::size_t rows = 0;
    std::int32_t min_month = INT32_MAX, max_month = INT32_MIN;
    std::string_view last_uscc;
    std::optional<EntId> last_ent;

    void row(Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) {
        if (!t->xlsx && f.size() != cols->width) {
            bool ok = true;
            check_width(t->name, line, f, cols->width, defects, ok);
            return;
        }
        auto get = [&](int i) { return field_at(f, *cols, i); };
        const std::string_view uscc = get(0);
        std::string_view month_text = get(1);
        std::string_view amount_text = get(2);
        std::string month_buf, amount_buf;
        if (cells) {
            const auto& c = *cells;
            const std::size_t mp = static_cast<std::size_t>(cols->pos[1]), ap = static_cast<std::size_t>(cols->pos[2]);
            if (mp < c.size() && c[mp].type == XlsxCell::Type::kNumber) {
                if (auto iso = xlsx_serial_to_iso_date(c[mp].text))
                    month_buf = iso->substr(0, 7), month_text = month_buf;
            }
            if (ap < c.size() && c[ap].type == XlsxCell::Type::kNumber) {
                amount_buf = xlsx_number_to_decimal(c[ap].text);
                amount_text = amount_buf;
            }
        }
        bool ok = true;
        std::optional<EntId> ent;
        if (uscc == last_uscc && !last_uscc.empty()) {
            ent = last_ent;
            ok = ent.has_value();
        } else if (last_ent && *last_ent + 1 < ds->size() && ds->uscc(*last_ent + 1) == uscc) {
            // Exports usually list output in the order of the enterprises: no lookup needed.
            ent = *last_ent + 1;
            if (!cells) {
                last_uscc = uscc;
                last_ent = ent;
            }
        } else {
            if (check_uscc(t->name, line, "uscc", uscc, defects)) {
                ent = ds->find(uscc);
                if (!ent) {
                    defects.add(t->name, line, "uscc", uscc, "该统一社会信用代码不在enterprises表中",
                                "USCC not found in enterprises", DefectKind::kUnknownEnterprise);
                    ok = false;
                }
            } else {
                ok = false;
            }
            if (!cells) {  // views into an XLSX row do not outlive it
                last_uscc = uscc;
                last_ent = ent;
            }
        }
        auto month = parse_year_month(month_text);
        if (!month) {
            defects.add(t->name, line, "month", month_text, "月份不是有效的YYYY-MM",
                        "month is not a valid month YYYY-MM");
            ok = false;
        }
        std::int64_t fen = 0;
        if (const AmountError e = parse_yuan(amount_text, fen); e != AmountError::kNone) {
            const auto [zh, en] = amount_error_message(e);
            defects.add(t->name, line, "output_yuan", amount_text, zh, en);
            ok = false;
        }
        if (!ok) return;
        ++rows;
        min_month = std::min(min_month, month->index);
        max_month = std::max(max_month, month->index);
        if (window && ds->in_window(*month)) {
            // Which of two threads sets a cell first is a matter of timing: duplicates are reported
            // after the parse, in file order (see report_duplicates).
            if (ds->set_output_concurrent(*ent, *month, fen))
                ++placed;
            else
                dup_keys.push_back(ent_month_key(*ent, *month));
        } else {
            outside.push_back({ent_month_key(*ent, *month), line, fen});
        }
    }
};

void merge_defects(DefectList& into, DefectList&& from) {
    into.total += from.total;
    for (auto& d : from.list)
        if (into.list.size() < into.max) into.list.push_back(std::move(d));
}

// Every output row whose (enterprise, month) key is in `keys` (sorted) or any row when all_keys, with
// its line. Rows whose enterprise or month does not parse are skipped (they were reported already).
std::vector<std::pair<std::uint64_t, std::int64_t>> scan_output_keys(TableFile& t, const Dataset& ds,
                                                                     const Columns<3>& cols,
                                                                     const std::vector<std::uint64_t>& keys,
                                                                     bool all_keys) {
    std::vector<std::pair<std::uint64_t, std::int64_t>> hits;
    for_each_row(
        t, [](Fields) { return true; },
        [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) {
            auto get = [&](int i) { return field_at(f, cols, i); };
            std::string month_text(get(1));
            if (cells) {
                const std::size_t mp = static_cast<std::size_t>(cols.pos[1]);
                if (mp < cells->size() && (*cells)[mp].type == XlsxCell::Type::kNumber)
                    if (auto iso = xlsx_serial_to_iso_date((*cells)[mp].text)) month_text = iso->substr(0, 7);
            }
            auto ent = ds.find(get(0));
            auto month = parse_year_month(month_text);
            if (!ent || !month) return;
            const std::uint64_t key = ent_month_key(*ent, *month);
            if (all_keys || std::binary_search(keys.begin(), keys.end(), key)) hits.emplace_back(key, line);
        });
    std::sort(hits.begin(), hits.end());
    return hits;
}

// Reports cells of the matrix given more than once: every occurrence after the first, in file order.
// Runs only when duplicates were seen, so it may rescan the file.
void report_duplicates(TableFile& t, const Dataset& ds, const Columns<3>& cols, std::vector<std::uint64_t>& keys,
                       bool all_keys, DefectList& d) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const auto hits = scan_output_keys(t, ds, cols, keys, all_keys);
    for (std::size_t i = 1; i < hits.size(); ++i) {
        if (hits[i].first != hits[i - 1].first) continue;
        std::size_t first = i - 1;
        while (first > 0 && hits[first - 1].first == hits[i].first) --first;
        const std::string at = std::to_string(hits[first].second);
        const YearMonth m = key_month(hits[i].first);
        d.add(t.name, hits[i].second, "month", format_year_month(m),
              "同一企业同一月份的产值重复出现（首次出现在第" + at + "行）",
              "duplicate output for this enterprise and month (first on line " + at + ")");
    }
}

void load_output(TableFile& t, Dataset& ds, const LoadOptions& options, DefectList& d, LoadStats& stats) {
    static constexpr std::array<std::string_view, 3> kNames = {"uscc", "month", "output_yuan"};
    Columns<3> cols;
    std::optional<MonthRange> window = options.month_window;
    if (window) ds.set_output_window(*window);
    std::vector<OutputWorker> workers;
    auto make_worker = [&] {
        OutputWorker w;
        w.t = &t;
        w.ds = &ds;
        w.cols = &cols;
        w.window = window;
        w.defects.max = options.max_defects;
        return w;
    };
    if (t.xlsx) {
        workers.push_back(make_worker());
        for_each_row(
            t, [&](Fields h) { return map_header(t, h, kNames, cols, d); },
            [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) { workers[0].row(f, line, cells); });
    } else {
        // Header: the first record.
        const char* begin = t.text.data();
        const char* end = begin + t.text.size();
        const char* nl = static_cast<const char*>(std::memchr(begin, '\n', t.text.size()));
        const char* body = nl ? nl + 1 : end;
        bool header_ok = false;
        scan_csv(begin, body, 1, [&](const std::vector<std::string_view>& f, std::int64_t) {
            header_ok = map_header(t, Fields(f.data(), f.size()), kNames, cols, d);
        });
        if (!header_ok) {
            if (cols.width == 0)
                d.add(t.name, 1, "", "", "文件为空或缺少表头 uscc,month,output_yuan", "empty file or missing header");
            return;
        }
        constexpr int kMaxThreads = 16;
        int threads = worker_count(options.threads, kMaxThreads);
        const bool has_quotes = std::memchr(body, '"', static_cast<std::size_t>(end - body)) != nullptr;
        if (has_quotes || end - body < (1 << 20)) threads = 1;
        const auto cuts = split_at_lines(body, end, threads);
        const std::size_t parts = cuts.size() - 1;
        // Line number of each chunk's start: counted in parallel, then prefix-summed.
        std::vector<std::int64_t> lines(parts, 0);
        parallel_tasks(parts - 1, [&](std::size_t i) { lines[i] = count_lines(cuts[i], cuts[i + 1]); });
        std::vector<std::int64_t> first_line(parts, 2);
        for (std::size_t i = 1; i < parts; ++i) first_line[i] = first_line[i - 1] + lines[i - 1];
        if (!window) {
            // No window asked for (validate, uploads): learn the file's months first, so that its rows go
            // straight into the matrix instead of a side buffer three times the size.
            std::vector<std::pair<std::int32_t, std::int32_t>> ranges(parts, {INT32_MAX, INT32_MIN});
            const std::size_t month_col = static_cast<std::size_t>(cols.pos[1]);
            parallel_tasks(parts, [&](std::size_t i) {
                scan_csv(cuts[i], cuts[i + 1], 0, [&](const std::vector<std::string_view>& f, std::int64_t) {
                    if (month_col >= f.size()) return;
                    if (auto m = parse_year_month(trim(f[month_col]))) {
                        ranges[i].first = std::min(ranges[i].first, m->index);
                        ranges[i].second = std::max(ranges[i].second, m->index);
                    }
                });
            });
            std::int32_t lo = INT32_MAX, hi = INT32_MIN;
            for (const auto& [a, b] : ranges) lo = std::min(lo, a), hi = std::max(hi, b);
            constexpr std::size_t kMaxCells = 100'000'000;  // ~0.9 GB of matrix; wider spans use the side buffer
            if (lo <= hi && static_cast<std::size_t>(hi - lo + 1) * std::max<std::size_t>(ds.size(), 1) <= kMaxCells) {
                window = MonthRange{YearMonth{lo}, YearMonth{hi}};
                ds.set_output_window(*window);
            }
        }
        for (std::size_t i = 0; i < parts; ++i) workers.push_back(make_worker());
        const std::uint64_t total_bytes = static_cast<std::uint64_t>(end - begin);
        std::atomic<std::uint64_t> done{0};
        std::mutex progress_mu;
        parallel_tasks(parts, [&](std::size_t i) {
            const char* cb = cuts[i];
            const char* ce = cuts[i + 1];
            // Scan in slices so that progress can be reported; slices end at line boundaries.
            constexpr std::size_t kSlice = 8 << 20;
            std::int64_t line = first_line[i];
            while (cb < ce) {
                const char* se = cb + std::min<std::size_t>(kSlice, static_cast<std::size_t>(ce - cb));
                if (se < ce) {
                    const char* nl2 =
                        static_cast<const char*>(std::memchr(se, '\n', static_cast<std::size_t>(ce - se)));
                    se = nl2 ? nl2 + 1 : ce;
                }
                std::int64_t seen = 0, bad = 0;
                bool closed = scan_csv(
                    cb, se, line,
                    [&](const std::vector<std::string_view>& f, std::int64_t ln) {
                        workers[i].row(Fields(f.data(), f.size()), ln, nullptr);
                    },
                    &seen, &bad);
                if (!closed) workers[i].defects.add(t.name, bad, "", "", "引号未闭合", "unterminated quoted field");
                line += seen;
                const std::uint64_t now =
                    done.fetch_add(static_cast<std::uint64_t>(se - cb)) + static_cast<std::uint64_t>(se - cb);
                if (options.progress) {
                    std::lock_guard lock(progress_mu);
                    options.progress(now, total_bytes);
                }
                cb = se;
            }
        });
    }
    std::vector<OutputWorker::Outside> outside;
    std::vector<std::uint64_t> dup_keys;
    std::int32_t lo = INT32_MAX, hi = INT32_MIN;
    std::size_t placed = 0;
    for (auto& w : workers) {
        placed += w.placed;
        dup_keys.insert(dup_keys.end(), w.dup_keys.begin(), w.dup_keys.end());
        stats.output_rows += w.rows;
        lo = std::min(lo, w.min_month);
        hi = std::max(hi, w.max_month);
        outside.insert(outside.end(), w.outside.begin(), w.outside.end());
        merge_defects(d, std::move(w.defects));
    }
    // Two threads that set one cell at the same instant both count it: then find the cells by a rescan.
    const bool raced = window && placed != ds.output_cells_present();
    if (!dup_keys.empty() || raced) report_duplicates(t, ds, cols, dup_keys, raced, d);
    if (lo <= hi) stats.output_months = MonthRange{YearMonth{lo}, YearMonth{hi}};
    stats.output_rows_outside_window = options.month_window ? outside.size() : 0;
    // Without a requested window the matrix spans the months the file holds; its rows were collected
    // on the side and are placed now.
    const bool place = !window && lo <= hi;
    if (place) ds.set_output_window(*stats.output_months);
    std::sort(outside.begin(), outside.end());
    for (std::size_t i = 0; i < outside.size(); ++i) {
        if (i > 0 && outside[i].key == outside[i - 1].key) {
            const YearMonth m = key_month(outside[i].key);
            d.add(t.name, outside[i].line, "month", format_year_month(m),
                  "同一企业同一月份的产值重复出现（首次出现在第" + std::to_string(outside[i - 1].line) + "行）",
                  "duplicate output for this enterprise and month (first on line " +
                      std::to_string(outside[i - 1].line) + ")");
            continue;
        }
        if (place) ds.set_output(key_ent(outside[i].key), key_month(outside[i].key), outside[i].fen);
    }
}

}  // namespace

Result<Dataset> load_dataset(const std::filesystem::path& dir, const LoadOptions& options, LoadReport& report) {
    report = LoadReport{};
    DefectList d;
    d.max = options.max_defects;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return Status::not_found({dir.string() + "：目录不存在", dir.string() + ": not a directory"});
    TableFile ent, des, out;
    if (auto s = open_table(dir, std::string(kEnterpriseFile), ent, d); !s) return s;
    if (auto s = open_table(dir, "designations", des, d); !s) return s;
    if (auto s = open_table(dir, "output", out, d, true); !s) return s;
    report.stats.encoding[0] = ent.xlsx ? "XLSX" : std::string(encoding_name(ent.encoding));
    report.stats.encoding[1] = des.xlsx ? "XLSX" : std::string(encoding_name(des.encoding));
    report.stats.encoding[2] = out.xlsx ? "XLSX" : std::string(encoding_name(out.encoding));

    Dataset ds;
    load_enterprises(ent, ds, d, report.stats.enterprise_lines);
    report.stats.enterprises = ds.size();
    load_designations(des, ds, d, report.stats.designations);
    load_output(out, ds, options, d, report.stats);
    ds.sort_designations();

    std::stable_sort(d.list.begin(), d.list.end(), [](const Defect& a, const Defect& b) {
        auto rank = [](const std::string& f) {
            return f.rfind("enterprises", 0) == 0 ? 0 : f.rfind("designations", 0) == 0 ? 1 : 2;
        };
        if (rank(a.file) != rank(b.file)) return rank(a.file) < rank(b.file);
        return a.line < b.line;
    });
    report.defects = std::move(d.list);
    report.defects_total = d.total;
    if (report.defects_total > 0)
        return Status::data_error({dir.string() + " 中有 " + std::to_string(report.defects_total) + " 处数据问题",
                                   std::to_string(report.defects_total) + " defect(s) in " + dir.string()});
    return ds;
}

std::string_view table_stem(TableKind kind) {
    switch (kind) {
        case TableKind::kEnterprises:
            return "enterprises";
        case TableKind::kDesignations:
            return "designations";
        case TableKind::kOutput:
            return "output";
    }
    return "";
}

Status load_table(TableKind kind, const std::filesystem::path& file, const std::string& display_name, Dataset& ds,
                  const LoadOptions& options, LoadReport& report) {
    report = LoadReport{};
    DefectList d;
    d.max = options.max_defects;
    TableFile t;
    if (auto s = open_file(file, display_name, t, d, kind == TableKind::kOutput); !s) return s;
    const int slot = static_cast<int>(kind);
    report.stats.encoding[slot] = t.xlsx ? "XLSX" : std::string(encoding_name(t.encoding));
    switch (kind) {
        case TableKind::kEnterprises:
            load_enterprises(t, ds, d, report.stats.enterprise_lines);
            report.stats.enterprises = ds.size();
            break;
        case TableKind::kDesignations:
            load_designations(t, ds, d, report.stats.designations);
            ds.sort_designations();
            break;
        case TableKind::kOutput:
            load_output(t, ds, options, d, report.stats);
            break;
    }
    std::stable_sort(d.list.begin(), d.list.end(), [](const Defect& a, const Defect& b) { return a.line < b.line; });
    report.defects = std::move(d.list);
    report.defects_total = d.total;
    if (report.defects_total > 0)
        return Status::data_error({display_name + " 中有 " + std::to_string(report.defects_total) + " 处数据问题",
                                   std::to_string(report.defects_total) + " defect(s) in " + display_name});
    return Status::ok();
}

std::vector<std::pair<std::uint64_t, std::int64_t>> locate_output_rows(const std::filesystem::path& file,
                                                                       const Dataset& ds,
                                                                       std::vector<std::uint64_t> keys) {
    DefectList d;
    TableFile t;
    if (!open_file(file, file.filename().string(), t, d, true)) return {};
    static constexpr std::array<std::string_view, 3> kNames = {"uscc", "month", "output_yuan"};
    Columns<3> cols;
    bool ok = false;
    for_each_row(
        t, [&](Fields h) { return ok = map_header(t, h, kNames, cols, d); },
        [](Fields, std::int64_t, const std::vector<XlsxCell>*) {});
    if (!ok) return {};
    std::sort(keys.begin(), keys.end());
    return scan_output_keys(t, ds, cols, keys, false);
}

}  // namespace zx
