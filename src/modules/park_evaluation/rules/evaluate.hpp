// The 亩均 evaluation, exactly: benchmarks as sums over a population, indicator scores as fractions
// of 128-bit integers, the total rounded half away from zero, ranks by strictly higher totals and
// grades by integer comparison (100·r ≤ percent·N). One scorer serves enterprises and parks: a park
// is an entity whose land is the park's area and whose other figures are its enterprises' sums.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/region.hpp"
#include "modules/park_evaluation/rules/scheme.hpp"

namespace zx::parks {

// What the scorer ranks: one value per scheme column (land at 0), a presence flag per column, the
// population (group) it is ranked in.
struct Entity {
    std::vector<std::int64_t> values;
    std::vector<std::uint8_t> present;
    int group = 0;
};

struct IndicatorScore {
    bool missing = false;       // a further column left empty (the scheme's `missing` rule applied)
    bool zero_den = false;      // denominator 0 (the scheme's `zero` rule applied)
    bool capped = false;        // value ÷ benchmark reached the cap
    bool no_benchmark = false;  // the benchmark is not positive: the indicator scores 0
    Frac ratio{0, 1};           // min(max(value ÷ benchmark, 0), cap)
    Frac points{0, 1};          // weight × ratio (or the mean score for a missing figure)
    std::int64_t rounded = 0;   // points at score_decimals, for display
};

struct Scored {
    std::vector<IndicatorScore> ind;
    std::int64_t total = 0;  // Σ points at score_decimals (10^-d points), rounded once
    int rank = 0;
    std::string grade;
};

struct GroupBenchmarks {
    std::size_t n = 0;
    std::vector<Frac> benchmark;  // per indicator, in column base units (numerator units per denominator unit)
    std::vector<bool> positive;
    std::vector<Frac> mean_score;  // per indicator, for the kMeanScore rule
};

struct ScoreResult {
    std::vector<Scored> rows;  // parallel to the entities
    std::vector<GroupBenchmarks> groups;
    bool overflow = false;  // some figure is too large to score exactly
};

// Scores, ranks and grades `entities` (all in the population) within their groups [0, n_groups).
ScoreResult score_population(const Scheme& scheme, std::span<const Entity> entities, int n_groups);

// Total of one entity given its group's benchmarks (the scorer's arithmetic, for what-if and the
// inverse answer). `mean` are the group's mean scores for missing figures.
Scored score_entity(const Scheme& scheme, const Entity& e, const GroupBenchmarks& g, bool& ok);
// Benchmarks of a population (one group) from its members.
GroupBenchmarks benchmarks_of(const Scheme& scheme, std::span<const Entity* const> members, bool& ok);
// The sums behind a population benchmark (Σ numerator, Σ denominator over the members with both).
struct Sums {
    std::vector<i128> num, den;
};
Sums sums_of(const Scheme& scheme, std::span<const Entity* const> members);
// Benchmark `k` from sums (a fixed benchmark ignores them).
bool benchmark_from(const Scheme& scheme, std::size_t k, i128 sum_num, i128 sum_den, Frac& out, bool& positive);
// The grade of rank r among n (empty when the scheme is not graded).
std::string grade_of(const Scheme& scheme, int rank, std::size_t n);
// Ranks and grades by total within each group.
void rank_and_grade(const Scheme& scheme, std::span<const Entity> entities, std::vector<Scored>& rows);

// ---- enterprises and parks of a year ----

struct EnterpriseInput {
    std::string uscc, name;
    CityId city{};
    int industry = 0;
    std::optional<YearMonth> scale_since;
    std::string park_id;
    std::vector<std::int64_t> values;  // per column; land_mu at 0 (the counted area of its parcels)
    std::vector<std::uint8_t> present;
    bool has_land = false, has_annual = false;
};

struct ParkInput {
    std::string id, name, city, level;
    std::int64_t area = 0;  // 0.01 mu
};

enum class RowState { kRated, kExempt };

struct EnterpriseRow {
    std::size_t input = 0;  // index into the inputs
    RowState state = RowState::kRated;
    std::string exempt_reason_zh, exempt_reason_en;
    std::string group;  // the population's name ("" with a single population)
    Scored scored;      // empty for an exempt enterprise
};

struct ParkRow {
    std::size_t park = 0;
    std::size_t enterprises = 0;
    Scored scored;
};

struct Evaluation {
    int year = 0;
    std::vector<EnterpriseRow> rows;   // rated and exempt, in input order
    std::vector<std::size_t> missing;  // inputs with land but no annual figures for the year
    std::vector<std::size_t> no_land;  // inputs with annual figures but no land
    std::vector<std::string> group_names;
    std::vector<GroupBenchmarks> groups;   // per group, of the enterprises
    std::vector<Entity> entities;          // of the rated rows, parallel to rated_rows
    std::vector<std::size_t> rated_rows;   // indices into rows
    std::vector<ParkRow> parks;            // parks with at least one rated enterprise
    std::vector<std::size_t> empty_parks;  // parks without one
    GroupBenchmarks park_benchmarks;
    std::vector<Entity> park_entities;
    bool overflow = false;
};

// Whether an enterprise is exempt in `year`, and why.
bool exempt(const Scheme& scheme, const EnterpriseInput& e, int year, std::string& why_zh, std::string& why_en);

Evaluation evaluate(const Scheme& scheme, std::span<const EnterpriseInput> inputs, std::span<const ParkInput> parks,
                    int year);

// What-if: the same figures under other weights or grade splits (benchmarks do not depend on
// them). Returns the rows' new scores, ranked and graded, parallel to ev.rated_rows.
std::vector<Scored> reweigh(const Scheme& changed, const Evaluation& ev);

}  // namespace zx::parks
