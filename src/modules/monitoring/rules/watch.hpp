// The top-500 list and the early warnings over it, as versioned rules (policies/monitoring/
// monitoring.toml, loaded by rules_loader.hpp). Pure and exact: every threshold is compared by
// cross-multiplication in integers, strictly ("below", "more than"), and every warning carries the
// rule and the figures that raised it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/wide_int.hpp"
#include "modules/monitoring/rules/figures.hpp"
#include "modules/monitoring/rules/inputs.hpp"

namespace zx::monitoring {

enum class Level : std::uint8_t { kRed, kOrange, kYellow, kBlue };
inline constexpr std::array<std::string_view, 4> kLevelCodes = {"red", "orange", "yellow", "blue"};
inline constexpr std::array<std::string_view, 4> kLevelNamesZh = {"红色预警", "橙色预警", "黄色预警", "蓝色预警"};

enum class WarningKind : std::uint8_t {
    kCumulativeGrowthBelow,       // cumulative growth < threshold %
    kMonthlyDeclineRun,           // output below the same month a year earlier, `months` months running
    kPlanCompletionBelow,         // month output ÷ the plan reported the month before < threshold %
    kElectricityDivergenceAbove,  // |electricity growth − output growth| > threshold points (cumulative)
};

struct WarningRule {
    std::string id;
    Level level = Level::kRed;
    WarningKind kind = WarningKind::kCumulativeGrowthBelow;
    std::int64_t threshold = 0;  // hundredths of a percent or of a point (−10% = −1000)
    int months = 2;              // kMonthlyDeclineRun
    bool opens_case = false;     // a warning opens a proactive case in the service desk
};

enum class TopBasis : std::uint8_t { kOutput, kDesignation };

struct WatchRules {
    std::string version;
    TopBasis basis = TopBasis::kOutput;
    int size = 500;
    std::vector<WarningRule> warnings;
    int bulletin_working_day = 5;  // the 通报 of M is due on this working day of M+1
};

// The list of year Y: by the previous year's output (the `size` largest with output > 0, ties by
// USCC) or by the top500 designation valid in Y. In list order.
std::vector<EntId> top_list(const Dataset& ds, int year, TopBasis basis, int size);

// One enterprise's figures for month M: what the top-500 table shows and the rules read.
struct WatchFigures {
    EntId ent = 0;
    int position = 0;                                                   // 1-based place in the list
    std::optional<std::int64_t> month_fen, month_base_fen;              // M and M−12 (absent: no figure)
    std::int64_t output_fen = 0, base_fen = 0;                          // cumulative, the period's sums
    std::optional<std::int64_t> plan_fen;                               // the plan for M (reported in M−1)
    std::optional<std::int64_t> electricity_kwh, electricity_base_kwh;  // cumulative, when both years have rows
};
std::vector<WatchFigures> watch_figures(const Dataset& ds, const MonitoringData& data, const EnterpriseSums& s,
                                        const std::vector<EntId>& list);

struct Warning {
    EntId ent = 0;
    std::string rule;
    Level level = Level::kRed;
    bool opens_case = false;
    std::string message_zh, message_en;
    std::map<std::string, std::string> figures;  // named figures as text ("growth_pct" → "-12.3")
};
// Every rule over every enterprise of `figures`, in list order then rule order.
std::vector<Warning> evaluate_warnings(const WatchRules& rules, const Dataset& ds, const EnterpriseSums& s,
                                       const std::vector<WatchFigures>& figures);

// Text of the figures the tables print: plan completion and electricity growth with one decimal, the
// gap between electricity and output growth in points with one decimal ("" when a figure is missing).
std::string plan_completion_text(const WatchFigures& f);
std::string electricity_growth_text(const WatchFigures& f);
std::string electricity_gap_text(const WatchFigures& f);

}  // namespace zx::monitoring
