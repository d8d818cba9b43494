// A 亩均效益 evaluation scheme as data (schemes/<id>/scheme.toml, read by scheme_loader): the
// columns it reads, its indicators (numerator, denominator, weight, benchmark, cap), who is exempt,
// how leased land counts, the populations enterprises are ranked within, the grade splits, and the
// consequences attached to grades. Pure data; the evaluator interprets it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/park_evaluation/rules/exact.hpp"

namespace zx::parks {

// A quantity of annual.csv (or land_mu, the sum of an enterprise's parcels): integers at
// 10^-decimals of the unit (money in fen: decimals 2).
struct Column {
    std::string name;  // "tax_yuan"
    int decimals = 2;
    bool allow_negative = false;
    bool allow_zero = true;
    bool required = true;  // a further column may be left empty; the indicator's `missing` rule applies
    std::string label_zh, label_en, unit_zh;
};

enum class Benchmark { kPopulation, kFixed };
enum class ZeroDenominator { kCap, kZero };
enum class Missing { kZero, kMeanScore };

struct Indicator {
    std::string id, name_zh, name_en;
    int numerator = 0, denominator = 0;  // indices into Scheme::columns
    Frac weight{1, 1};
    Benchmark benchmark = Benchmark::kPopulation;
    // kPopulation: the benchmark is factor × Σ numerator ÷ Σ denominator over the population.
    Frac benchmark_factor{1, 1};
    // kFixed: the benchmark in display units (e.g. 24.097 万元/亩).
    Frac fixed{0, 1};
    std::optional<Frac> cap;  // the largest multiple of the benchmark that scores
    ZeroDenominator zero = ZeroDenominator::kZero;
    Missing missing = Missing::kZero;  // when a further column is empty for an enterprise
    // Display: value in the column units × display_factor, e.g. yuan/mu × 1/10000 = 万元/亩.
    Frac display_factor{1, 1};
    std::string unit_zh, unit_en;
    int display_decimals = 2;
};

enum class GroupBy { kNone, kCity, kIndustrySection, kIndustryDivision };

struct GradeSplit {
    std::string grade;
    int percent = 100;  // rank r gets this grade when 100·r ≤ percent·N (the first split that holds)
};

// A measure attached to a grade held for a number of consecutive years (宿迁: a D grade adds
// 0.05 元/kWh to electricity, two years running 0.08, three 0.10).
struct Consequence {
    std::string grade;
    int min_years = 1;             // consecutive years with this grade, at least
    std::optional<int> max_years;  // and at most (absent: no upper bound)
    std::string department_zh, measure_zh, measure_en;
    std::optional<Frac> amount;  // e.g. 0.05
    std::string amount_unit;     // e.g. "元/千瓦时"
};

struct Scheme {
    std::string id, name_zh, name_en, version, source;
    std::vector<Column> columns;  // columns[0] is land_mu
    std::vector<Indicator> indicators;
    // Exempt (grade T, listed not ranked): entered the statistics at or after January of Y − n
    // (absent: no such exemption), or an industry division listed here.
    std::optional<int> exempt_new_years;
    std::vector<int> exempt_divisions;
    Frac leased_share{1, 1};  // how much of a leased parcel's area counts
    GroupBy group_by = GroupBy::kNone;
    bool benchmark_per_group = false;
    std::vector<GradeSplit> splits;  // in order; the last should be 100
    bool graded = true;              // false: the source publishes scores and ranks only
    int score_decimals = 2;
    std::string exempt_grade = "T";
    std::vector<Consequence> consequences;
    std::vector<std::string> levers;  // the columns the inverse answer moves (tax, value added, land, energy)

    int column(const std::string& name) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].name == name) return static_cast<int>(i);
        return -1;
    }
};

}  // namespace zx::parks
