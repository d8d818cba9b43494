// The whole schema: the platform's baseline migrations, then each module's own, in dependency order.
// A module that adds tables appends its ModuleSchema to the list in schema.cpp.
#pragma once

#include "core/status.hpp"
#include "platform/storage/db.hpp"

namespace zx::api {

// Brings `db` to the schema this build expects. Returns the baseline version reached.
Result<int> migrate_all(db::Database& db);

}  // namespace zx::api
