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

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/status.hpp"

namespace zx {

// What a defect is, where code must tell defects apart (their messages are for people only).
enum class DefectKind : std::uint8_t {
    kOther,
    kUnknownEnterprise,  // a designation or output row names a USCC the enterprises table does not hold
};

struct Defect {
    std::string file;       // file name as given (e.g. "output.csv")
    std::int64_t line = 0;  // 1-based line (CSV) or row (XLSX); 0 for the whole file
    std::string field;      // column name, or "" for the row/file
    std::string value;      // offending value (truncated), may be empty
    std::string message_zh;
    std::string message_en;
    DefectKind kind = DefectKind::kOther;
};

struct LoadStats {
    std::size_t enterprises = 0;
    std::size_t designations = 0;
    std::size_t output_rows = 0;
    std::size_t output_rows_outside_window = 0;  // validated but not kept
    std::optional<MonthRange> output_months;     // first and last month seen
    std::string encoding[3];                     // "UTF-8", "UTF-8 (BOM)", "GB18030", "XLSX"
    std::vector<std::int64_t> enterprise_lines;  // file line of each enterprise loaded, by EntId
};

struct LoadReport {
    std::vector<Defect> defects;    // the first `max_defects`
    std::size_t defects_total = 0;  // all defects found
    LoadStats stats;
    bool ok() const { return defects_total == 0; }
};

struct LoadOptions {
    // Months of output to keep in the matrix; rows outside are validated but dropped. nullopt: the
    // months the file holds (costs a side buffer of every row: evaluate passes the policy's months).
    std::optional<MonthRange> month_window;
    std::size_t max_defects = 200;
    // Designations may be absent (monitoring reads only enterprises and output): no designations then.
    bool designations_optional = false;
    int threads = 0;  // 0: hardware concurrency
    // Called now and then with (bytes done, bytes total) while reading; may be empty.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
};

// Finds <dir>/enterprises.{csv,xlsx}, designations.{csv,xlsx}, output.{csv,xlsx}.
// Returns the dataset when report.ok(); otherwise a DataError status (details in report) or an
// IoError when a file is missing or unreadable.
Result<Dataset> load_dataset(const std::filesystem::path& dir, const LoadOptions& options, LoadReport& report);

enum class TableKind { kEnterprises, kDesignations, kOutput };
std::string_view table_stem(TableKind kind);  // "enterprises", "designations", "output"

// Loads one table (an upload) into `ds`, with the same validation. For designations and output, `ds`
// must already hold the enterprises they may refer to (and have its index built). `display_name` is
// the name defects carry (e.g. the uploaded file's name). The format follows the file's extension
// (.xlsx, else CSV). Enterprises: build_index() is called (duplicates reported). Output: the months
// kept follow options.month_window as in load_dataset. Returns DataError when report has defects.
// Line numbers of the output rows of `file` whose (enterprise, month) is in `keys`
// (key = ent_month_key), for reporting conflicts found after loading.
std::vector<std::pair<std::uint64_t, std::int64_t>> locate_output_rows(const std::filesystem::path& file,
                                                                       const Dataset& ds,
                                                                       std::vector<std::uint64_t> keys);

Status load_table(TableKind kind, const std::filesystem::path& file, const std::string& display_name, Dataset& ds,
                  const LoadOptions& options, LoadReport& report);

}  // namespace zx
