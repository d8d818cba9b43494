// What-if: change a policy's parameters with "key=value" settings and compare the result with the
// baseline (cost, beneficiaries, by clause and city, enterprises that gain or lose).
#pragma once

#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/awards/rules/policy.hpp"
#include "modules/awards/rules/summary.hpp"

namespace zx {

// Applies one setting. Keys:
//   budget=YUAN | none
//   clause<ID>.enabled=true|false        clause<ID>.rate=1.5%          clause<ID>.growth_min=10%
//   clause<ID>.cap_year=YUAN|none        clause<ID>.cap_period=YUAN|none clause<ID>.min_award=YUAN
//   clause<ID>.threshold.<GROUP>=YUAN    clause<ID>.period_must_grow=true|false
//   cap_enterprise=YUAN|none
// Errors name the key and say what is expected.
Status apply_setting(Policy& policy, std::string_view setting);

struct EnterpriseChange {
    EntId ent = 0;
    std::int64_t before_yuan = 0;
    std::int64_t after_yuan = 0;
};

struct ScenarioComparison {
    RunSummary baseline;
    RunSummary scenario;
    std::vector<EnterpriseChange> changes;  // enterprises whose total changed, largest change first
    std::size_t gainers = 0, losers = 0, new_beneficiaries = 0, lost_beneficiaries = 0;
};

ScenarioComparison compare_scenarios(const Policy& base_policy, const Evaluation& base, const Policy& scen_policy,
                                     const Evaluation& scen, const Dataset& data);

}  // namespace zx
