// The evaluator under guangxi-default with inputs built in code: exemptions, missing figures, the
// zero-denominator and negative-value rules, ties, the grade splits at their boundaries, parks,
// and the what-if, inverse and sensitivity answers checked against evaluating again from scratch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "modules/park_evaluation/rules/evaluate.hpp"
#include "modules/park_evaluation/rules/explain.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

constexpr int kYear = 2023;

// Figures in base units: land 0.01 mu, money fen, energy 0.0001 tce, employees persons.
struct Fig {
    std::int64_t land = 10000, tax = 100000000, revenue = 400000000, va = 100000000, energy = 10000000, employees = 100,
                 rd = 8000000;
};

class ParksEvaluate : public ::testing::Test {
  protected:
    void SetUp() override {
        auto s = load_scheme(source_dir() / "schemes" / "guangxi-default");
        ASSERT_TRUE(s) << s.status().text().en;
        scheme_ = *s;
    }

    EnterpriseInput ent(const std::string& uscc, const Fig& f, int industry = 3411,
                        std::optional<YearMonth> since = YearMonth::of(2015, 1), const std::string& park = "") const {
        EnterpriseInput e;
        e.uscc = uscc;
        e.name = "企业" + uscc;
        e.industry = industry;
        e.scale_since = since;
        e.park_id = park;
        e.values.assign(scheme_.columns.size(), 0);
        e.present.assign(scheme_.columns.size(), 1);
        e.values[col("land_mu")] = f.land;
        e.values[col("tax_yuan")] = f.tax;
        e.values[col("revenue_yuan")] = f.revenue;
        e.values[col("value_added_yuan")] = f.va;
        e.values[col("energy_tce")] = f.energy;
        e.values[col("employees")] = f.employees;
        e.values[col("rd_yuan")] = f.rd;
        e.has_land = e.has_annual = true;
        return e;
    }
    std::size_t col(const std::string& name) const {
        const int c = scheme_.column(name);
        EXPECT_GE(c, 0) << name;
        return static_cast<std::size_t>(c);
    }
    static const EnterpriseRow* row_of(const Evaluation& ev, std::size_t input) {
        for (const auto& r : ev.rows)
            if (r.input == input) return &r;
        return nullptr;
    }
    int grade_index(const std::string& g) const {
        for (std::size_t i = 0; i < scheme_.splits.size(); ++i)
            if (scheme_.splits[i].grade == g) return static_cast<int>(i);
        return 1000;
    }
    // Tax varies with k, everything else equal: totals strictly decrease with k.
    std::vector<EnterpriseInput> ladder(int n) const {
        std::vector<EnterpriseInput> in;
        for (int k = 0; k < n; ++k) {
            Fig f;
            f.tax = 100000000 - k * 5000000;
            in.push_back(ent("E" + std::to_string(100 + k), f));
        }
        return in;
    }
    // ~40 enterprises with figures within ±25% of a common profile (totals close together), a few
    // with no energy, no revenue, negative tax or negative value added.
    std::vector<EnterpriseInput> population(unsigned seed, int n = 40) const {
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> u(0.75, 1.25);
        std::uniform_int_distribution<std::int64_t> land(5000, 15000);
        std::vector<EnterpriseInput> in;
        for (int i = 0; i < n; ++i) {
            Fig f;
            f.land = land(rng);
            f.tax = static_cast<std::int64_t>(static_cast<double>(f.land) * 100000 * u(rng));
            f.va = static_cast<std::int64_t>(static_cast<double>(f.land) * 300000 * u(rng));
            f.revenue = static_cast<std::int64_t>(static_cast<double>(f.va) * 4 * u(rng));
            f.energy = static_cast<std::int64_t>(static_cast<double>(f.va) / 50 * u(rng));
            f.employees =
                std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<double>(f.va) / 2e7 * u(rng)));
            f.rd = static_cast<std::int64_t>(static_cast<double>(f.revenue) * 0.02 * u(rng));
            if (i % 13 == 5) f.energy = 0;
            if (i % 17 == 3) f.revenue = 0;
            if (i % 11 == 7) f.tax = -f.tax / 10;
            if (i % 19 == 2) f.va = -f.va / 20;
            in.push_back(ent("R" + std::to_string(1000 + i), f));
        }
        return in;
    }

    Scheme scheme_;
};

TEST_F(ParksEvaluate, ExemptNewEntrantsAndUtilities) {
    std::vector<EnterpriseInput> in = {
        ent("E1", {}, 3411, YearMonth::of(kYear - 1, 1)),   // entered in January of Y−1: T
        ent("E2", {}, 3411, YearMonth::of(kYear - 1, 12)),  // December of Y−1: T
        ent("E3", {}, 3411, YearMonth::of(kYear, 6)),       // during Y: T
        ent("E4", {}, 3411, YearMonth::of(kYear - 2, 12)),  // Y−2: rated
        ent("E5", {}, 4511),                                // 燃气 (division 45): T
        ent("E6", {}, 4411),                                // 电力 (44): T
        ent("E7", {}, 4610),                                // 水 (46): T
        ent("E8", {}, 4300),                                // 43 is manufacturing: rated
        ent("E9", {}, 3411, std::nullopt),                  // no entry month: rated
    };
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    const std::set<std::string> exempt_ones = {"E1", "E2", "E3", "E5", "E6", "E7"};
    ASSERT_EQ(ev.rows.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const EnterpriseRow* r = row_of(ev, i);
        ASSERT_NE(r, nullptr) << in[i].uscc;
        if (exempt_ones.count(in[i].uscc)) {
            EXPECT_EQ(r->state, RowState::kExempt) << in[i].uscc;
            EXPECT_FALSE(r->exempt_reason_zh.empty());
            EXPECT_FALSE(r->exempt_reason_en.empty());
        } else {
            EXPECT_EQ(r->state, RowState::kRated) << in[i].uscc;
        }
    }
    EXPECT_EQ(ev.rated_rows.size(), 3u);
    EXPECT_EQ(ev.groups.at(0).n, 3u);
    std::string zh, en;
    EXPECT_TRUE(exempt(scheme_, in[4], kYear, zh, en));
    EXPECT_NE(zh.find("45"), std::string::npos) << zh;
    EXPECT_NE(en.find("45"), std::string::npos) << en;
    EXPECT_TRUE(exempt(scheme_, in[0], kYear, zh, en));
    EXPECT_NE(zh.find("2022-01"), std::string::npos) << zh;
    EXPECT_FALSE(exempt(scheme_, in[3], kYear, zh, en));
    // The same enterprise is rated the year after.
    EXPECT_FALSE(exempt(scheme_, in[1], kYear + 1, zh, en));
}

TEST_F(ParksEvaluate, LandWithoutFiguresIsMissingAndFiguresWithoutLandAreSetAside) {
    std::vector<EnterpriseInput> in = {ent("E1", {}), ent("E2", {}), ent("E3", {}), ent("E4", {})};
    in[1].has_annual = false;
    in[2].has_land = false;
    in[2].values[0] = 0;
    in[3].values[0] = 0;  // land recorded as zero: no land
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    EXPECT_EQ(ev.missing, (std::vector<std::size_t>{1}));
    EXPECT_EQ(ev.no_land, (std::vector<std::size_t>{2, 3}));
    ASSERT_EQ(ev.rows.size(), 1u);
    EXPECT_EQ(ev.rows[0].input, 0u);
    EXPECT_EQ(ev.rows[0].scored.rank, 1);
}

TEST_F(ParksEvaluate, ZeroEnergyScoresTheCap) {
    Fig none;
    none.energy = 0;
    std::vector<EnterpriseInput> in = {ent("E1", {}), ent("E2", none), ent("E3", {})};
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    const IndicatorScore& s = row_of(ev, 1)->scored.ind[2];
    EXPECT_TRUE(s.zero_den);
    EXPECT_TRUE(s.capped);
    EXPECT_EQ(compare(s.ratio, {2, 1}), 0);
    // The cap is a multiple of the benchmark: weight 20 × cap 2 = 40 points (as the golden case's
    // energy-free enterprise shows, 40.00), the most any enterprise can get for this indicator.
    EXPECT_EQ(s.rounded, 4000);
    EXPECT_EQ(compare(s.points, {40, 1}), 0);
    // Its value added still counts in the benchmark Σva ÷ Σenergy (3 ÷ 2 of the others' own ratio),
    // as in the golden case: the others score 2/3 of the benchmark.
    EXPECT_EQ(compare(row_of(ev, 0)->scored.ind[2].ratio, {2, 3}), 0);
}

TEST_F(ParksEvaluate, ZeroRevenueScoresZeroForRd) {
    Fig none;
    none.revenue = 0;
    std::vector<EnterpriseInput> in = {ent("E1", {}), ent("E2", none), ent("E3", {})};
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    const IndicatorScore& s = row_of(ev, 1)->scored.ind[4];
    EXPECT_TRUE(s.zero_den);
    EXPECT_FALSE(s.capped);
    EXPECT_EQ(s.rounded, 0);
    EXPECT_EQ(s.points.p, 0);
}

TEST_F(ParksEvaluate, NegativeValuesScoreZeroNotLess) {
    Fig loss;
    loss.tax = -20000000;
    loss.va = -100000000;
    std::vector<EnterpriseInput> in = {ent("E1", {}), ent("E2", loss), ent("E3", {})};
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    const Scored& s = row_of(ev, 1)->scored;
    for (std::size_t k : {0u, 1u, 2u, 3u}) {
        EXPECT_EQ(s.ind[k].rounded, 0) << k;
        EXPECT_EQ(compare(s.ind[k].ratio, {0, 1}), 0) << k;
    }
    EXPECT_GT(s.ind[4].rounded, 0);  // R&D intensity is unaffected
    EXPECT_EQ(s.total, s.ind[4].rounded);
    EXPECT_EQ(s.rank, 3);
    // The loss lowers the benchmark for the others (the sums include negative figures).
    EXPECT_GT(row_of(ev, 0)->scored.ind[0].rounded, 3000);
}

TEST_F(ParksEvaluate, TiesShareTheRankAndTheNextRankSkips) {
    Fig hi, mid, lo;
    hi.tax = 150000000;
    lo.tax = 50000000;
    std::vector<EnterpriseInput> in = {ent("E1", lo), ent("E2", mid), ent("E3", hi), ent("E4", mid)};
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    EXPECT_EQ(row_of(ev, 2)->scored.rank, 1);
    EXPECT_EQ(row_of(ev, 1)->scored.rank, 2);
    EXPECT_EQ(row_of(ev, 3)->scored.rank, 2);
    EXPECT_EQ(row_of(ev, 0)->scored.rank, 4);
    EXPECT_EQ(row_of(ev, 1)->scored.total, row_of(ev, 3)->scored.total);
    EXPECT_EQ(row_of(ev, 1)->scored.grade, row_of(ev, 3)->scored.grade);
    // Three tied at the top: 1, 1, 1, 4, 5.
    std::vector<EnterpriseInput> top = {ent("T1", hi), ent("T2", hi), ent("T3", mid), ent("T4", hi), ent("T5", lo)};
    const Evaluation t = evaluate(scheme_, top, {}, kYear);
    const int want[] = {1, 1, 4, 1, 5};
    for (std::size_t i = 0; i < top.size(); ++i) EXPECT_EQ(row_of(t, i)->scored.rank, want[i]) << i;
}

TEST_F(ParksEvaluate, GradeBoundariesAtTen) {
    // A: 100·r ≤ 20·10 (r ≤ 2); B: r ≤ 7; C: 100·r ≤ 950 (r ≤ 9); D: r = 10.
    const char* want[] = {"A", "A", "B", "B", "B", "B", "B", "C", "C", "D"};
    for (int r = 1; r <= 10; ++r) EXPECT_EQ(grade_of(scheme_, r, 10), want[r - 1]) << r;
    const auto in = ladder(10);
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    for (std::size_t i = 0; i < in.size(); ++i) {
        const Scored& s = row_of(ev, i)->scored;
        EXPECT_EQ(s.rank, static_cast<int>(i) + 1);
        EXPECT_EQ(s.grade, want[i]) << i;
    }
}

TEST_F(ParksEvaluate, GradeBoundariesAtOneAndThree) {
    // N = 1: 100 > 20, 70, 95 → D (the rule is by rank share, even alone).
    EXPECT_EQ(grade_of(scheme_, 1, 1), "D");
    const auto one = ladder(1);
    const Evaluation e1 = evaluate(scheme_, one, {}, kYear);
    EXPECT_EQ(e1.rows[0].scored.rank, 1);
    EXPECT_EQ(e1.rows[0].scored.grade, "D");
    EXPECT_EQ(e1.rows[0].scored.total, 10000);  // against itself: ratio 1 everywhere, 100.00
    // N = 3: 100 ≤ 210 → B; 200 ≤ 210 → B; 300 > 285 → D.
    EXPECT_EQ(grade_of(scheme_, 1, 3), "B");
    EXPECT_EQ(grade_of(scheme_, 2, 3), "B");
    EXPECT_EQ(grade_of(scheme_, 3, 3), "D");
    const Evaluation e3 = evaluate(scheme_, ladder(3), {}, kYear);
    EXPECT_EQ(e3.rows[0].scored.grade, "B");
    EXPECT_EQ(e3.rows[1].scored.grade, "B");
    EXPECT_EQ(e3.rows[2].scored.grade, "D");
    // N = 5 and 20 at their first A and last B.
    EXPECT_EQ(grade_of(scheme_, 1, 5), "A");
    EXPECT_EQ(grade_of(scheme_, 2, 5), "B");
    EXPECT_EQ(grade_of(scheme_, 4, 20), "A");
    EXPECT_EQ(grade_of(scheme_, 5, 20), "B");
    EXPECT_EQ(grade_of(scheme_, 14, 20), "B");
    EXPECT_EQ(grade_of(scheme_, 19, 20), "C");
    EXPECT_EQ(grade_of(scheme_, 20, 20), "D");
}

TEST_F(ParksEvaluate, ParksAreScoredFromTheirEnterprisesSums) {
    std::vector<ParkInput> parks = {{"P1", "一园", "南宁市", "国家级", 20000},
                                    {"P2", "二园", "柳州市", "自治区级", 30000},
                                    {"P3", "三园", "桂林市", "自治区级", 10000},
                                    {"P4", "四园", "梧州市", "自治区级", 10000}};
    Fig big;
    big.tax = 300000000;
    std::vector<EnterpriseInput> in = {
        ent("E1", big, 3411, YearMonth::of(2015, 1), "P1"),  // P1's only enterprise
        ent("E2", {}, 3411, YearMonth::of(2015, 1), "P2"),   // P2: two
        ent("E3", {}, 3411, YearMonth::of(2015, 1), "P2"),
        ent("E4", {}, 4411, YearMonth::of(2015, 1), "P3"),  // P3: only an exempt one
        ent("E5", {}, 3411, YearMonth::of(2015, 1), ""),    // in no park
        ent("E6", {}, 3411, YearMonth::of(2015, 1), "P9"),  // an unknown park: ignored
    };
    const Evaluation ev = evaluate(scheme_, in, parks, kYear);
    EXPECT_EQ(ev.empty_parks, (std::vector<std::size_t>{2, 3}));
    ASSERT_EQ(ev.parks.size(), 2u);
    ASSERT_EQ(ev.park_entities.size(), 2u);
    EXPECT_EQ(ev.parks[0].park, 0u);
    EXPECT_EQ(ev.parks[0].enterprises, 1u);
    EXPECT_EQ(ev.parks[1].enterprises, 2u);
    // The park's land is its own area; the other figures are its rated enterprises' sums.
    EXPECT_EQ(ev.park_entities[0].values[0], 20000);
    EXPECT_EQ(ev.park_entities[0].values[col("tax_yuan")], 300000000);
    EXPECT_EQ(ev.park_entities[1].values[col("tax_yuan")], 200000000);
    EXPECT_EQ(ev.park_entities[1].values[col("employees")], 200);
    // Two parks: ranks 1 and 2 of 2 (A needs 100·r ≤ 40: none; B ≤ 140; 200 ≤ 190 fails; D).
    const ParkRow& p1 = ev.parks[0];
    const ParkRow& p2 = ev.parks[1];
    EXPECT_EQ(p1.scored.rank, 1);
    EXPECT_EQ(p1.scored.grade, "B");
    EXPECT_EQ(p2.scored.rank, 2);
    EXPECT_EQ(p2.scored.grade, "D");
    // A single park with a single enterprise: scored against itself, 100.00, rank 1 of 1.
    std::vector<ParkInput> lone = {parks[0]};
    std::vector<EnterpriseInput> solo = {in[0]};
    const Evaluation e1 = evaluate(scheme_, solo, lone, kYear);
    ASSERT_EQ(e1.parks.size(), 1u);
    EXPECT_EQ(e1.parks[0].enterprises, 1u);
    EXPECT_EQ(e1.parks[0].scored.total, 10000);
    EXPECT_EQ(e1.parks[0].scored.rank, 1);
    EXPECT_TRUE(e1.empty_parks.empty());
    EXPECT_EQ(explain_park(scheme_, e1, 0).size(), scheme_.indicators.size() + 2);
}

TEST_F(ParksEvaluate, ReweighEqualsEvaluatingWithThoseWeights) {
    const auto in = population(7);
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    Scheme changed = scheme_;
    changed.indicators[0].weight = {40, 1};
    changed.indicators[1].weight = {25, 2};  // 12.5
    changed.indicators[4].weight = {5, 1};
    changed.splits[0].percent = 10;
    changed.splits[1].percent = 50;
    const std::vector<Scored> fast = reweigh(changed, ev);
    const Evaluation full = evaluate(changed, in, {}, kYear);
    ASSERT_EQ(fast.size(), ev.rated_rows.size());
    ASSERT_EQ(full.rated_rows, ev.rated_rows);
    int moved = 0;
    for (std::size_t j = 0; j < fast.size(); ++j) {
        const Scored& want = full.rows[full.rated_rows[j]].scored;
        EXPECT_EQ(fast[j].total, want.total) << j;
        EXPECT_EQ(fast[j].rank, want.rank) << j;
        EXPECT_EQ(fast[j].grade, want.grade) << j;
        for (std::size_t k = 0; k < want.ind.size(); ++k) EXPECT_EQ(fast[j].ind[k].rounded, want.ind[k].rounded);
        moved += fast[j].grade != ev.rows[ev.rated_rows[j]].scored.grade;
    }
    EXPECT_GT(moved, 0) << "the changed splits should move some grades";
    // Unchanged weights: reweigh reproduces the evaluation.
    const std::vector<Scored> same = reweigh(scheme_, ev);
    for (std::size_t j = 0; j < same.size(); ++j) {
        EXPECT_EQ(same[j].total, ev.rows[ev.rated_rows[j]].scored.total);
        EXPECT_EQ(same[j].rank, ev.rows[ev.rated_rows[j]].scored.rank);
    }
}

TEST_F(ParksEvaluate, InverseAnswersAreExactAndMinimal) {
    const auto in = population(11);
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    int checked = 0, unreachable = 0;
    for (std::size_t r = 0; r < ev.rows.size(); ++r) {
        const EnterpriseRow& row = ev.rows[r];
        if (row.state != RowState::kRated) continue;
        const auto answers = inverse(scheme_, ev, r);
        if (row.scored.grade == scheme_.splits[0].grade) {
            EXPECT_TRUE(answers.empty()) << "top grade has nothing to reach";
            continue;
        }
        const int target_idx = grade_index(row.scored.grade) - 1;
        for (const InverseAnswer& a : answers) {
            EXPECT_EQ(a.target_grade, scheme_.splits[static_cast<std::size_t>(target_idx)].grade);
            const std::size_t c = col(a.column);
            ASSERT_TRUE(a.from.has_value());
            EXPECT_EQ(*a.from, in[row.input].values[c]);
            if (!a.to) {
                ++unreachable;
                continue;
            }
            EXPECT_EQ((*a.to - *a.from) * a.direction > 0, true) << a.column;
            auto grade_with = [&](std::int64_t v) {
                auto moved = in;
                moved[row.input].values[c] = v;
                const Evaluation e = evaluate(scheme_, moved, {}, kYear);
                return row_of(e, row.input)->scored.grade;
            };
            const std::string at = grade_with(*a.to);
            EXPECT_EQ(at, a.target_grade) << in[row.input].uscc << " " << a.column << " to " << *a.to;
            const std::string before = grade_with(*a.to - a.direction);
            EXPECT_GT(grade_index(before), target_idx)
                << in[row.input].uscc << " " << a.column << ": " << *a.to - a.direction << " already gives " << before;
            EXPECT_FALSE(a.text.zh.empty());
            EXPECT_FALSE(a.text.en.empty());
            ++checked;
        }
    }
    EXPECT_GT(checked, 20);
    (void)unreachable;
}

TEST_F(ParksEvaluate, SensitivityFlipsAreRealAndComplete) {
    const auto in = population(2023);
    const Evaluation ev = evaluate(scheme_, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    const std::vector<Flip> flips = sensitivity(scheme_, ev);
    using Key = std::tuple<std::size_t, std::string, int>;
    std::set<Key> reported;
    std::map<Key, std::string> after;
    for (const Flip& f : flips) {
        EXPECT_TRUE(reported.insert({f.row, f.column, f.direction}).second) << "reported twice";
        after[{f.row, f.column, f.direction}] = f.grade_after;
        EXPECT_EQ(f.grade_before, ev.rows[f.row].scored.grade);
        EXPECT_NE(f.grade_before, f.grade_after);
    }
    // Brute force: every rated enterprise, every column an indicator reads, both directions.
    std::vector<std::size_t> cols;
    for (const Indicator& ind : scheme_.indicators)
        for (int c : {ind.numerator, ind.denominator})
            if (std::find(cols.begin(), cols.end(), static_cast<std::size_t>(c)) == cols.end())
                cols.push_back(static_cast<std::size_t>(c));
    std::set<Key> brute;
    for (std::size_t r = 0; r < ev.rows.size(); ++r) {
        const EnterpriseRow& row = ev.rows[r];
        if (row.state != RowState::kRated) continue;
        for (std::size_t c : cols) {
            const std::int64_t v = in[row.input].values[c];
            if (v == 0) continue;  // 1% of nothing is nothing (the analysis skips zero figures)
            for (int dir : {1, -1}) {
                const std::int64_t moved_v = v + dir * std::max<std::int64_t>(std::abs(v) / 100, 1);
                const Column& column = scheme_.columns[c];
                if (moved_v <= 0 && !column.allow_zero) continue;
                if (moved_v < 0 && !column.allow_negative) continue;
                auto moved = in;
                moved[row.input].values[c] = moved_v;
                const Evaluation e = evaluate(scheme_, moved, {}, kYear);
                const std::string g = row_of(e, row.input)->scored.grade;
                const Key key{r, column.name, dir};
                if (g != row.scored.grade) {
                    brute.insert(key);
                    EXPECT_TRUE(reported.count(key))
                        << "not reported: " << in[row.input].uscc << " " << column.name << (dir > 0 ? " +1%" : " -1%")
                        << " " << row.scored.grade << "→" << g;
                    if (reported.count(key)) {
                        EXPECT_EQ(after[key], g);
                    }
                } else {
                    EXPECT_FALSE(reported.count(key)) << "reported but does not flip: " << in[row.input].uscc << " "
                                                      << column.name << (dir > 0 ? " +1%" : " -1%");
                }
            }
        }
    }
    EXPECT_EQ(brute, reported);
    EXPECT_GE(brute.size(), 3u) << "the population should have grades near their boundaries";
}

TEST_F(ParksEvaluate, SensitivityOnSeveralSeeds) {
    // Smaller populations, other seeds: the reported set equals the brute-force set.
    for (unsigned seed : {1u, 2u, 3u}) {
        const auto in = population(seed, 25);
        const Evaluation ev = evaluate(scheme_, in, {}, kYear);
        std::set<std::tuple<std::size_t, std::string, int>> reported, brute;
        for (const Flip& f : sensitivity(scheme_, ev)) reported.insert({f.row, f.column, f.direction});
        for (std::size_t r = 0; r < ev.rows.size(); ++r) {
            if (ev.rows[r].state != RowState::kRated) continue;
            for (std::size_t c = 0; c < scheme_.columns.size(); ++c) {
                const std::int64_t v = in[ev.rows[r].input].values[c];
                if (v == 0) continue;
                for (int dir : {1, -1}) {
                    const std::int64_t mv = v + dir * std::max<std::int64_t>(std::abs(v) / 100, 1);
                    if (mv <= 0 && !scheme_.columns[c].allow_zero) continue;
                    if (mv < 0 && !scheme_.columns[c].allow_negative) continue;
                    auto moved = in;
                    moved[ev.rows[r].input].values[c] = mv;
                    const Evaluation e = evaluate(scheme_, moved, {}, kYear);
                    if (row_of(e, ev.rows[r].input)->scored.grade != ev.rows[r].scored.grade)
                        brute.insert({r, scheme_.columns[c].name, dir});
                }
            }
        }
        EXPECT_EQ(reported, brute) << "seed " << seed;
    }
}

}  // namespace
}  // namespace zx::parks
