// Explanations in Chinese: the one-sentence reason of each award row (with its figures) and the
// full clause-by-clause trace for one enterprise. Pure functions of policy, data and evaluation.
#pragma once

#include <string>

#include "core/dataset.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/policy.hpp"

namespace zx {

// E.g. "2023年1—2月产值6,000.00万元，超过5,000万元；累计增长20.00%，不低于12%；奖励=同比增量1,000.00万元×1%=10.00万元".
std::string reason_zh(const Policy& policy, const Dataset& data, const AwardRow& row);
// Short English reason, e.g. "growth 8.12% below 12%".
std::string reason_en(const Policy& policy, const Dataset& data, const AwardRow& row);
// Stable machine code of an outcome, e.g. "growth_below".
const char* outcome_code(Outcome o);

// "（二）推动企业增产增效"
std::string clause_label(const Clause& c);
// 万元 figure for texts: exact (two to six decimals), e.g. "6,000.00", "1,234.567891".
std::string wan(std::int64_t fen);
// 万元 rounded to two decimals, for figures that are not compared with anything.
std::string wan2(std::int64_t fen);
// Two decimals, unless that would read equal to `threshold_fen` while it is not: then exact.
std::string wan_near(std::int64_t fen, std::int64_t threshold_fen);
// A threshold in 万元 without needless decimals: "5,000", "2亿" is not used; "3,000".
std::string wan_plain(std::int64_t fen);

// The full trace for one enterprise: identity, designations, every clause with its text, every
// period with its months, figures, tests, formula, caps and budget. `ev` must come from evaluate()
// on the same policy and data.
std::string explain_enterprise_zh(const Policy& policy, const Dataset& data, const Evaluation& ev, EntId ent);

}  // namespace zx
