// Column kernels over the Dataset's output matrix that the monitoring figures (and other modules'
// aggregates) share: per-enterprise sums over a range of months, in one pass over the rows.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/dataset.hpp"

namespace zx {

// Per enterprise: Σ output over `months` in fen (absent cells, and months outside the dataset's
// window, count 0) and how many of those months have a figure. Exact in int64 for ranges of up to
// 1,000 months (a cell is at most kMaxFen = INT64_MAX / 1000, parse_yuan's bound).
struct RangeSums {
    MonthRange months{};
    std::vector<std::int64_t> fen;
    std::vector<std::uint16_t> present;
};

// Both cores by default (`threads` 0): the rows are split in contiguous slices.
RangeSums range_sums(const Dataset& ds, MonthRange months, int threads = 0);
// Two ranges in one pass over the rows (a period and its base a year earlier): each row is read
// from memory once instead of twice.
std::pair<RangeSums, RangeSums> range_sums_pair(const Dataset& ds, MonthRange a, MonthRange b, int threads = 0);

}  // namespace zx
