// The awards module's routes: policies and their clauses, award runs (create, rows, lifecycle,
// compare, 公示 exports, explanations) and an enterprise's award ledger.
#pragma once

#include "modules/awards/run_service.hpp"
#include "modules/awards/simulation.hpp"
#include "platform/http/route.hpp"

namespace zx::awards {

http::RouteTable routes(RunService& runs);
// 政策模拟 and saved scenarios.
http::RouteTable simulation_routes(SimulationService& sim);

}  // namespace zx::awards
