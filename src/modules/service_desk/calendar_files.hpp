// The working calendars as files (calendars/: regions.toml and one directory per layer with a file
// per year, each naming its source document). Unknown keys, malformed dates, a date both holiday and
// working day, a file whose year differs from its name: errors naming the file, line and field.
#pragma once

#include <filesystem>
#include <string>

#include "core/status.hpp"
#include "core/working_calendar.hpp"

namespace zx {

// The calendar of `region` ("national", "guangxi", …) under `root`.
Result<WorkingCalendar> load_working_calendar(const std::filesystem::path& root, const std::string& region);

}  // namespace zx
