// The evaluation as CSV (the command line's contract, also the server's export): per enterprise
// `uscc,year,land_mu,score,rank,grade` then, per indicator, `<id>_score,<id>_value` (display units),
// and `population` when the scheme ranks within groups; per park `park_id,year,score,rank,grade`
// then the same indicator columns.
#pragma once

#include <span>
#include <string>

#include "modules/park_evaluation/rules/evaluate.hpp"

namespace zx::parks {

std::string enterprise_csv(const Scheme& scheme, std::span<const EnterpriseInput> inputs, const Evaluation& ev);
std::string park_csv(const Scheme& scheme, std::span<const ParkInput> parks, const Evaluation& ev);

// The order rows are listed in: rated ones by population, rank and USCC, then the exempt by USCC.
std::vector<std::size_t> listing_order(std::span<const EnterpriseInput> inputs, const Evaluation& ev);

}  // namespace zx::parks
