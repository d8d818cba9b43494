// The verified data as a Dataset: what an award run, a simulation and the monitoring figures read.
// Enterprises, designations and the verified output months of `months`, with a SHA-256 over exactly
// what was read (a run records it; equal hashes mean equal inputs).
#pragma once

#include <string>
#include <utility>

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/status.hpp"
#include "platform/storage/db.hpp"

namespace zx {

// With `only_uscc` that enterprise's data alone (for its trace). Keyset pages keep memory flat.
Result<std::pair<Dataset, std::string>> verified_snapshot(db::Connection& c, MonthRange months,
                                                          const std::string& only_uscc = {});

}  // namespace zx
