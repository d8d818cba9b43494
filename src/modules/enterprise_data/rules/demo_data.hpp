// A synthetic but realistic population of Guangxi above-scale (规上) industrial enterprises, for demos,
// tests and benchmarks: valid USCCs, Chinese company names, the region's industry mix by city, log-normal
// firm sizes with a heavy tail, Spring Festival seasonality, 2023-vs-2022 growth, missing months, new
// entrants and designations with validity intervals.
//
// Deterministic: the same DemoOptions give the same enterprises, byte for byte, on every platform and
// compiler. All arithmetic is integer (fixed point), so no libm or std::*_distribution result can differ.
// Enterprise i depends only on (seed, i, months) and on which enterprises rank in the top 2.5% by 2022
// output (the `top500` designation), so a generator streams any number of enterprises in O(top 2.5%)
// memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/designation.hpp"
#include "core/region.hpp"

namespace zx {

struct DemoOptions {
    std::size_t enterprises = 20000;
    std::uint64_t seed = 1;
    MonthRange months = {YearMonth::of(2022, 1), YearMonth::of(2023, 12)};
};

// USCC serials are drawn without repetition from 31^5 values; more enterprises cannot be unique.
inline constexpr std::size_t kDemoMaxEnterprises = 28'629'151;

struct DemoDesignation {
    Designation kind = Designation::kTop500;
    Date valid_from;
    Date valid_to = kOpenEnd;  // kOpenEnd when open
};

struct DemoEnterprise {
    std::size_t index = 0;  // 0-based position in the stream
    std::string uscc;       // 18 characters, check character valid, unique in the stream
    std::string name;       // unique in the stream; never contains ',', '"' or a line break
    CityId city = 0;        // index into kCities
    int industry = 0;       // GB/T 4754-2017 four-digit class
    std::optional<YearMonth> scale_since;
    std::vector<DemoDesignation> designations;  // at most one per kind, in Designation order
    // One slot per month of DemoOptions::months, in order. A month with present[i] == 0 is absent from
    // the data (output_fen[i] is then 0 and means nothing): every month before scale_since, and a few
    // months of about 2% of the enterprises. Present outputs are >= 0.
    std::vector<std::int64_t> output_fen;
    std::vector<std::uint8_t> present;
};

// Streams the population. Construction costs one pass over the enterprises' 2022 output (to rank the
// top 2.5%), then each next() costs O(months). Not thread-safe; use one generator per thread.
class DemoGenerator {
  public:
    // options.enterprises must be <= kDemoMaxEnterprises and options.months non-empty (asserted; the io
    // layer validates user input before calling).
    explicit DemoGenerator(DemoOptions options);

    // Fills `out` (reusing its buffers) with the next enterprise; false when all have been produced.
    bool next(DemoEnterprise& out);
    // Starts the stream again from enterprise 0; the same enterprises follow.
    void rewind();

    std::size_t produced() const { return next_; }
    const DemoOptions& options() const { return options_; }

  private:
    DemoOptions options_;
    std::size_t next_ = 0;
    std::vector<std::uint32_t> top_;  // sorted indices of the top-2.5% enterprises by 2022 output
    std::size_t top_pos_ = 0;         // first entry of top_ not below next_
};

// The whole population in memory (enterprises, designations, output matrix over options.months),
// finished and ready for the engine. Memory is the Dataset's own: ~9 bytes per enterprise-month.
Dataset generate_dataset(const DemoOptions& options);

}  // namespace zx
