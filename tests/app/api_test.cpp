// The platform's HTTP API end to end and in process: a fresh database (SQLite in memory, and
// PostgreSQL in a schema of its own when ZX_TEST_PG_URL is set), migrated and seeded with the demo
// population, behind the real server on a loopback port, driven by a deliberately dumb raw-socket
// client. What a caller can do is pinned from the outside: authentication, the role × endpoint
// matrix over every route, scope (IDOR) checks, crafted parameters, the data workflow, the run
// lifecycle and ledger, OpenAPI against the router, the audit trail, and fuzzed request bodies.
//
// Bugs found in src/ while writing this suite are pinned by tests marked "Regression": they assert
// the correct behaviour and fail if the bug comes back.
//
// The suite is spread over tests/app/api_*_test.cpp by feature, sharing the platform and the fixture
// through api_fixture.hpp; this file instantiates every ApiTest test on both backends.
#include <gtest/gtest.h>

#include <string>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                             return info.param == Backend::kSqlite ? std::string("Sqlite") : std::string("Postgres");
                         });

}  // namespace
}  // namespace zx::api::apitest
