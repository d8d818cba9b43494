// The top-500 list and every warning rule at its boundary: exactly at a threshold nothing is raised
// (the comparisons are strict), one fen or one kWh past it the warning is raised with its figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "modules/monitoring/rules_loader.hpp"
#include "support/test_files.hpp"

namespace zx::monitoring {
namespace {

const YearMonth kM = YearMonth::of(2023, 6);

WatchRules default_rules() {
    auto r = load_watch_rules(watch_rules_file(test::source_dir() / "policies"));
    EXPECT_TRUE(r) << r.status().text().zh;
    return r ? *r : WatchRules{};
}

// One enterprise with 100 yuan every month of 2022 and `june_2023` … per month of 2023 as given.
struct One {
    Dataset ds;
    MonitoringData data;
    EnterpriseSums sums;
    std::vector<WatchFigures> figures;

    explicit One(std::int64_t base_month_fen, const std::vector<std::int64_t>& months_2023_fen) {
        ds.add_enterprise("91450100MA51000010", "甲", 0, 3612, std::nullopt);
        ds.finish();
        ds.set_output_window({YearMonth::of(2022, 1), kM});
        for (int m = 1; m <= 12; ++m) ds.set_output(0, YearMonth::of(2022, m), base_month_fen);
        for (std::size_t i = 0; i < months_2023_fen.size(); ++i)
            ds.set_output(0, YearMonth::of(2023, static_cast<int>(i) + 1), months_2023_fen[i]);
    }
    std::vector<Warning> run(const WatchRules& rules) {
        sums = enterprise_sums(ds, Period{kM});
        figures = watch_figures(ds, data, sums, {0});
        return evaluate_warnings(rules, ds, sums, figures);
    }
};

std::vector<std::string> rules_of(const std::vector<Warning>& ws) {
    std::vector<std::string> ids;
    for (const auto& w : ws) ids.push_back(w.rule);
    return ids;
}

TEST(Warnings, RedAtExactlyMinusTenPercentIsNotRaised) {
    const auto rules = default_rules();
    // 6 × 10000 fen base; 54000 fen now = exactly −10%.
    One at(10000, {9000, 9000, 9000, 9000, 9000, 9000});
    for (const auto& id : rules_of(at.run(rules))) EXPECT_NE(id, "red-cumulative-decline");
    One past(10000, {9000, 9000, 9000, 9000, 9000, 8999});
    const auto ws = past.run(rules);
    ASSERT_FALSE(ws.empty());
    EXPECT_EQ(ws[0].rule, "red-cumulative-decline");
    EXPECT_EQ(ws[0].level, Level::kRed);
    EXPECT_TRUE(ws[0].opens_case);
    EXPECT_EQ(ws[0].figures.at("growth_pct"), "-10.0");  // −10.0017% prints −10.0 but is below −10
    EXPECT_NE(ws[0].message_zh.find("1—6月累计产值同比增长-10.0%，低于-10%"), std::string::npos) << ws[0].message_zh;
}

TEST(Warnings, OrangeNeedsTwoMonthsRunning) {
    const auto rules = default_rules();
    One one_month(10000, {10000, 10000, 10000, 10000, 10000, 9999});
    EXPECT_EQ(rules_of(one_month.run(rules)), std::vector<std::string>{});
    One equal(10000, {10000, 10000, 10000, 10000, 10000, 10000});
    EXPECT_TRUE(equal.run(rules).empty());
    One two(10000, {10000, 10000, 10000, 10000, 9999, 9999});
    const auto ws = two.run(rules);
    ASSERT_EQ(rules_of(ws), std::vector<std::string>{"orange-two-months-down"});
    EXPECT_EQ(ws[0].figures.at("2023-05_growth_pct"), "0.0");
    EXPECT_NE(ws[0].message_zh.find("连续2个月同比下降"), std::string::npos);
}

TEST(Warnings, YellowBelowNinetyPercentOfThePlan) {
    const auto rules = default_rules();
    One at(10000, {10000, 10000, 10000, 10000, 10000, 9000});
    EnterpriseMonth may;
    may.ent = 0;
    may.month = YearMonth::of(2023, 5);
    may.plan_next_month_fen = 10000;  // June's plan, reported in May
    at.data.monthly = {may};
    auto ids = rules_of(at.run(rules));
    EXPECT_EQ(std::count(ids.begin(), ids.end(), "yellow-plan-completion"), 0);  // exactly 90%
    at.data.monthly[0].plan_next_month_fen = 10001;
    const auto ws = at.run(rules);
    ids = rules_of(ws);
    ASSERT_EQ(std::count(ids.begin(), ids.end(), "yellow-plan-completion"), 1);
    for (const auto& w : ws)
        if (w.rule == "yellow-plan-completion") {
            EXPECT_EQ(w.figures.at("plan_completion_pct"), "90.0");
        }
}

TEST(Warnings, BlueWhenElectricityAndOutputGrowthDivergeMoreThanFifteenPoints) {
    const auto rules = default_rules();
    // Output flat (0%); electricity 2022: 1000 kWh a month, 2023 so that growth is exactly 15%.
    auto with_power = [](std::int64_t kwh_2023_month) {
        auto o = std::make_unique<One>(10000, std::vector<std::int64_t>(6, 10000));
        for (int y : {2022, 2023})
            for (int m = 1; m <= 6; ++m) {
                EnterpriseMonth r;
                r.ent = 0;
                r.month = YearMonth::of(y, m);
                r.electricity_kwh = y == 2022 ? 1000 : kwh_2023_month;
                o->data.monthly.push_back(r);
            }
        return o;
    };
    auto at = with_power(1150);  // 6900 vs 6000: exactly 15 points
    EXPECT_TRUE(at->run(rules).empty());
    auto past = with_power(1150);
    past->data.monthly.back().electricity_kwh = 1151;  // 6901 kWh: 15.0167 points
    const auto ws = past->run(rules);
    ASSERT_EQ(rules_of(ws), std::vector<std::string>{"blue-electricity-divergence"});
    EXPECT_EQ(ws[0].figures.at("gap_pp"), "15.0");
    EXPECT_FALSE(ws[0].opens_case);
    EXPECT_EQ(electricity_growth_text(past->figures[0]), "15.0");
}

TEST(TopList, LargestByThePreviousYearTiesByUscc) {
    Dataset ds;
    ds.add_enterprise("91450100MA51000031", "丙", 0, 3612, std::nullopt);
    ds.add_enterprise("91450100MA51000010", "甲", 0, 3612, std::nullopt);
    ds.add_enterprise("91450100MA51000023", "乙", 0, 3612, std::nullopt);
    ds.add_enterprise("91450100MA5100004X", "丁", 0, 3612, std::nullopt);
    ds.finish();
    ds.set_output_window({YearMonth::of(2022, 1), kM});
    ds.set_output(0, YearMonth::of(2022, 3), 500);
    ds.set_output(1, YearMonth::of(2022, 3), 500);
    ds.set_output(2, YearMonth::of(2022, 3), 900);
    ds.set_output(3, YearMonth::of(2023, 3), 99999);  // this year only: not on the list
    EXPECT_EQ(top_list(ds, 2023, TopBasis::kOutput, 2), (std::vector<EntId>{2, 1}));
    EXPECT_EQ(top_list(ds, 2023, TopBasis::kOutput, 500), (std::vector<EntId>{2, 1, 0}));
}

TEST(RulesLoader, UnknownKeysAndBadThresholdsNameTheLine) {
    const auto dir = std::filesystem::temp_directory_path() / ("zx-watch-rules-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "monitoring.toml";
    std::ofstream(file) << "version = \"x\"\n[[warning]]\nid = \"a\"\nlevel = \"red\"\nkind = "
                           "\"cumulative_growth_below\"\nthreshold = \"-10.001\"\n";
    auto r = load_watch_rules(file);
    ASSERT_FALSE(r);
    EXPECT_NE(r.status().text().zh.find("monitoring.toml:6: warning[0].threshold"), std::string::npos)
        << r.status().text().zh;
    std::ofstream(file) << "version = \"x\"\n[top500]\nbasis = \"output\"\nsise = 5\n";
    r = load_watch_rules(file);
    ASSERT_FALSE(r);
    EXPECT_NE(r.status().text().en.find("monitoring.toml:4: top500.sise: unknown key"), std::string::npos)
        << r.status().text().en;
    std::filesystem::remove_all(dir);
    EXPECT_EQ(parse_hundredths("-10"), -1000);
    EXPECT_EQ(parse_hundredths("15.5"), 1550);
    EXPECT_FALSE(parse_hundredths("1e3"));
}

}  // namespace
}  // namespace zx::monitoring
