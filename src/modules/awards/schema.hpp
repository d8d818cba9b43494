// The awards module's schema steps after the baseline (runs, run_rows, run_events and the ledger
// are in the baseline): saved simulation scenarios; what a run was computed from (the verified-data
// version, pending months left out, the run it recomputes) and 公示 objections.
#pragma once

#include "platform/storage/module_migrations.hpp"

namespace zx::awards {

db::ModuleSchema schema();

}  // namespace zx::awards
