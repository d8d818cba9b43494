// The sums kernel: absent cells and months outside the window count 0, presence is counted, the
// paired pass equals two single passes, and slicing over threads changes nothing.
#include <gtest/gtest.h>

#include "core/range_sums.hpp"

namespace zx {
namespace {

Dataset population(std::size_t n) {
    Dataset ds;
    for (std::size_t i = 0; i < n; ++i) {
        char code[19];
        std::snprintf(code, sizeof code, "91450100MA%08zu", i);
        ds.add_enterprise(code, "企业", static_cast<CityId>(i % 14), 3612, std::nullopt);
    }
    ds.finish();
    ds.set_output_window({YearMonth::of(2022, 1), YearMonth::of(2023, 12)});
    for (std::size_t i = 0; i < n; ++i)
        for (int k = 0; k < 24; ++k)
            if ((i + static_cast<std::size_t>(k)) % 5 != 0)  // every fifth cell absent
                ds.set_output(static_cast<EntId>(i), YearMonth::of(2022, 1) + k,
                              static_cast<std::int64_t>(i * 7 + static_cast<std::size_t>(k)));
    return ds;
}

TEST(RangeSums, SumsAndCountsWithinTheWindow) {
    const Dataset ds = population(3);
    const RangeSums s = range_sums(ds, {YearMonth::of(2021, 11), YearMonth::of(2022, 2)});
    // Enterprise 0: months 0..1 of the window (2022-01 absent since (0+0)%5 == 0), 2021 outside.
    EXPECT_EQ(s.fen[0], 1);
    EXPECT_EQ(s.present[0], 1);
    EXPECT_EQ(s.fen[1], 7 + 8);
    EXPECT_EQ(s.present[1], 2);
    const RangeSums none = range_sums(ds, {YearMonth::of(2025, 1), YearMonth::of(2025, 3)});
    EXPECT_EQ(none.fen[2], 0);
    EXPECT_EQ(none.present[2], 0);
}

TEST(RangeSums, PairEqualsTwoPassesOnAnyNumberOfThreads) {
    const Dataset ds = population(70'000);  // above the threshold where a second thread starts
    const MonthRange a{YearMonth::of(2023, 1), YearMonth::of(2023, 6)},
        b{YearMonth::of(2022, 1), YearMonth::of(2022, 6)};
    const RangeSums sa = range_sums(ds, a, 1), sb = range_sums(ds, b, 1);
    for (int threads : {1, 2, 3}) {
        const auto [pa, pb] = range_sums_pair(ds, a, b, threads);
        EXPECT_EQ(pa.fen, sa.fen) << threads;
        EXPECT_EQ(pa.present, sa.present) << threads;
        EXPECT_EQ(pb.fen, sb.fen) << threads;
        EXPECT_EQ(pb.present, sb.present) << threads;
        EXPECT_EQ(range_sums(ds, a, threads).fen, sa.fen);
    }
}

}  // namespace
}  // namespace zx
