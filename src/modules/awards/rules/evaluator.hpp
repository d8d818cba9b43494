// Evaluates a policy over a dataset: one AwardRow per enterprise, clause and period for every
// enterprise in the clause's target group in that period, with the figures that decided it. Pure
// computation: no I/O, no allocation per row beyond the result vectors. Thread-safe on const inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/dataset.hpp"
#include "modules/awards/rules/policy.hpp"

namespace zx {

// Why a row is (not) eligible: the first test that failed, in the order the evaluator applies them.
enum class Outcome : std::uint8_t {
    kEligible,
    kExcluded,        // a designation the clause excludes (不重复享受) is active
    kMissingData,     // a month the tests need is absent
    kNoBase,          // prior-year base is zero: growth undefined
    kHasBase,         // 无基数 clause, but the same period a year earlier had output
    kGrowthBelow,     // growth below the minimum
    kBelowThreshold,  // period output not above any target group's threshold
    kNotGrown,        // the period itself did not grow
    kNoTier,          // no award tier matched
    kBelowMinimum,    // computed award below the policy's minimum award
};
inline constexpr int kOutcomeCount = 10;

// Bits of AwardRow::cap_hit: which caps reduced the award (flags, so constants rather than an enum).
inline constexpr std::uint8_t kCapPeriod = 1;
inline constexpr std::uint8_t kCapYear = 2;
inline constexpr std::uint8_t kCapEnterprise = 4;

struct AwardRow {
    EntId ent = 0;
    std::uint16_t clause = 0;  // index into Policy::clauses
    std::uint16_t period = 0;  // index into Clause::periods
    Outcome outcome = Outcome::kEligible;
    std::uint8_t member_mask = 0;  // bit t: enterprise belongs to Clause::targets[t]
    std::uint8_t pass_mask = 0;    // bit t: period output passes targets[t]'s threshold
    std::int8_t tier = -1;         // matched tier, for tier awards
    std::uint8_t cap_hit = 0;      // kCap* bits: the caps that reduced the award
    std::uint8_t missing_months = 0;
    std::int64_t cur_fen = 0;        // period output this year
    std::int64_t base_fen = 0;       // same months a year earlier (absent months as 0 for 无基数 clauses)
    std::int64_t win_cur_fen = 0;    // growth-window output this year
    std::int64_t win_base_fen = 0;   // growth-window output a year earlier
    std::int64_t computed_yuan = 0;  // the formula's award, before caps
    std::int64_t capped_yuan = 0;    // after caps
    std::int64_t amount_yuan = 0;    // after budget scaling: what is paid

    bool eligible() const { return outcome == Outcome::kEligible; }
};

struct EvaluateOptions {
    int threads = 0;  // 0: hardware concurrency
    // Budget in yuan overriding the policy's; nullopt: use the policy's (if any).
    std::optional<std::int64_t> budget_yuan;
};

struct Evaluation {
    std::vector<AwardRow> rows;          // ordered by enterprise, clause, period
    std::int64_t total_capped_yuan = 0;  // before budget scaling
    std::int64_t total_yuan = 0;         // paid
    std::optional<std::int64_t> budget_yuan;
    bool budget_scaled = false;
};

Evaluation evaluate(const Policy& policy, const Dataset& data, const EvaluateOptions& options = {});

// Scales rows' capped_yuan into amount_yuan so that the total equals budget_yuan exactly when the
// capped total exceeds it: floor(award × budget ÷ total), then one yuan each to the largest
// remainders (ties by USCC, clause, period). Otherwise amount = capped. Returns true if scaled.
bool apply_budget(std::vector<AwardRow>& rows, std::int64_t budget_yuan, const Dataset& data);

// The months clause `c` reads for period `p` (both years), as the evaluator checks them.
struct PeriodWindows {
    MonthRange period;
    MonthRange base;         // period a year earlier
    MonthRange growth;       // growth window this year
    MonthRange growth_base;  // growth window a year earlier
};
PeriodWindows windows_of(const Clause& clause, std::size_t period);

// The growth test, exact in integers: cur ≥ base × (1 + min), i.e. cur × den ≥ base × (den + num).
bool growth_at_least(std::int64_t cur_fen, std::int64_t base_fen, Ratio min);
// What a clause's award is computed on: the year-on-year increment or the period's output (fen).
std::int64_t award_base_fen(const Clause& clause, const AwardRow& row);
// `rate` percent of `fen`, floored to whole yuan (0 for a non-positive base).
std::int64_t award_at_rate(std::int64_t fen, Ratio rate);
// Whether award_at_rate(fen, rate) needed rounding down (the explanation says so).
bool award_rounded(std::int64_t fen, Ratio rate);

// Designations active for an enterprise in a month range, as a bit mask.
DesignationMask active_designations(const Dataset& data, EntId e, MonthRange months);
// Whether an atom holds for an enterprise in a period, given its active designations.
bool atom_holds(const Atom& a, const Dataset& data, EntId e, MonthRange period, DesignationMask active);
bool group_holds(const Group& g, const Dataset& data, EntId e, MonthRange period, DesignationMask active);

}  // namespace zx
