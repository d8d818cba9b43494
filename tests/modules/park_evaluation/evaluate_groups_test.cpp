// Schemes that rank within populations (by city, with one benchmark over everyone or one per
// group) and a further column whose missing figure scores the population's mean: reweigh, the
// inverse answer and the sensitivity analysis checked against evaluating again from scratch.
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

constexpr int kYear = 2023;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

Scheme guangxi() {
    auto s = load_scheme(source_dir() / "schemes" / "guangxi-default");
    EXPECT_TRUE(s) << s.status().text().en;
    return s ? *s : Scheme{};
}

// Cities 0..2, figures within ±25% of a common profile; column order of guangxi-default.
std::vector<EnterpriseInput> population(const Scheme& s, unsigned seed, int n) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.75, 1.25);
    std::uniform_int_distribution<std::int64_t> land(5000, 15000);
    std::vector<EnterpriseInput> in;
    for (int i = 0; i < n; ++i) {
        EnterpriseInput e;
        e.uscc = "G" + std::to_string(1000 + i);
        e.name = e.uscc;
        e.city = static_cast<CityId>(i % 3);
        e.industry = 3411;
        e.scale_since = YearMonth::of(2015, 1);
        e.values.assign(s.columns.size(), 0);
        e.present.assign(s.columns.size(), 1);
        const double l = static_cast<double>(land(rng));
        // City 1 is richer: its own benchmark differs from the whole population's.
        const double rich = e.city == 1 ? 1.6 : 1.0;
        const double va = l * 300000 * u(rng) * rich;
        const double revenue = va * 4 * u(rng);
        e.values[0] = static_cast<std::int64_t>(l);
        e.values[1] = static_cast<std::int64_t>(l * 100000 * u(rng) * rich);
        e.values[2] = static_cast<std::int64_t>(revenue);
        e.values[3] = static_cast<std::int64_t>(va);
        e.values[4] = i % 13 == 5 ? 0 : static_cast<std::int64_t>(va / 50 * u(rng));
        e.values[5] = std::max<std::int64_t>(1, static_cast<std::int64_t>(va / 2e7 * u(rng)));
        e.values[6] = static_cast<std::int64_t>(revenue * 0.02 * u(rng));
        for (std::size_t c = 7; c < s.columns.size(); ++c) {
            e.values[c] = static_cast<std::int64_t>(l / 100 * u(rng));
            e.present[c] = i % 7 != 3;  // some leave the further column empty
        }
        e.has_land = e.has_annual = true;
        in.push_back(std::move(e));
    }
    return in;
}

const EnterpriseRow* row_of(const Evaluation& ev, std::size_t input) {
    for (const auto& r : ev.rows)
        if (r.input == input) return &r;
    return nullptr;
}

using Key = std::tuple<std::size_t, std::string, int>;

std::set<Key> brute_flips(const Scheme& s, const std::vector<EnterpriseInput>& in, const Evaluation& ev) {
    std::set<Key> out;
    for (std::size_t r = 0; r < ev.rows.size(); ++r) {
        if (ev.rows[r].state != RowState::kRated) continue;
        const std::size_t i = ev.rows[r].input;
        for (std::size_t c = 0; c < s.columns.size(); ++c) {
            bool used = false;
            for (const Indicator& ind : s.indicators)
                used = used || ind.numerator == static_cast<int>(c) || ind.denominator == static_cast<int>(c);
            const std::int64_t v = in[i].values[c];
            if (!used || !in[i].present[c] || v == 0) continue;
            for (int dir : {1, -1}) {
                const std::int64_t mv = v + dir * std::max<std::int64_t>(std::abs(v) / 100, 1);
                if (mv <= 0 && !s.columns[c].allow_zero) continue;
                if (mv < 0 && !s.columns[c].allow_negative) continue;
                auto moved = in;
                moved[i].values[c] = mv;
                const Evaluation e = evaluate(s, moved, {}, kYear);
                if (row_of(e, i)->scored.grade != ev.rows[r].scored.grade) out.insert({r, s.columns[c].name, dir});
            }
        }
    }
    return out;
}

std::set<Key> reported_flips(const Scheme& s, const Evaluation& ev) {
    std::set<Key> out;
    for (const Flip& f : sensitivity(s, ev)) out.insert({f.row, f.column, f.direction});
    return out;
}

int grade_index(const Scheme& s, const std::string& g) {
    for (std::size_t i = 0; i < s.splits.size(); ++i)
        if (s.splits[i].grade == g) return static_cast<int>(i);
    return 1000;
}

// Every answered `to` reaches the target grade when evaluated from scratch; one unit short does not.
// When the answer lands on a better grade than its target, it is counted in `beyond` (and that
// must only happen when no rank of this population size has the target grade).
int check_inverse(const Scheme& s, const std::vector<EnterpriseInput>& in, const Evaluation& ev,
                  int* beyond = nullptr) {
    int checked = 0;
    for (std::size_t r = 0; r < ev.rows.size(); ++r) {
        if (ev.rows[r].state != RowState::kRated) continue;
        const std::size_t i = ev.rows[r].input;
        std::size_t n = 0;
        for (std::size_t j = 0; j < ev.rated_rows.size(); ++j)
            if (ev.rated_rows[j] == r) n = ev.groups[static_cast<std::size_t>(ev.entities[j].group)].n;
        for (const InverseAnswer& a : inverse(s, ev, r)) {
            if (!a.to) continue;
            const auto c = static_cast<std::size_t>(s.column(a.column));
            auto grade_with = [&](std::int64_t v) {
                auto moved = in;
                moved[i].values[c] = v;
                return row_of(evaluate(s, moved, {}, kYear), i)->scored.grade;
            };
            const std::string got = grade_with(*a.to);
            if (beyond && grade_index(s, got) < grade_index(s, a.target_grade)) {
                ++*beyond;
                bool attainable = false;
                for (int rank = 1; rank <= static_cast<int>(n); ++rank)
                    attainable = attainable || grade_of(s, rank, n) == a.target_grade;
                EXPECT_FALSE(attainable) << in[i].uscc << " " << a.column << ": " << got << " beyond "
                                         << a.target_grade;
            } else {
                EXPECT_EQ(got, a.target_grade) << in[i].uscc << " " << a.column << " to " << *a.to;
            }
            EXPECT_GT(grade_index(s, grade_with(*a.to - a.direction)), grade_index(s, a.target_grade))
                << in[i].uscc << " " << a.column << " " << *a.to - a.direction;
            ++checked;
        }
    }
    return checked;
}

class ParksGroups : public ::testing::TestWithParam<bool> {};  // benchmark_per_group

TEST_P(ParksGroups, RankedWithinCities) {
    Scheme s = guangxi();
    s.group_by = GroupBy::kCity;
    s.benchmark_per_group = GetParam();
    const auto in = population(s, 99, 45);
    const Evaluation ev = evaluate(s, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    ASSERT_EQ(ev.groups.size(), 3u);
    ASSERT_EQ(ev.group_names.size(), 3u);
    for (const auto& g : ev.groups) EXPECT_EQ(g.n, 15u);
    // Ranks run 1..15 within each city.
    std::map<std::string, std::vector<int>> ranks;
    for (const auto& r : ev.rows) ranks[r.group].push_back(r.scored.rank);
    for (auto& [g, v] : ranks) {
        std::sort(v.begin(), v.end());
        EXPECT_EQ(v.front(), 1) << g;
        EXPECT_LE(v.back(), 15) << g;
    }
    // One benchmark over all three cities, or one per city.
    const bool same = compare(ev.groups[0].benchmark[0], ev.groups[1].benchmark[0]) == 0;
    EXPECT_EQ(same, !GetParam());
    // The explanation names the population.
    const auto lines = explain(s, ev, 0);
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines[0].zh.find("评价组"), std::string::npos) << lines[0].zh;
    // reweigh equals a fresh evaluation under the changed weights.
    Scheme w = s;
    w.indicators[0].weight = {45, 1};
    w.indicators[3].weight = {0, 1};
    const auto fast = reweigh(w, ev);
    const Evaluation full = evaluate(w, in, {}, kYear);
    for (std::size_t j = 0; j < fast.size(); ++j) {
        EXPECT_EQ(fast[j].total, full.rows[full.rated_rows[j]].scored.total) << j;
        EXPECT_EQ(fast[j].rank, full.rows[full.rated_rows[j]].scored.rank) << j;
        EXPECT_EQ(fast[j].grade, full.rows[full.rated_rows[j]].scored.grade) << j;
    }
    // Sensitivity and inverse against brute force.
    const auto brute = brute_flips(s, in, ev);
    EXPECT_EQ(reported_flips(s, ev), brute);
    EXPECT_GT(brute.size(), 0u);
    EXPECT_GT(check_inverse(s, in, ev), 20);
}

INSTANTIATE_TEST_SUITE_P(Benchmarks, ParksGroups, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "PerGroup" : "Whole"; });

TEST(ParksTies, SensitivityAndInverseWithManyTiesAndSmallPopulations) {
    const Scheme s = guangxi();
    // Ten profiles, four identical copies of each: every total is tied four ways.
    const auto base = population(s, 31, 10);
    std::vector<EnterpriseInput> in;
    for (int copy = 0; copy < 4; ++copy)
        for (const auto& e : base) {
            in.push_back(e);
            in.back().uscc += "-" + std::to_string(copy);
        }
    const Evaluation ev = evaluate(s, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    int tied = 0;
    for (const auto& r : ev.rows) tied += r.scored.rank != 1 && (r.scored.rank - 1) % 4 == 0;
    EXPECT_GT(tied, 0);
    const auto brute = brute_flips(s, in, ev);
    EXPECT_EQ(reported_flips(s, ev), brute);
    EXPECT_GT(brute.size(), 0u);
    EXPECT_GT(check_inverse(s, in, ev), 10);
}

TEST(ParksTies, SmallPopulations) {
    const Scheme s = guangxi();
    int beyond = 0;
    for (int n : {1, 2, 3, 4, 6}) {
        const auto small = population(s, 40 + static_cast<unsigned>(n), n);
        const Evaluation e = evaluate(s, small, {}, kYear);
        EXPECT_EQ(reported_flips(s, e), brute_flips(s, small, e)) << n;
        check_inverse(s, small, e, &beyond);
    }
    if (beyond > 0) {
        ADD_FAILURE() << "" << beyond << " inverse answers name a target grade no rank can have (got a better one)";
    }
}

// A further optional column; a missing figure scores the population's mean of the displayed scores.
Scheme with_patents() {
    Scheme s = guangxi();
    Column c;
    c.name = "patents";
    c.decimals = 0;
    c.required = false;
    c.label_zh = "专利数";
    c.label_en = "patents";
    c.unit_zh = "件";
    s.columns.push_back(c);
    Indicator ind;
    ind.id = "patents_per_mu";
    ind.name_zh = "亩均专利";
    ind.name_en = "patents per mu";
    ind.numerator = static_cast<int>(s.columns.size()) - 1;
    ind.denominator = 0;
    ind.weight = {10, 1};
    ind.cap = Frac{2, 1};
    ind.missing = Missing::kMeanScore;
    s.indicators.push_back(ind);
    return s;
}

TEST(ParksMeanScore, AMissingFurtherFigureScoresTheMeanOfTheOthers) {
    const Scheme s = with_patents();
    const auto in = population(s, 5, 21);
    const Evaluation ev = evaluate(s, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    const std::size_t k = s.indicators.size() - 1;
    std::int64_t sum = 0, cnt = 0;
    for (const auto& r : ev.rows)
        if (!r.scored.ind[k].missing) sum += r.scored.ind[k].rounded, ++cnt;
    ASSERT_GT(cnt, 0);
    ASSERT_LT(cnt, static_cast<std::int64_t>(ev.rows.size()));
    bool ok = true;
    const std::int64_t mean = round_frac({sum, static_cast<i128>(cnt) * 100}, 2, ok);
    for (std::size_t j = 0; j < ev.rows.size(); ++j) {
        const auto& r = ev.rows[j];
        if (!r.scored.ind[k].missing) continue;
        EXPECT_EQ(r.scored.ind[k].rounded, mean);
        const auto lines = explain(s, ev, j);
        EXPECT_NE(lines[k].zh.find("平均得分"), std::string::npos) << lines[k].zh;
        EXPECT_NE(lines[k].en.find("mean"), std::string::npos) << lines[k].en;
    }
    // Those with the figure are benchmarked over the others with it only (Σ patents ÷ Σ their land).
    i128 sp = 0, sl = 0;
    for (const auto& e : in)
        if (e.present[7]) sp += e.values[7], sl += e.values[0];
    EXPECT_EQ(compare(ev.groups[0].benchmark[k], {sp, sl}), 0);
    // reweigh recomputes the mean the same way.
    Scheme w = s;
    w.indicators[k].weight = {20, 1};
    const auto fast = reweigh(w, ev);
    const Evaluation full = evaluate(w, in, {}, kYear);
    for (std::size_t j = 0; j < fast.size(); ++j) {
        EXPECT_EQ(fast[j].total, full.rows[full.rated_rows[j]].scored.total) << j;
        EXPECT_EQ(fast[j].ind[k].rounded, full.rows[full.rated_rows[j]].scored.ind[k].rounded) << j;
    }
}

TEST(ParksMeanScore, InverseStillExactWhenOthersMissTheFigure) {
    // The inverse answer is "given everyone else's figures": evaluating from scratch with the
    // answered figure must reach the grade. The land lever also moves the patents benchmark, so
    // the others' patent scores and the mean the missing ones get move with it.
    const Scheme s = with_patents();
    const auto in = population(s, 8, 30);
    const Evaluation ev = evaluate(s, in, {}, kYear);
    ASSERT_FALSE(ev.overflow);
    EXPECT_GT(check_inverse(s, in, ev), 10);
}

}  // namespace
}  // namespace zx::parks
