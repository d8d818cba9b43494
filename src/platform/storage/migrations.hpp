// The schema, as numbered migrations applied in order at start-up. Each migration runs in its own
// transaction and records itself in schema_version, so a crash mid-way leaves the previous version.
#pragma once

#include "platform/storage/db.hpp"

namespace zx::db {

// Applies every migration newer than the database's version. Returns the version reached.
Result<int> migrate(Database& db);
// The version the code expects.
int latest_schema_version();

}  // namespace zx::db
