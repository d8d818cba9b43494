// Loads the three tables of the data contract (enterprises, designations, output) from a directory of
// CSV (UTF-8 with or without BOM, LF or CRLF, or GB18030/GBK) or XLSX files with the same header
// row, validating every field. All-or-nothing: any defect yields no Dataset and a report naming file,
// line and field of each defect (up to a limit).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/calendar.hpp"
#include "common/status.hpp"
#include "domain/dataset.hpp"

namespace zx {

struct Defect {
  std::string file;   // file name as given (e.g. "output.csv")
  std::int64_t line = 0;  // 1-based line (CSV) or row (XLSX); 0 for the whole file
  std::string field;  // column name, or "" for the row/file
  std::string value;  // offending value (truncated), may be empty
  std::string message_zh;
  std::string message_en;
};

struct LoadStats {
  std::size_t enterprises = 0;
  std::size_t designations = 0;
  std::size_t output_rows = 0;
  std::size_t output_rows_outside_window = 0;  // validated but not kept
  std::optional<MonthRange> output_months;     // first and last month seen
  std::string encoding[3];                     // "UTF-8", "UTF-8 (BOM)", "GB18030", "XLSX"
};

struct LoadReport {
  std::vector<Defect> defects;     // the first `max_defects`
  std::size_t defects_total = 0;   // all defects found
  LoadStats stats;
  bool ok() const { return defects_total == 0; }
};

struct LoadOptions {
  // Months of output to keep in the matrix; rows outside are validated but dropped. nullopt: the
  // months the file holds (costs a side buffer of every row: evaluate passes the policy's months).
  std::optional<MonthRange> month_window;
  std::size_t max_defects = 200;
  int threads = 0;  // 0: hardware concurrency
  // Called now and then with (bytes done, bytes total) while reading; may be empty.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

// Finds <dir>/enterprises.{csv,xlsx}, designations.{csv,xlsx}, output.{csv,xlsx}.
// Returns the dataset when report.ok(); otherwise a DataError status (details in report) or an
// IoError when a file is missing or unreadable.
Result<Dataset> load_dataset(const std::filesystem::path& dir, const LoadOptions& options, LoadReport& report);

}  // namespace zx
