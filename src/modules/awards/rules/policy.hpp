// A policy as data: the clauses of a measure with their target groups, tests, award formula, caps,
// exclusions and budget. Loaded from a policy directory by io/policy_loader; read by the evaluator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/designation.hpp"
#include "core/money.hpp"

namespace zx {

// One condition on an enterprise in a period.
struct Atom {
    enum class Kind : std::uint8_t {
        kDesignation,       // designation active (validity overlaps the period)
        kNotDesignation,    // designation not active
        kIndustryDivision,  // GB/T 4754 division in [lo, hi]
        kAboveScale,        // scale_since set and not after the period's last month
        kScaleSinceFrom,    // scale_since >= month
        kScaleSinceUntil,   // scale_since <= month
    };
    Kind kind = Kind::kDesignation;
    Designation designation = Designation::kTop500;
    int lo = 0, hi = 0;
    YearMonth month;
    std::string source;  // as written in the policy file, for explanations
};

// A conjunction of atoms.
struct Term {
    std::vector<Atom> all;
};

// A named target group: an enterprise belongs when any of its terms holds.
struct Group {
    std::string id;
    std::string label;  // Chinese description, e.g. "产值排全区前500名企业中的制造业企业、工业龙头企业"
    std::vector<Term> any;
};

// A group a clause targets, with the output the period must exceed for that group.
struct Target {
    int group = 0;                                 // index into Policy::groups
    std::optional<std::int64_t> output_above_fen;  // strict ">" unless inclusive
    bool inclusive = false;                        // "不低于": >=
};

struct Tier {
    std::string label;
    std::int64_t output_above_fen = 0;  // period output strictly above
    Ratio growth_min;                   // growth >= this
    std::optional<std::int64_t> amount_yuan;
    std::optional<Ratio> rate;  // or a rate of the award base
};

enum class BaseKind : std::uint8_t { kPriorYear, kNone };
enum class GrowthWindow : std::uint8_t { kPeriod, kYearToDate };
enum class AwardKind : std::uint8_t { kRate, kTiers };
enum class AwardOf : std::uint8_t { kIncrement, kOutput };

struct Clause {
    std::string id;      // "2"
    std::string number;  // "（二）"
    std::string title;   // "推动企业增产增效"
    std::string text;    // the original text
    std::vector<std::string> responsible_units;
    std::vector<MonthRange> periods;  // evaluated in this order; per-year caps consume them in order
    std::vector<Target> targets;
    std::vector<Designation> exclude_designations;  // 不重复享受
    std::string exclusion_note;
    bool enabled = true;

    BaseKind base = BaseKind::kPriorYear;
    // Growth test (base = kPriorYear): window sum this year * den >= last year * (den + num).
    bool growth_test = true;
    GrowthWindow growth_window = GrowthWindow::kPeriod;
    Ratio growth_min{12, 100};
    bool period_must_grow = false;  // the period itself must exceed the same period a year earlier

    AwardKind award_kind = AwardKind::kRate;
    AwardOf award_of = AwardOf::kIncrement;
    Ratio rate{1, 100};
    std::vector<Tier> tiers;  // first matching tier wins
    bool tiers_illustrative = false;
    std::int64_t min_award_yuan = 0;  // computed awards below this are not paid (not eligible)
    std::optional<std::int64_t> cap_per_period_yuan;
    std::optional<std::int64_t> cap_per_year_yuan;  // cumulative over the clause's periods in a year, in order
};

struct Policy {
    std::string id;  // "guangxi-2023"
    std::string title;
    std::string document;  // 文号
    std::string version;
    std::string source;  // directory it was loaded from
    std::string budget_note;
    MonthRange in_force{};
    std::vector<Group> groups;
    std::vector<Clause> clauses;
    std::optional<std::int64_t> budget_yuan;
    std::optional<std::int64_t> cap_per_enterprise_yuan;  // across all clauses, whole policy

    // Index of a clause by id, or -1.
    int find_clause(const std::string& id) const;
    // Index of a group by id, or -1.
    int find_group(const std::string& id) const;
    // The months any clause reads (periods, prior-year bases and year-to-date windows).
    MonthRange months_needed() const;
};

}  // namespace zx
