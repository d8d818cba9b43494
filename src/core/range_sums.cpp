#include "core/range_sums.hpp"

#include <algorithm>

#include "core/parallel.hpp"

namespace zx {

namespace {

// The columns [lo, hi) of the matrix that `months` covers; lo == hi when none.
std::pair<std::size_t, std::size_t> columns_of(const Dataset& ds, MonthRange months) {
    const MonthRange window = ds.output_window();
    if (ds.size() == 0 || months.last < months.first || !ds.in_window(window.first)) return {0, 0};
    const YearMonth first = std::max(months.first, window.first);
    const YearMonth last = std::min(months.last, window.last);
    if (last < first) return {0, 0};
    return {static_cast<std::size_t>(first - window.first), static_cast<std::size_t>(last - window.first) + 1};
}

RangeSums empty_sums(const Dataset& ds, MonthRange months) {
    RangeSums out;
    out.months = months;
    out.fen.assign(ds.size(), 0);
    out.present.assign(ds.size(), 0);
    return out;
}

// Below ~64k rows a thread costs more than it saves.
int parts_for(std::size_t n, int threads) {
    return n < 65536 ? 1 : worker_count(threads, 8);
}

}  // namespace

RangeSums range_sums(const Dataset& ds, MonthRange months, int threads) {
    RangeSums out = empty_sums(ds, months);
    // Plain locals, not a structured binding: lambdas capture them in every compiler we build with.
    const auto cols = columns_of(ds, months);
    const std::size_t lo = cols.first, hi = cols.second;
    if (lo == hi) return out;
    parallel_for(ds.size(), parts_for(ds.size(), threads), [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t e = begin; e < end; ++e) {
            const std::int64_t* row = ds.output_row(static_cast<EntId>(e));
            const std::uint8_t* has = ds.present_row(static_cast<EntId>(e));
            std::int64_t sum = 0;
            unsigned count = 0;
            for (std::size_t c = lo; c < hi; ++c) {
                sum += row[c];  // an absent cell holds 0
                count += has[c];
            }
            out.fen[e] = sum;
            out.present[e] = static_cast<std::uint16_t>(count);
        }
    });
    return out;
}

std::pair<RangeSums, RangeSums> range_sums_pair(const Dataset& ds, MonthRange a, MonthRange b, int threads) {
    std::pair<RangeSums, RangeSums> out{empty_sums(ds, a), empty_sums(ds, b)};
    const auto acols = columns_of(ds, a), bcols = columns_of(ds, b);
    const std::size_t alo = acols.first, ahi = acols.second, blo = bcols.first, bhi = bcols.second;
    parallel_for(ds.size(), parts_for(ds.size(), threads), [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t e = begin; e < end; ++e) {
            const std::int64_t* row = ds.output_row(static_cast<EntId>(e));
            const std::uint8_t* has = ds.present_row(static_cast<EntId>(e));
            std::int64_t sa = 0, sb = 0;
            unsigned na = 0, nb = 0;
            for (std::size_t c = alo; c < ahi; ++c) sa += row[c], na += has[c];
            for (std::size_t c = blo; c < bhi; ++c) sb += row[c], nb += has[c];
            out.first.fen[e] = sa;
            out.first.present[e] = static_cast<std::uint16_t>(na);
            out.second.fen[e] = sb;
            out.second.present[e] = static_cast<std::uint16_t>(nb);
        }
    });
    return out;
}

}  // namespace zx
