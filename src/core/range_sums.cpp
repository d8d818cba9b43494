#include "core/range_sums.hpp"

#include <algorithm>

#include "core/parallel.hpp"

namespace zx {

RangeSums range_sums(const Dataset& ds, MonthRange months, int threads) {
    RangeSums out;
    out.months = months;
    const std::size_t n = ds.size();
    out.fen.assign(n, 0);
    out.present.assign(n, 0);
    const MonthRange window = ds.output_window();
    if (n == 0 || months.last < months.first || !ds.in_window(window.first)) return out;
    // The part of `months` the matrix holds, as column offsets into each row.
    const YearMonth first = std::max(months.first, window.first);
    const YearMonth last = std::min(months.last, window.last);
    if (last < first) return out;
    const auto lo = static_cast<std::size_t>(first - window.first);
    const auto hi = static_cast<std::size_t>(last - window.first) + 1;
    // Below ~64k rows a thread costs more than it saves.
    const int parts = n < 65536 ? 1 : worker_count(threads, 8);
    parallel_for(n, parts, [&](std::size_t, std::size_t begin, std::size_t end) {
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

}  // namespace zx
