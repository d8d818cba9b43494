// Demo mode: fills an empty database with a synthetic Guangxi population (most months verified by
// their city, some pending), one account per role with a random password, and a first draft run, so
// that the platform can be tried at once. Passwords are generated, never defaults; they are returned
// for the operator to read once.
#pragma once

#include <string>
#include <vector>

#include "modules/awards/run_service.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/park_evaluation/park_service.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct DemoAccount {
    std::string username, password, role, scope;
};

struct DemoSeedResult {
    bool seeded = false;  // false when the database already had enterprises
    std::size_t enterprises = 0, output_rows = 0;
    std::vector<DemoAccount> accounts;
    std::int64_t run_id = 0;              // a draft run, to walk through by hand
    std::int64_t publicized_run_id = 0;   // in 公示: the enterprise account has awards in it
    Text run_error;                       // why there is no first run (e.g. no policies directory)
    std::string enterprise_uscc;          // the demo enterprise account's
    std::size_t desk_cases = 0;           // service desk cases of the last eight weeks
    std::int64_t park_evaluation_id = 0;  // the 亩均 evaluation of the demo's year, in 公示
};

// With `desk`, also the service desk's demonstration (seed_desk_demo); with `parks`, the 亩均
// evaluation's (its data uploaded and the latest year evaluated).
Result<DemoSeedResult> seed_demo(db::Database& db, RunService& runs, std::size_t enterprises, std::uint64_t seed,
                                 DeskService* desk = nullptr, parks::ParkService* parks = nullptr,
                                 monitoring::MonitoringService* monitoring = nullptr);

// The service desk over eight weeks up to now: commissioners for three cities with their enterprises
// assigned, department accounts for every lead unit of the routing rules, and cases reported, dispatched,
// accepted, answered and rated (some late, some waiting for the enterprise, one extended, one a possible
// duplicate), replayed through the service on a clock of their own so every clock is real. The demo
// enterprise account has one case waiting for 人社厅 to accept.
Status seed_desk_demo(db::Database& db, DeskService& desk, DemoSeedResult& out);

}  // namespace zx
