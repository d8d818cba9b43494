// Totals of an evaluation: by clause, by city, budget use. What a run's summary and a what-if
// comparison report.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "modules/awards/rules/evaluator.hpp"

namespace zx {

struct Tally {
    std::size_t rows = 0;  // enterprise × period rows in the target group
    std::size_t eligible_rows = 0;
    std::size_t beneficiaries = 0;  // distinct enterprises paid > 0
    std::int64_t total_yuan = 0;
};

struct RunSummary {
    Tally all;
    std::vector<Tally> by_clause;     // index = clause index
    std::array<Tally, 14> by_city{};  // index = CityId
    std::array<std::size_t, kOutcomeCount> by_outcome{};
    std::int64_t total_capped_yuan = 0;
    std::optional<std::int64_t> budget_yuan;
    bool budget_scaled = false;
};

RunSummary summarize(const Policy& policy, const Dataset& data, const Evaluation& ev);

// Total paid per enterprise (index = EntId).
std::vector<std::int64_t> totals_by_enterprise(const Dataset& data, const Evaluation& ev);

}  // namespace zx
