// The rules of clauses (一)(二)(三) as read in shared/policy/README.md, one TEST per rule, on datasets
// built in memory against the real policies/guangxi-2023 policy. Every expected figure is computed by
// hand from the contract; the arithmetic is in the comment next to it. Money: 1 yuan = 100 fen,
// 1万 = 10,000 yuan, 1亿 = 100,000,000 yuan.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/designation.hpp"
#include "core/uscc.hpp"
#include "modules/awards/policy_loader.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/policy.hpp"
#include "modules/awards/rules_test_support.hpp"

namespace zx {
namespace {

using test::make_uscc;

constexpr std::int64_t yuan(std::int64_t y) {
    return y * 100;
}  // fen
constexpr std::int64_t kM = 1'000'000;  // yuan, for readability

std::filesystem::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

// One enterprise of an in-memory dataset: designations and monthly output (fen) by month.
struct Ent {
    EntId id = 0;
    std::string uscc;
    int industry = 3612;
    std::optional<YearMonth> scale_since = YearMonth::of(2015, 1);
    std::vector<DesignationRecord> designations;
    std::map<YearMonth, std::int64_t> fen;

    Ent& with(Designation d, Date from = Date::of(2020, 1, 1), Date to = kOpenEnd) {
        designations.push_back({id, d, from, to});
        return *this;
    }
    // Every month of `year` = fen_per_month.
    Ent& year(int y, std::int64_t fen_per_month) { return months(y, 1, 12, fen_per_month); }
    Ent& months(int y, int from, int to, std::int64_t fen_per_month) {
        for (int m = from; m <= to; ++m) fen[YearMonth::of(y, m)] = fen_per_month;
        return *this;
    }
    Ent& month(int y, int m, std::int64_t f) {
        fen[YearMonth::of(y, m)] = f;
        return *this;
    }
    Ent& drop(int y, int m) {
        fen.erase(YearMonth::of(y, m));
        return *this;
    }
};

class World {
  public:
    Ent& add(int industry = 3612) {
        Ent& e = ents_.emplace_back();
        e.id = static_cast<EntId>(ents_.size() - 1);
        e.uscc = make_uscc(static_cast<int>(ents_.size()));
        e.industry = industry;
        return e;
    }
    Dataset build() const {
        Dataset d;
        for (const Ent& e : ents_) d.add_enterprise(e.uscc, "测试企业", 0, e.industry, e.scale_since);
        d.finish();
        d.set_output_window({YearMonth::of(2022, 1), YearMonth::of(2023, 12)});
        for (const Ent& e : ents_)
            for (const auto& [m, f] : e.fen) EXPECT_TRUE(d.set_output(e.id, m, f));
        for (const Ent& e : ents_)
            for (const auto& r : e.designations) d.add_designation(r);
        d.finish();
        return d;
    }

  private:
    std::deque<Ent> ents_;
};

class RulesTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        auto p = load_policy(source_dir() / "policies" / "guangxi-2023");
        ASSERT_TRUE(p.is_ok()) << p.status().message();
        policy_ = std::make_unique<Policy>(std::move(p).value());
    }
    static void TearDownTestSuite() { policy_.reset(); }

    void SetUp() override { ASSERT_NE(policy_, nullptr); }

    static Evaluation run(const Dataset& d, std::optional<std::int64_t> budget = std::nullopt) {
        EvaluateOptions o;
        o.threads = 1;
        o.budget_yuan = budget;
        return evaluate(*policy_, d, o);
    }
    // The row of enterprise `e` for clause `id` and period index `period`; nullptr when absent.
    static const AwardRow* row(const Evaluation& ev, const Ent& e, const char* id, int period) {
        const int c = policy_->find_clause(id);
        EXPECT_GE(c, 0) << "clause " << id;
        const AwardRow* found = nullptr;
        for (const AwardRow& r : ev.rows) {
            if (r.ent != e.id || r.clause != c || r.period != period) continue;
            EXPECT_EQ(found, nullptr) << "duplicate row for clause " << id << " period " << period;
            found = &r;
        }
        return found;
    }
    static int rows_of(const Evaluation& ev, const Ent& e) {
        return static_cast<int>(
            std::count_if(ev.rows.begin(), ev.rows.end(), [&](const AwardRow& r) { return r.ent == e.id; }));
    }
    // Asserts the row exists, is eligible and pays `amount` yuan.
    static void expect_paid(const Evaluation& ev, const Ent& e, const char* id, int period, std::int64_t amount) {
        const AwardRow* r = row(ev, e, id, period);
        ASSERT_NE(r, nullptr) << "no row for clause " << id << " period " << period;
        EXPECT_TRUE(r->eligible()) << "clause " << id << " period " << period << " outcome "
                                   << static_cast<int>(r->outcome);
        EXPECT_EQ(r->amount_yuan, amount) << "clause " << id << " period " << period;
    }
    // Asserts the row exists and is not eligible (amount 0), optionally for the given reason.
    static void expect_not_paid(const Evaluation& ev, const Ent& e, const char* id, int period,
                                std::optional<Outcome> why = std::nullopt) {
        const AwardRow* r = row(ev, e, id, period);
        ASSERT_NE(r, nullptr) << "no row for clause " << id << " period " << period;
        EXPECT_FALSE(r->eligible()) << "clause " << id << " period " << period;
        EXPECT_EQ(r->amount_yuan, 0) << "clause " << id << " period " << period;
        if (why) {
            EXPECT_EQ(r->outcome, *why) << "clause " << id << " period " << period;
        }
    }

    static std::unique_ptr<Policy> policy_;
};
std::unique_ptr<Policy> RulesTest::policy_;

constexpr int kJanFeb = 0;  // clause 1's only period
constexpr int kQ1 = 0, kQ2 = 1, kQ3 = 2, kQ4 = 3;

TEST_F(RulesTest, PolicyHasTheContractPeriods) {
    auto periods = [&](const char* id) {
        std::vector<std::string> out;
        const int c = policy_->find_clause(id);
        if (c >= 0)
            for (const auto& p : policy_->clauses[static_cast<std::size_t>(c)].periods)
                out.push_back(format_month_range(p));
        return out;
    };
    const std::vector<std::string> quarters = {"2023-01/2023-03", "2023-04/2023-06", "2023-07/2023-09",
                                               "2023-10/2023-12"};
    EXPECT_EQ(periods("1"), std::vector<std::string>{"2023-01/2023-02"});
    EXPECT_EQ(periods("2"), quarters);
    EXPECT_EQ(periods("3"), quarters);
}

// ---------------------------------------------------------------- clause (一): who

TEST_F(RulesTest, Clause1GroupATop500Manufacturing) {
    World w;
    // 2022 months 25,000,000, 2023 months 30,000,000. Jan–Feb 60,000,000 > 50,000,000; 6,000 ≥ 50 × 112 =
    // 5,600 (20%). Award 1% × (60,000,000 − 50,000,000) = 100,000.
    Ent& e = w.add(3612).with(Designation::kTop500).year(2022, yuan(25 * kM)).year(2023, yuan(30 * kM));
    const Evaluation ev = run(w.build());
    expect_paid(ev, e, "1", kJanFeb, 100'000);
    // Quarters 90,000,000 ≤ 2亿: rows present (target group) but not eligible.
    for (int q : {kQ1, kQ2, kQ3, kQ4}) expect_not_paid(ev, e, "2", q, Outcome::kBelowThreshold);
}

TEST_F(RulesTest, Clause1DragonHeadNeedsNoManufacturingClass) {
    World w;
    // Industry 4411 (division 44, electricity) is not manufacturing, but dragon_head alone puts it in
    // group A. Jan–Feb 67,200,000 vs 60,000,000: 6,720,000,000 = 60,000,000 × 112 → exactly 12%.
    // Award 1% × 7,200,000 = 72,000.
    Ent& e = w.add(4411).with(Designation::kDragonHead).year(2022, yuan(30 * kM)).year(2023, yuan(33'600'000));
    expect_paid(run(w.build()), e, "1", kJanFeb, 72'000);
}

TEST_F(RulesTest, Top500OutsideManufacturingIsNotInGroupA) {
    World w;
    // Manufacturing = divisions 13–43: classes 1310 and 4310 are the boundary divisions inside;
    // 1200 (division 12) and 4411 (division 44) are outside.
    Ent& in_low = w.add(1310).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(150 * kM));
    Ent& in_high = w.add(4310).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(150 * kM));
    Ent& out_low = w.add(1200).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(150 * kM));
    Ent& out_high = w.add(4411).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(150 * kM));
    const Evaluation ev = run(w.build());
    // Jan–Feb 300,000,000 vs 200,000,000 → 1% × 100,000,000 = 1,000,000 (= the cap).
    expect_paid(ev, in_low, "1", kJanFeb, 1'000'000);
    expect_paid(ev, in_high, "1", kJanFeb, 1'000'000);
    EXPECT_EQ(rows_of(ev, out_low), 0);
    EXPECT_EQ(rows_of(ev, out_high), 0);
}

TEST_F(RulesTest, NoDesignationNoRows) {
    World w;
    Ent& e = w.add(3612).year(2022, yuan(100 * kM)).year(2023, yuan(150 * kM));
    EXPECT_EQ(rows_of(run(w.build()), e), 0);
}

// ---------------------------------------------------------------- clause (一): conditions

TEST_F(RulesTest, Clause1GroupAThresholdIsStrict) {
    World w;
    // Base Jan–Feb 2022 = 40,000,000. 2023 Jan–Feb = 25,000,000 + 25,000,000 = 50,000,000, not > 5,000万.
    Ent& at = w.add().with(Designation::kTop500).year(2022, yuan(20 * kM)).year(2023, yuan(25 * kM));
    // Jan 2023 one fen more: 50,000,000.01 > 5,000万; increment 10,000,000.01 → 100,000.0001 → 100,000.
    Ent& above = w.add().with(Designation::kTop500).year(2022, yuan(20 * kM)).year(2023, yuan(25 * kM));
    above.month(2023, 1, yuan(25 * kM) + 1);
    const Evaluation ev = run(w.build());
    expect_not_paid(ev, at, "1", kJanFeb, Outcome::kBelowThreshold);
    expect_paid(ev, above, "1", kJanFeb, 100'000);
}

TEST_F(RulesTest, Clause1GroupBThresholdIsStrict) {
    World w;
    // Base 16,000,000. 2023 Jan–Feb = 20,000,000.00, not > 2,000万.
    Ent& at = w.add(4011).with(Designation::kLittleGiant).year(2022, yuan(8 * kM)).year(2023, yuan(10 * kM));
    // 20,000,000.01 > 2,000万; growth 25%; increment 4,000,000.01 → 40,000.0001 → 40,000.
    Ent& above = w.add(4011).with(Designation::kSingleChampion).year(2022, yuan(8 * kM)).year(2023, yuan(10 * kM));
    above.month(2023, 1, yuan(10 * kM) + 1);
    // 30,000,000 would fail group A's 5,000万 but passes group B's: 1% × 6,000,000 = 60,000.
    Ent& b = w.add(3451).with(Designation::kSingleChampion).year(2022, yuan(12 * kM)).year(2023, yuan(15 * kM));
    const Evaluation ev = run(w.build());
    expect_not_paid(ev, at, "1", kJanFeb, Outcome::kBelowThreshold);
    expect_paid(ev, above, "1", kJanFeb, 40'000);
    expect_paid(ev, b, "1", kJanFeb, 60'000);
}

TEST_F(RulesTest, GrowthOfExactlyTwelvePercentIsEnough) {
    World w;
    // Jan 2022 10,000,001.00 → Jan 2023 11,200,001.12 (1,120,000,112 fen × 100 = 112,000,011,200 =
    // 1,000,000,100 fen × 112). With Feb 10,000,000.00 → 11,200,000.00 (exactly 12% too):
    // Jan–Feb 2,240,000,112 fen × 100 = 224,000,011,200 = 2,000,000,100 × 112 → eligible.
    // 22,400,001.12 > 2,000万; increment 2,400,000.12 → 24,000.0012 → 24,000.
    Ent& exact = w.add(3985).with(Designation::kLittleGiant).year(2022, yuan(10 * kM)).year(2023, yuan(11'200'000));
    exact.month(2022, 1, 1'000'000'100).month(2023, 1, 1'120'000'112);
    // One fen less in Jan 2023: 224,000,011,100 < 224,000,011,200 → growth below 12%.
    Ent& short_by_a_fen =
        w.add(3985).with(Designation::kLittleGiant).year(2022, yuan(10 * kM)).year(2023, yuan(11'200'000));
    short_by_a_fen.month(2022, 1, 1'000'000'100).month(2023, 1, 1'120'000'111);
    const Evaluation ev = run(w.build());
    expect_paid(ev, exact, "1", kJanFeb, 24'000);
    expect_not_paid(ev, short_by_a_fen, "1", kJanFeb, Outcome::kGrowthBelow);
}

TEST_F(RulesTest, CovidSuppliesExcludesClause1ButNotClause2) {
    World w;
    // 2022 months 50,000,000, 2023 months 70,000,000. Clause 1 would pay 1% × (140M − 100M) = 400,000.
    // Clause 2: quarter 210,000,000 > 2亿, growth 40% → 1% × (210M − 150M) = 600,000 each (2,400,000/yr).
    Ent& covid = w.add(2770)
                     .with(Designation::kTop500)
                     .with(Designation::kCovidSupplies, Date::of(2022, 6, 1), Date::of(2023, 12, 31));
    covid.year(2022, yuan(50 * kM)).year(2023, yuan(70 * kM));
    Ent& plain = w.add(2770).with(Designation::kTop500).year(2022, yuan(50 * kM)).year(2023, yuan(70 * kM));
    // covid_supplies ended 2022-12-31: does not overlap Jan–Feb 2023, so not excluded.
    Ent& expired = w.add(2770)
                       .with(Designation::kTop500)
                       .with(Designation::kCovidSupplies, Date::of(2022, 6, 1), Date::of(2022, 12, 31));
    expired.year(2022, yuan(50 * kM)).year(2023, yuan(70 * kM));
    const Evaluation ev = run(w.build());
    expect_not_paid(ev, covid, "1", kJanFeb, Outcome::kExcluded);
    expect_paid(ev, plain, "1", kJanFeb, 400'000);
    expect_paid(ev, expired, "1", kJanFeb, 400'000);
    for (int q : {kQ1, kQ2, kQ3, kQ4}) {
        expect_paid(ev, covid, "2", q, 600'000);
        expect_paid(ev, plain, "2", q, 600'000);
    }
}

// ---------------------------------------------------------------- caps; clauses (一)(二) stack

TEST_F(RulesTest, Clause1CapAndClause2YearCapConsumedInOrder) {
    World w;
    // single_champion; 2022 months 100,000,000, 2023 months 170,000,000.
    Ent& e = w.add(3431).with(Designation::kSingleChampion).year(2022, yuan(100 * kM)).year(2023, yuan(170 * kM));
    const Evaluation ev = run(w.build());
    // Clause 1: 1% × (340M − 200M) = 1,400,000 → capped at 1,000,000.
    expect_paid(ev, e, "1", kJanFeb, 1'000'000);
    EXPECT_EQ(row(ev, e, "1", kJanFeb)->computed_yuan, 1'400'000);
    // Clause 2 (stacks with clause 1, own cap): 1% × (510M − 300M) = 2,100,000 per quarter.
    // Q1 2,100,000 (used 2.1M), Q2 2,100,000 (4.2M), Q3 min(2.1M, 0.8M) = 800,000 (5.0M), Q4 0.
    expect_paid(ev, e, "2", kQ1, 2'100'000);
    expect_paid(ev, e, "2", kQ2, 2'100'000);
    expect_paid(ev, e, "2", kQ3, 800'000);
    expect_paid(ev, e, "2", kQ4, 0);  // meets the conditions: eligible, amount 0, cap reached
    const AwardRow* q4 = row(ev, e, "2", kQ4);
    EXPECT_EQ(q4->computed_yuan, 2'100'000);
    EXPECT_NE(q4->cap_hit, 0);
    EXPECT_NE(row(ev, e, "2", kQ3)->cap_hit, 0);
    EXPECT_EQ(row(ev, e, "2", kQ2)->cap_hit, 0);
}

TEST_F(RulesTest, Clause1JustBelowCap) {
    World w;
    // Jan–Feb 2023 150,000,000.00 + 149,999,999.99 vs 200,000,000 → increment 99,999,999.99 → 999,999.
    Ent& e = w.add().with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(100 * kM));
    e.month(2023, 1, yuan(150 * kM)).month(2023, 2, yuan(150 * kM) - 1);
    const Evaluation ev = run(w.build());
    expect_paid(ev, e, "1", kJanFeb, 999'999);
    EXPECT_EQ(row(ev, e, "1", kJanFeb)->cap_hit, 0);
    // Q2 300,000,000 = Q2 2022: the quarter did not grow (YTD 699,999,999.99 vs 600,000,000 would pass).
    expect_not_paid(ev, e, "2", kQ2, Outcome::kNotGrown);
}

// ---------------------------------------------------------------- clause (二)

TEST_F(RulesTest, Clause2QuarterThatShrankIsNotEligible) {
    World w;
    // Monthly by quarter, 2022: 50M, 80M, 50M, 50M; 2023: 90M, 75M, 70M, 70M.
    // Quarter totals 2022: 150M, 240M, 150M, 150M; 2023: 270M, 225M, 210M, 210M.
    Ent& e = w.add(3851).with(Designation::kTop500);
    e.months(2022, 1, 3, yuan(50 * kM)).months(2022, 4, 6, yuan(80 * kM)).months(2022, 7, 12, yuan(50 * kM));
    e.months(2023, 1, 3, yuan(90 * kM)).months(2023, 4, 6, yuan(75 * kM)).months(2023, 7, 12, yuan(70 * kM));
    const Evaluation ev = run(w.build());
    expect_paid(ev, e, "1", kJanFeb, 800'000);  // 1% × (180M − 100M)
    expect_paid(ev, e, "2", kQ1, 1'200'000);    // 270M > 2亿, 1% × 120M
    // Q2: 225M > 2亿, YTD 495M vs 390M (49,500 ≥ 43,680) but 225M < 240M.
    expect_not_paid(ev, e, "2", kQ2, Outcome::kNotGrown);
    expect_paid(ev, e, "2", kQ3, 600'000);  // YTD 705M vs 540M ✓, 1% × (210M − 150M)
    expect_paid(ev, e, "2", kQ4, 600'000);  // YTD 915M vs 690M ✓
}

TEST_F(RulesTest, Clause2NeedsCumulativeGrowthNotJustTheQuarter) {
    World w;
    // 2022 months 70M; 2023 Q1 months 60M, Q2–Q4 months 80M.
    // Q2: 240M > 2亿 and grew (vs 210M) but YTD 420M vs 420M = 0%.
    Ent& e = w.add(3851).with(Designation::kDragonHead).year(2022, yuan(70 * kM));
    e.months(2023, 1, 3, yuan(60 * kM)).months(2023, 4, 12, yuan(80 * kM));
    const Evaluation ev = run(w.build());
    expect_not_paid(ev, e, "2", kQ2, Outcome::kGrowthBelow);
    expect_not_paid(ev, e, "2", kQ3, Outcome::kGrowthBelow);  // 660M vs 630M: 66,000 < 70,560
    expect_not_paid(ev, e, "2", kQ4, Outcome::kGrowthBelow);  // 900M vs 840M: 90,000 < 94,080
}

TEST_F(RulesTest, Clause2CumulativeGrowthExactlyTwelvePercent) {
    World w;
    // 2022 months 100,000,001.00, 2023 months 112,000,001.12 → every window exactly 12%.
    // Quarter 336,000,003.36 > 2亿; increment 36,000,000.36 → 360,000.0036 → 360,000.
    Ent& e = w.add(2614).with(Designation::kTop500).year(2022, yuan(100 * kM) + yuan(1)).year(2023, 11'200'000'112);
    // Dec 2023 one fen less: YTD 134,400,001,343 fen × 100 = 13,440,000,134,300 < 120,000,001,200 × 112 =
    // 13,440,000,134,400.
    Ent& f = w.add(2614).with(Designation::kTop500).year(2022, yuan(100 * kM) + yuan(1)).year(2023, 11'200'000'112);
    f.month(2023, 12, 11'200'000'111);
    const Evaluation ev = run(w.build());
    for (int q : {kQ1, kQ2, kQ3, kQ4}) expect_paid(ev, e, "2", q, 360'000);
    for (int q : {kQ1, kQ2, kQ3}) expect_paid(ev, f, "2", q, 360'000);
    expect_not_paid(ev, f, "2", kQ4, Outcome::kGrowthBelow);
}

// ---------------------------------------------------------------- missing data, zero base

TEST_F(RulesTest, MissingFebruary2022MakesClause1AndEveryQuarterIneligible) {
    World w;
    Ent& e = w.add(3216).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(130 * kM));
    e.drop(2022, 2);
    // Control: Nov 2023 absent → only Q4 needs it.
    Ent& g = w.add(3216).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(130 * kM));
    g.drop(2023, 11);
    const Evaluation ev = run(w.build());
    expect_not_paid(ev, e, "1", kJanFeb, Outcome::kMissingData);
    for (int q : {kQ1, kQ2, kQ3, kQ4}) expect_not_paid(ev, e, "2", q, Outcome::kMissingData);
    expect_paid(ev, g, "1", kJanFeb, 600'000);                          // 1% × (260M − 200M)
    for (int q : {kQ1, kQ2, kQ3}) expect_paid(ev, g, "2", q, 900'000);  // 1% × (390M − 300M)
    expect_not_paid(ev, g, "2", kQ4, Outcome::kMissingData);
}

TEST_F(RulesTest, MissingBaseMonthOnlyAffectsQuartersThatNeedIt) {
    World w;
    // little_giant, 2022 months 20M with Aug 2022 absent, 2023 months 26M.
    Ent& e = w.add(3971).with(Designation::kLittleGiant).year(2022, yuan(20 * kM)).year(2023, yuan(26 * kM));
    e.drop(2022, 8);
    const Evaluation ev = run(w.build());
    expect_paid(ev, e, "1", kJanFeb, 120'000);  // 1% × (52M − 40M)
    expect_paid(ev, e, "2", kQ1, 180'000);      // 1% × (78M − 60M)
    expect_paid(ev, e, "2", kQ2, 180'000);
    expect_not_paid(ev, e, "2", kQ3, Outcome::kMissingData);  // the Q3 2022 base
    expect_not_paid(ev, e, "2", kQ4, Outcome::kMissingData);  // the Jan–Dec 2022 cumulative base
}

TEST_F(RulesTest, ZeroBaseMakesGrowthUndefined) {
    World w;
    Ent& zero = w.add(3399).with(Designation::kTop500).year(2022, 0).year(2023, yuan(100 * kM));
    // Jan, Feb 2022 zero; Mar–Dec 100M; 2023 months 100M.
    Ent& part = w.add(3399).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(100 * kM));
    part.month(2022, 1, 0).month(2022, 2, 0);
    const Evaluation ev = run(w.build());
    expect_not_paid(ev, zero, "1", kJanFeb, Outcome::kNoBase);
    for (int q : {kQ1, kQ2, kQ3, kQ4}) expect_not_paid(ev, zero, "2", q, Outcome::kNoBase);
    expect_not_paid(ev, part, "1", kJanFeb, Outcome::kNoBase);
    // Q1: base Jan–Mar 2022 = 100M > 0; 300M > 2亿; 1% × (300M − 100M) = 2,000,000.
    expect_paid(ev, part, "2", kQ1, 2'000'000);
    expect_not_paid(ev, part, "2", kQ2, Outcome::kNotGrown);  // 300M = 300M
}

// ---------------------------------------------------------------- designation windows, both groups

TEST_F(RulesTest, DesignationWindowDecidesMembershipPerPeriod) {
    World w;
    // All: 2022 months 30M, 2023 months 40M. Clause 1: 1% × (80M − 60M) = 200,000.
    // Clause 2, group B: 120M > 5,000万, 1% × (120M − 90M) = 300,000.
    Ent& from_may = w.add(3491).with(Designation::kLittleGiant, Date::of(2023, 5, 15));
    Ent& until_march = w.add(3491).with(Designation::kLittleGiant, Date::of(2021, 1, 1), Date::of(2023, 3, 31));
    Ent& from_march = w.add(3491).with(Designation::kLittleGiant, Date::of(2023, 3, 1));
    Ent& expired = w.add(3491).with(Designation::kLittleGiant, Date::of(2021, 1, 1), Date::of(2022, 12, 31));
    for (Ent* e : {&from_may, &until_march, &from_march, &expired})
        e->year(2022, yuan(30 * kM)).year(2023, yuan(40 * kM));
    const Evaluation ev = run(w.build());

    EXPECT_EQ(row(ev, from_may, "1", kJanFeb), nullptr);
    EXPECT_EQ(row(ev, from_may, "2", kQ1), nullptr);
    for (int q : {kQ2, kQ3, kQ4}) expect_paid(ev, from_may, "2", q, 300'000);

    expect_paid(ev, until_march, "1", kJanFeb, 200'000);
    expect_paid(ev, until_march, "2", kQ1, 300'000);
    for (int q : {kQ2, kQ3, kQ4}) EXPECT_EQ(row(ev, until_march, "2", q), nullptr);

    EXPECT_EQ(row(ev, from_march, "1", kJanFeb), nullptr);  // does not overlap Jan–Feb
    for (int q : {kQ1, kQ2, kQ3, kQ4}) expect_paid(ev, from_march, "2", q, 300'000);

    EXPECT_EQ(rows_of(ev, expired), 0);
}

TEST_F(RulesTest, EnterpriseInBothGroupsQualifiesByEitherAndIsPaidOnce) {
    World w;
    // top500 (manufacturing) and little_giant. 2022 months 10M; 2023 Jan–Mar 15M, Apr–Dec 20M.
    Ent& e = w.add(3812).with(Designation::kTop500).with(Designation::kLittleGiant).year(2022, yuan(10 * kM));
    e.months(2023, 1, 3, yuan(15 * kM)).months(2023, 4, 12, yuan(20 * kM));
    const Evaluation ev = run(w.build());
    // Jan–Feb 30M: fails A (≤ 5,000万), passes B (> 2,000万); 50% → 1% × 10M = 100,000, one row.
    expect_paid(ev, e, "1", kJanFeb, 100'000);
    const AwardRow* c1 = row(ev, e, "1", kJanFeb);
    EXPECT_EQ(c1->member_mask, 0b11);
    EXPECT_EQ(c1->pass_mask, 0b10);
    // Q1 45M fails both; Q2 60M > 5,000万 (B), YTD 105M vs 60M, grew → 1% × 30M = 300,000.
    expect_not_paid(ev, e, "2", kQ1, Outcome::kBelowThreshold);
    expect_paid(ev, e, "2", kQ2, 300'000);
    EXPECT_EQ(ev.total_yuan, 100'000 + 3 * 300'000);  // Q2–Q4 at 300,000: once each, not per group
}

// ---------------------------------------------------------------- clause (三)

TEST_F(RulesTest, Clause3NoBaseQuarterAboveThirtyMillion) {
    World w;
    auto new_in_scale = [&](int industry) -> Ent& {
        Ent& e = w.add(industry).with(Designation::kNewInScale, Date::of(2022, 12, 1));
        e.scale_since = YearMonth::of(2022, 12);
        return e;
    };
    // No 2022 rows. 2023 monthly: Q1 12M (36M → 360,000), Q2 10M (30M exactly: not > 3,000万),
    // Q3 20M (60M → 600,000), Q4 12,345,678.91 (37,037,036.73 → 370,370.3673 → 370,370).
    Ent& a = new_in_scale(3841);
    a.months(2023, 1, 3, yuan(12 * kM)).months(2023, 4, 6, yuan(10 * kM)).months(2023, 7, 9, yuan(20 * kM));
    a.months(2023, 10, 12, 1'234'567'891);
    // 2022: Jan–Mar 0.00, Jun 1.00, Oct–Nov 0.00, the rest absent. 2023 months 15M (quarter 45M).
    Ent& b = new_in_scale(3841).year(2023, yuan(15 * kM));
    b.months(2022, 1, 3, 0).month(2022, 6, yuan(1)).months(2022, 10, 11, 0);
    // Feb 2023 absent: the quarter's own output is unknown.
    Ent& c = new_in_scale(3841).year(2023, yuan(15 * kM)).drop(2023, 2);
    const Evaluation ev = run(w.build());

    expect_paid(ev, a, "3", kQ1, 360'000);
    expect_not_paid(ev, a, "3", kQ2, Outcome::kBelowThreshold);
    expect_paid(ev, a, "3", kQ3, 600'000);
    expect_paid(ev, a, "3", kQ4, 370'370);

    expect_paid(ev, b, "3", kQ1, 450'000);                // base 0 + 0 + 0
    expect_not_paid(ev, b, "3", kQ2, Outcome::kHasBase);  // base Apr–Jun 2022 = 1.00 > 0
    expect_paid(ev, b, "3", kQ3, 450'000);                // base absent → 0
    expect_paid(ev, b, "3", kQ4, 450'000);                // 0 + 0 + absent

    expect_not_paid(ev, c, "3", kQ1, Outcome::kMissingData);
    for (int q : {kQ2, kQ3, kQ4}) expect_paid(ev, c, "3", q, 450'000);
    // new_in_scale only: no clause 1/2 rows.
    EXPECT_EQ(rows_of(ev, a), 4);
}

TEST_F(RulesTest, Clause3YearCap) {
    World w;
    // 2023 months 100M → quarter 300M → 3,000,000. Q1 3,000,000; Q2 min(3M, 2M) = 2,000,000; Q3, Q4 0.
    Ent& e = w.add(3216).with(Designation::kNewInScale, Date::of(2022, 12, 1)).year(2023, yuan(100 * kM));
    const Evaluation ev = run(w.build());
    expect_paid(ev, e, "3", kQ1, 3'000'000);
    expect_paid(ev, e, "3", kQ2, 2'000'000);
    expect_paid(ev, e, "3", kQ3, 0);
    expect_paid(ev, e, "3", kQ4, 0);
    EXPECT_EQ(row(ev, e, "3", kQ3)->computed_yuan, 3'000'000);
}

// ---------------------------------------------------------------- rounding

TEST_F(RulesTest, AwardsRoundDownToWholeYuan) {
    World w;
    // little_giant; 2022 months 20M (quarter 60M); 2023 Q1 months 40M, Q2 months 20,411,522.63, Q3–Q4 20M.
    // Q2 = 61,234,567.89 > 5,000万; YTD 181,234,567.89 vs 120M ✓; increment 1,234,567.89 → 12,345.6789 → 12,345.
    Ent& e = w.add(1391).with(Designation::kLittleGiant).year(2022, yuan(20 * kM));
    e.months(2023, 1, 3, yuan(40 * kM)).months(2023, 4, 6, 2'041'152'263).months(2023, 7, 12, yuan(20 * kM));
    // top500; 2022 months 100M; 2023 Jan–Mar 141,152,263.33: Q1 423,456,789.99, increment 123,456,789.99 →
    // 1,234,567.8999 → 1,234,567; Jan–Feb increment 82,304,526.66 → 823,045.2666 → 823,045.
    Ent& f = w.add(1391).with(Designation::kTop500).year(2022, yuan(100 * kM)).year(2023, yuan(100 * kM));
    f.months(2023, 1, 3, 14'115'226'333);
    const Evaluation ev = run(w.build());
    expect_paid(ev, e, "1", kJanFeb, 400'000);  // 1% × (80M − 40M)
    expect_paid(ev, e, "2", kQ1, 600'000);      // 1% × (120M − 60M)
    expect_paid(ev, e, "2", kQ2, 12'345);
    expect_paid(ev, f, "1", kJanFeb, 823'045);
    expect_paid(ev, f, "2", kQ1, 1'234'567);
}

// ---------------------------------------------------------------- budget

TEST_F(RulesTest, BudgetScalingThroughEvaluate) {
    World w;
    // Clause 1 awards (quarters ≤ 2亿, so no clause 2 money): 100,000; 100,000; 60,000; 72,000.
    // T = 332,000 > B = 100,000. award × B = q × T + r:
    //   100,000 × 100,000 = 10,000,000,000 = 30,120 × 332,000 + 160,000   (twice)
    //    60,000 × 100,000 =  6,000,000,000 = 18,072 × 332,000 + 96,000
    //    72,000 × 100,000 =  7,200,000,000 = 21,686 × 332,000 + 248,000
    // Floors 30,120 + 30,120 + 18,072 + 21,686 = 99,998; 2 left → the largest remainder 248,000 (d), then
    // the tie at 160,000 goes to the smaller USCC (a, added first). Paid 30,121 + 30,120 + 18,072 + 21,687.
    Ent& a = w.add().with(Designation::kTop500).year(2022, yuan(25 * kM)).year(2023, yuan(30 * kM));
    Ent& b = w.add().with(Designation::kTop500).year(2022, yuan(25 * kM)).year(2023, yuan(30 * kM));
    Ent& c = w.add().with(Designation::kTop500).year(2022, yuan(25 * kM)).year(2023, yuan(28 * kM));
    Ent& d = w.add().with(Designation::kTop500).year(2022, yuan(30 * kM)).year(2023, yuan(33'600'000));
    const Dataset data = w.build();
    const Evaluation ev = run(data, 100'000);
    EXPECT_TRUE(ev.budget_scaled);
    EXPECT_EQ(ev.total_capped_yuan, 332'000);
    EXPECT_EQ(ev.total_yuan, 100'000);
    expect_paid(ev, a, "1", kJanFeb, 30'121);
    expect_paid(ev, b, "1", kJanFeb, 30'120);
    expect_paid(ev, c, "1", kJanFeb, 18'072);
    expect_paid(ev, d, "1", kJanFeb, 21'687);
    EXPECT_EQ(row(ev, d, "1", kJanFeb)->capped_yuan, 72'000);

    const Evaluation same = run(data, 332'000);  // total = budget: not exceeded, untouched
    EXPECT_FALSE(same.budget_scaled);
    expect_paid(same, a, "1", kJanFeb, 100'000);
    expect_paid(same, d, "1", kJanFeb, 72'000);
    EXPECT_EQ(same.total_yuan, 332'000);
}
}  // namespace
}  // namespace zx
