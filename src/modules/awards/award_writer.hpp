// Builds the presentation table of an evaluation and writes it as CSV or JSON (XLSX: xlsx_writer).
// Files are written to a temporary name and renamed: a failed write leaves nothing behind.
#pragma once

#include <filesystem>
#include <string>

#include "core/status.hpp"
#include "modules/awards/award_table.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/summary.hpp"

namespace zx {

// Lines ordered by USCC, clause, period; reasons in Chinese. threads: 0 = hardware concurrency.
AwardTable build_award_table(const Policy& policy, const Dataset& data, const Evaluation& ev, int threads = 0);

// CSV: uscc,clause,period,eligible,amount_yuan,reason,name,city,clause_title,computed_yuan,capped_yuan
// (UTF-8 with BOM when `excel_bom`, so that Excel on Chinese Windows opens it correctly).
Status write_awards_csv(const std::filesystem::path& path, const AwardTable& table, bool excel_bom = false);
// JSON: {"policy":..., "total_yuan":..., "rows":[{...}]}.
Status write_awards_json(const std::filesystem::path& path, const AwardTable& table, const RunSummary& summary,
                         const Policy& policy);

// A human summary (Chinese labels): counts, totals by clause and by city, budget use.
std::string summary_text(const Policy& policy, const RunSummary& s);
// The same as JSON.
std::string summary_json(const Policy& policy, const RunSummary& s);

}  // namespace zx
