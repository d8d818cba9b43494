// The demo monitoring data: deterministic in its seed, shaped as the header promises (electricity
// tracking output but for a few, plans some miss, overdue milestones, rising bonds), and read back by
// the loaders as exactly the data that was written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "modules/enterprise_data/rules/demo_data.hpp"
#include "modules/monitoring/demo_writer.hpp"
#include "modules/monitoring/monitoring_data.hpp"

namespace zx::monitoring {
namespace {

namespace fs = std::filesystem;

constexpr MonthRange kMonths = {YearMonth::of(2023, 1), YearMonth::of(2024, 12)};

const Dataset& population() {
    static const Dataset ds = [] {
        DemoOptions o;
        o.enterprises = 3000;
        o.seed = 11;
        o.months = kMonths;
        return generate_dataset(o);
    }();
    return ds;
}

std::string opt(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : "-";
}
std::string opt(const std::optional<Date>& v) {
    return v ? format_date(*v) : "-";
}

std::string text(const EnterpriseMonth& r) {
    return std::to_string(r.ent) + " " + format_year_month(r.month) + " " + opt(r.electricity_kwh) + " " +
           opt(r.revenue_fen) + " " + opt(r.profit_fen) + " " + opt(r.employees) + " " + opt(r.plan_next_month_fen) +
           " " + opt(r.plan_next_quarter_fen);
}
std::string text(const CityMonth& r) {
    return std::to_string(r.city) + " " + format_year_month(r.month) + " " + opt(r.value_added_growth) + " " +
           opt(r.investment_growth) + " " + opt(r.bonds_issued_fen) + " " + opt(r.bonds_used_fen) + " " +
           opt(r.manufacturing_share);
}
std::string text(const Project& p) {
    std::string s = p.id + " " + p.name + " " + std::to_string(p.city) + " " + p.category + " " +
                    (p.ent ? std::to_string(*p.ent) : "-") + " " + std::to_string(p.planned_investment_fen);
    for (int m = 0; m < kMilestoneCount; ++m) s += " " + opt(p.planned[m]) + "/" + opt(p.actual[m]);
    return s;
}
std::string text(const ProjectInvestment& x) {
    return std::to_string(x.project) + " " + format_year_month(x.month) + " " + std::to_string(x.fen);
}

// "" when equal; else the first difference.
template <typename T>
std::string diff_rows(const char* what, const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size())
        return std::string(what) + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        if (text(a[i]) != text(b[i]))
            return std::string(what) + "[" + std::to_string(i) + "]: " + text(a[i]) + " vs " + text(b[i]);
    return "";
}
std::string diff(const MonitoringData& a, const MonitoringData& b) {
    return diff_rows("monthly", a.monthly, b.monthly) + diff_rows("cities", a.cities, b.cities) +
           diff_rows("projects", a.projects, b.projects) + diff_rows("investment", a.investment, b.investment);
}

TEST(MonitoringDemo, SameSeedSameDataOtherSeedOtherData) {
    const Dataset& ds = population();
    const MonitoringData a = generate_monitoring_demo(ds, kMonths, 5);
    const MonitoringData b = generate_monitoring_demo(ds, kMonths, 5);
    EXPECT_EQ(diff(a, b), "");
    const MonitoringData c = generate_monitoring_demo(ds, kMonths, 6);
    EXPECT_NE(diff_rows("monthly", a.monthly, c.monthly), "");
    EXPECT_NE(diff_rows("projects", a.projects, c.projects), "");
}

TEST(MonitoringDemo, EnterpriseMonthsFollowOutput) {
    const Dataset& ds = population();
    const MonitoringData d = generate_monitoring_demo(ds, kMonths, 5);
    ASSERT_FALSE(d.monthly.empty());
    std::size_t rows = 0, plans = 0, missed = 0, losses = 0;
    for (EntId e = 0; e < ds.size(); ++e)
        for (YearMonth m = kMonths.first; m <= kMonths.last; m = m + 1) {
            const EnterpriseMonth* r = d.find(e, m);
            ASSERT_EQ(r != nullptr, ds.has_output(e, m)) << e << " " << format_year_month(m);
            if (r == nullptr) continue;
            ++rows;
            const std::int64_t out = ds.output_fen(e, m);
            ASSERT_TRUE(r->revenue_fen && r->electricity_kwh && r->employees);
            EXPECT_GE(*r->revenue_fen * 1000, out * 900 - 1000) << text(*r);
            EXPECT_LE(*r->revenue_fen * 1000, out * 1050 + 1000) << text(*r);
            if (r->profit_fen) {
                EXPECT_LE(*r->profit_fen * 1000, *r->revenue_fen * 80 + 1000) << text(*r);
                losses += *r->profit_fen < 0;
            }
            EXPECT_GE(*r->employees, 19);
            if (m < kMonths.last && r->plan_next_month_fen && ds.has_output(e, m + 1) && *r->plan_next_month_fen > 0) {
                ++plans;
                missed += ds.output_fen(e, m + 1) * 10 < *r->plan_next_month_fen * 9;
            }
            EXPECT_EQ(r->plan_next_quarter_fen.has_value(), m.month() % 3 == 0) << text(*r);
        }
    EXPECT_EQ(rows, d.monthly.size());
    EXPECT_GT(losses, 0u);
    // Plans ÷ 0.85–1.10: about a fifth reach less than 90%.
    EXPECT_GT(missed * 10, plans) << missed << " of " << plans;
    EXPECT_LT(missed * 3, plans) << missed << " of " << plans;
}

TEST(MonitoringDemo, ElectricityTracksOutputButForAFew) {
    const Dataset& ds = population();
    const MonitoringData d = generate_monitoring_demo(ds, kMonths, 5);
    std::size_t complete = 0, tracking = 0, divergent = 0;
    for (EntId e = 0; e < ds.size(); ++e) {
        std::int64_t out[2] = {0, 0}, kwh[2] = {0, 0};
        bool all = true;
        for (YearMonth m = kMonths.first; m <= kMonths.last; m = m + 1) {
            const EnterpriseMonth* r = d.find(e, m);
            if (r == nullptr) {
                all = false;
                continue;
            }
            out[m.year() - 2023] += ds.output_fen(e, m);
            kwh[m.year() - 2023] += *r->electricity_kwh;
        }
        if (!all || out[0] == 0 || kwh[0] == 0) continue;
        ++complete;
        // Growth in points × 100: electricity's less output's.
        const double g_out = 100.0 * static_cast<double>(out[1]) / static_cast<double>(out[0]);
        const double g_kwh = 100.0 * static_cast<double>(kwh[1]) / static_cast<double>(kwh[0]);
        const double gap = g_kwh - g_out;
        tracking += gap > -3 && gap < 3;
        divergent += gap > 15 || gap < -15;
    }
    ASSERT_GT(complete, 1000u);
    EXPECT_GE(divergent, 1u);
    EXPECT_LT(divergent * 20, complete);     // a few
    EXPECT_GT(tracking * 10, complete * 9);  // the rest track output
}

TEST(MonitoringDemo, CitiesAndProjects) {
    const Dataset& ds = population();
    const MonitoringData d = generate_monitoring_demo(ds, kMonths, 5);
    ASSERT_EQ(d.cities.size(), 14u * 24u);
    for (const CityMonth& c : d.cities) {
        EXPECT_GE(*c.value_added_growth, -300);
        EXPECT_LE(*c.value_added_growth, 1200);
        EXPECT_GE(*c.investment_growth, -1000);
        EXPECT_LE(*c.investment_growth, 2000);
        EXPECT_GE(*c.manufacturing_share, 1500);
        EXPECT_LE(*c.manufacturing_share, 3500);
        EXPECT_LE(*c.bonds_used_fen, *c.bonds_issued_fen);
        if (c.month.month() > 1) {
            const CityMonth* prev = d.find_city(c.city, c.month + -1);
            ASSERT_NE(prev, nullptr);
            EXPECT_GE(*c.bonds_issued_fen, *prev->bonds_issued_fen);
            EXPECT_GE(*c.bonds_used_fen, *prev->bonds_used_fen);
        }
    }
    ASSERT_EQ(d.projects.size(), 14u * 40u);
    const Date today = Date::last_of(kMonths.last);
    std::set<std::string> ids, categories;
    std::size_t overdue = 0, late = 0, linked = 0;
    for (const Project& p : d.projects) {
        EXPECT_TRUE(ids.insert(p.id).second) << p.id;
        categories.insert(p.category);
        if (p.ent) {
            ++linked;
            EXPECT_EQ(ds.city(*p.ent), p.city);
        }
        std::optional<Date> prev;
        for (int m = 0; m < kMilestoneCount; ++m) {
            ASSERT_TRUE(p.planned[m]);
            if (p.actual[m]) {
                EXPECT_LE(*p.actual[m], today);
                if (prev) {
                    EXPECT_GE(*p.actual[m], *prev) << text(p);
                }
                prev = p.actual[m];
                late += *p.actual[m] > *p.planned[m];
            } else {
                overdue += *p.planned[m] < today;
            }
        }
    }
    EXPECT_EQ(categories.size(), kProjectCategories.size());
    EXPECT_GE(overdue, 1u);
    EXPECT_GE(late, 1u);
    EXPECT_GT(linked, d.projects.size() / 2);
    ASSERT_FALSE(d.investment.empty());
    for (std::size_t i = 1; i < d.investment.size(); ++i) {
        const auto& a = d.investment[i - 1];
        const auto& b = d.investment[i];
        EXPECT_TRUE(a.project < b.project || (a.project == b.project && a.month < b.month));
    }
}

TEST(MonitoringDemo, WrittenFilesLoadBackAsTheSameData) {
    const Dataset& ds = population();
    const MonitoringData d = generate_monitoring_demo(ds, kMonths, 9);
    const fs::path dir = fs::temp_directory_path() / ("zx-monitoring-demo-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(write_monitoring_demo(ds, d, dir));
    for (const char* f : {"enterprise_monthly.csv", "city_indicators.csv", "projects.csv", "project_investment.csv"})
        EXPECT_TRUE(fs::exists(dir / f)) << f;
    LoadReport report;
    auto back = load_monitoring_data(dir, ds, report);
    std::string defects;
    for (const Defect& x : report.defects)
        defects += x.file + ":" + std::to_string(x.line) + ": " + x.field + " " + x.message_en + "\n";
    ASSERT_TRUE(back) << back.status().text().en << "\n" << defects;
    EXPECT_EQ(diff(d, *back), "");
    fs::remove_all(dir);
}

}  // namespace
}  // namespace zx::monitoring
