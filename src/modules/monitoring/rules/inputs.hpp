// The monitoring data beside output, as the loaders (monitoring_data.hpp) hand it to the rules:
// per enterprise and month (electricity, revenue, profit, employees, the production plan), per city
// and month (the published indicators, entered, never derived), and the key projects with their
// milestones and monthly investment. Money in fen, percentages as integers in hundredths.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/region.hpp"

namespace zx::monitoring {

// enterprise_monthly.csv: uscc,month,electricity_kwh,revenue_yuan,profit_yuan,employees,
// plan_next_month_yuan,plan_next_quarter_yuan (every figure optional: empty = not reported).
// The plan of a row is the one reported in that month for the month after it and the quarter after it.
struct EnterpriseMonth {
    EntId ent = 0;
    YearMonth month{};
    std::optional<std::int64_t> electricity_kwh;  // whole kWh, ≥ 0
    std::optional<std::int64_t> revenue_fen;      // ≥ 0
    std::optional<std::int64_t> profit_fen;       // may be negative (a loss)
    std::optional<std::int64_t> employees;        // ≥ 0
    std::optional<std::int64_t> plan_next_month_fen;
    std::optional<std::int64_t> plan_next_quarter_fen;
};

// city_indicators.csv: city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,
// special_bonds_used_yuan,manufacturing_share_pct (cumulative figures as published; each optional).
struct CityMonth {
    CityId city = 0;
    YearMonth month{};
    std::optional<std::int64_t> value_added_growth;  // 规上工业增加值累计增速, hundredths of a percent (5.3% = 530)
    std::optional<std::int64_t> investment_growth;    // 工业投资累计增速, hundredths of a percent
    std::optional<std::int64_t> bonds_issued_fen;     // 专项债 issued, cumulative
    std::optional<std::int64_t> bonds_used_fen;       // 专项债 used, cumulative
    std::optional<std::int64_t> manufacturing_share;  // 制造业增加值占GDP比重, hundredths of a percent
};

// The milestones of a key project, in their order.
enum class Milestone : std::uint8_t { kStart, kCommissioning, kCompletion, kProduction, kFullCapacity, kInStatistics };
inline constexpr int kMilestoneCount = 6;
// Column stems in projects.csv (start_planned, start_actual, ...) and the names people read.
inline constexpr std::array<std::string_view, kMilestoneCount> kMilestoneCodes = {
    "start", "commissioning", "completion", "production", "full_capacity", "in_statistics"};
inline constexpr std::array<std::string_view, kMilestoneCount> kMilestoneNamesZh = {"开工", "设备调试", "竣工",
                                                                                    "投产", "达产",     "上规入统"};
// The categories of key projects the measures name; projects.csv's category is one of these.
inline constexpr std::array<std::string_view, 6> kProjectCategories = {"增产增效",     "补链强基", "三化改造",
                                                                       "十项重大项目", "双百双新", "千企技改"};

// projects.csv: project_id,name,city,category,uscc,planned_investment_yuan, then <milestone>_planned and
// <milestone>_actual (YYYY-MM-DD, empty when not set / not reached) for the six milestones.
struct Project {
    std::string id, name;
    CityId city = 0;
    std::string category;
    std::optional<EntId> ent;  // empty uscc: no enterprise yet (a new one being built)
    std::int64_t planned_investment_fen = 0;
    std::array<std::optional<Date>, kMilestoneCount> planned{}, actual{};
};

// project_investment.csv: project_id,month,completed_yuan (the investment completed in that month).
struct ProjectInvestment {
    std::size_t project = 0;  // index into MonitoringData::projects
    YearMonth month{};
    std::int64_t fen = 0;
};

struct MonitoringData {
    std::vector<EnterpriseMonth> monthly;       // sorted by (ent, month), one row per pair
    std::vector<CityMonth> cities;              // sorted by (city, month), one row per pair
    std::vector<Project> projects;              // in file order, ids unique
    std::vector<ProjectInvestment> investment;  // sorted by (project, month), one row per pair

    // The row of (ent, month), if any (binary search).
    const EnterpriseMonth* find(EntId ent, YearMonth month) const;
    const CityMonth* find_city(CityId city, YearMonth month) const;
};

}  // namespace zx::monitoring
