// Demo mode: fills an empty database with a synthetic Guangxi population (most months verified by
// their city, some pending), one account per role with a random password, and a first draft run, so
// that the platform can be tried at once. Passwords are generated, never defaults; they are returned
// for the operator to read once.
#pragma once

#include <string>
#include <vector>

#include "modules/awards/run_service.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct DemoAccount {
    std::string username, password, role, scope;
};

struct DemoSeedResult {
    bool seeded = false;  // false when the database already had enterprises
    std::size_t enterprises = 0, output_rows = 0;
    std::vector<DemoAccount> accounts;
    std::int64_t run_id = 0;             // a draft run, to walk through by hand
    std::int64_t publicized_run_id = 0;  // in 公示: the enterprise account has awards in it
    Text run_error;                      // why there is no first run (e.g. no policies directory)
};

Result<DemoSeedResult> seed_demo(db::Database& db, RunService& runs, std::size_t enterprises, std::uint64_t seed);

}  // namespace zx
