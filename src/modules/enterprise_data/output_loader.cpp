#include "modules/enterprise_data/output_loader.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.hpp"
#include "core/parallel.hpp"
#include "core/uscc.hpp"

namespace zx::data_loader_internal {
namespace {

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

constexpr std::array<std::string_view, 3> kNames = {"uscc", "month", "output_yuan"};

OutputWorker make_worker(const TableFile& t, Dataset& ds, const Columns<3>& cols,
                         const std::optional<MonthRange>& window, std::size_t max_defects) {
    OutputWorker w;
    w.t = &t;
    w.ds = &ds;
    w.cols = &cols;
    w.window = window;
    w.defects.max = max_defects;
    return w;
}

// XLSX: the sheet is in memory already; one worker takes every row.
void parse_xlsx_output(TableFile& t, Columns<3>& cols, DefectList& d, OutputWorker& worker) {
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kNames, cols, d); },
        [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) { worker.row(f, line, cells); });
}

// The header of a CSV output file (its first record) mapped into `cols`. Returns where the body
// starts, or nothing once a missing header or column is reported.
std::optional<const char*> map_csv_header(const TableFile& t, Columns<3>& cols, DefectList& d) {
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
        return std::nullopt;
    }
    return body;
}

// A CSV body cut at line boundaries into one chunk per worker: chunk i is [cuts[i], cuts[i + 1]) and
// starts on file line first_line[i].
struct CsvChunks {
    std::vector<const char*> cuts;
    std::vector<std::int64_t> first_line;
    std::size_t parts() const { return cuts.size() - 1; }
};

CsvChunks cut_csv_body(const char* body, const char* end, int requested_threads) {
    constexpr int kMaxThreads = 16;
    int threads = worker_count(requested_threads, kMaxThreads);
    const bool has_quotes = std::memchr(body, '"', static_cast<std::size_t>(end - body)) != nullptr;
    if (has_quotes || end - body < (1 << 20)) threads = 1;
    CsvChunks chunks;
    chunks.cuts = split_at_lines(body, end, threads);
    const auto& cuts = chunks.cuts;
    const std::size_t parts = chunks.parts();
    // Line number of each chunk's start: counted in parallel, then prefix-summed.
    std::vector<std::int64_t> lines(parts, 0);
    parallel_tasks(parts - 1, [&](std::size_t i) { lines[i] = count_lines(cuts[i], cuts[i + 1]); });
    chunks.first_line.assign(parts, 2);
    for (std::size_t i = 1; i < parts; ++i) chunks.first_line[i] = chunks.first_line[i - 1] + lines[i - 1];
    return chunks;
}

// No window asked for (validate, uploads): learn the file's months first, so that its rows go
// straight into the matrix instead of a side buffer three times the size. Sets `window` (and the
// matrix of `ds`) unless the months span too many cells.
void prescan_months(const CsvChunks& chunks, const Columns<3>& cols, Dataset& ds, std::optional<MonthRange>& window) {
    const auto& cuts = chunks.cuts;
    const std::size_t parts = chunks.parts();
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

// Chunk i parsed by workers[i], all chunks in parallel; options.progress hears of every slice.
void parse_csv_chunks(const TableFile& t, const CsvChunks& chunks, const LoadOptions& options,
                      std::vector<OutputWorker>& workers) {
    const auto& cuts = chunks.cuts;
    const auto& first_line = chunks.first_line;
    const std::uint64_t total_bytes = static_cast<std::uint64_t>(t.text.size());
    std::atomic<std::uint64_t> done{0};
    std::mutex progress_mu;
    parallel_tasks(chunks.parts(), [&](std::size_t i) {
        const char* cb = cuts[i];
        const char* ce = cuts[i + 1];
        // Scan in slices so that progress can be reported; slices end at line boundaries.
        constexpr std::size_t kSlice = 8 << 20;
        std::int64_t line = first_line[i];
        while (cb < ce) {
            const char* se = cb + std::min<std::size_t>(kSlice, static_cast<std::size_t>(ce - cb));
            if (se < ce) {
                const char* nl2 = static_cast<const char*>(std::memchr(se, '\n', static_cast<std::size_t>(ce - se)));
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

// What the workers found, together: their defects go into `d` and their row count into `stats`.
struct MergedOutput {
    std::vector<OutputWorker::Outside> outside;
    std::vector<std::uint64_t> dup_keys;
    std::int32_t lo = INT32_MAX, hi = INT32_MIN;
    std::size_t placed = 0;
};

MergedOutput merge_workers(std::vector<OutputWorker>& workers, DefectList& d, LoadStats& stats) {
    MergedOutput m;
    for (auto& w : workers) {
        m.placed += w.placed;
        m.dup_keys.insert(m.dup_keys.end(), w.dup_keys.begin(), w.dup_keys.end());
        stats.output_rows += w.rows;
        m.lo = std::min(m.lo, w.min_month);
        m.hi = std::max(m.hi, w.max_month);
        m.outside.insert(m.outside.end(), w.outside.begin(), w.outside.end());
        merge_defects(d, std::move(w.defects));
    }
    return m;
}

// The rows outside the matrix window in key order: a key given twice is reported at its later line;
// with `place`, every other row is set in the matrix.
void place_outside_rows(const TableFile& t, Dataset& ds, std::vector<OutputWorker::Outside>& outside, bool place,
                        DefectList& d) {
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

void load_output(TableFile& t, Dataset& ds, const LoadOptions& options, DefectList& d, LoadStats& stats) {
    Columns<3> cols;
    std::optional<MonthRange> window = options.month_window;
    if (window) ds.set_output_window(*window);
    std::vector<OutputWorker> workers;
    if (t.xlsx) {
        workers.push_back(make_worker(t, ds, cols, window, options.max_defects));
        parse_xlsx_output(t, cols, d, workers[0]);
    } else {
        const auto body = map_csv_header(t, cols, d);
        if (!body) return;
        const CsvChunks chunks = cut_csv_body(*body, t.text.data() + t.text.size(), options.threads);
        if (!window) prescan_months(chunks, cols, ds, window);
        for (std::size_t i = 0; i < chunks.parts(); ++i)
            workers.push_back(make_worker(t, ds, cols, window, options.max_defects));
        parse_csv_chunks(t, chunks, options, workers);
    }
    MergedOutput merged = merge_workers(workers, d, stats);
    // Two threads that set one cell at the same instant both count it: then find the cells by a rescan.
    const bool raced = window && merged.placed != ds.output_cells_present();
    if (!merged.dup_keys.empty() || raced) report_duplicates(t, ds, cols, merged.dup_keys, raced, d);
    if (merged.lo <= merged.hi) stats.output_months = MonthRange{YearMonth{merged.lo}, YearMonth{merged.hi}};
    stats.output_rows_outside_window = options.month_window ? merged.outside.size() : 0;
    // Without a requested window the matrix spans the months the file holds; its rows were collected
    // on the side and are placed now.
    const bool place = !window && merged.lo <= merged.hi;
    if (place) ds.set_output_window(*stats.output_months);
    place_outside_rows(t, ds, merged.outside, place, d);
}

}  // namespace zx::data_loader_internal
