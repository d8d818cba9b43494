// Synthetic monitoring data for a demo population, and the four CSV files of rules/inputs.hpp that
// load_monitoring_data reads back as the same data. Deterministic: integer arithmetic over a seeded
// splitmix64 only (no std::random_device, no floating point), so a seed gives the same bytes everywhere.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/status.hpp"
#include "modules/monitoring/rules/inputs.hpp"

namespace zx::monitoring {

// For months [first, last] (rows only where `ds` has output):
// - per enterprise and month: electricity tracking output (kWh ≈ output × an industry intensity, with
//   noise), except about 2% of the enterprises whose electricity departs from output from the second
//   year (or the second half of a shorter range) on, by 25–40% — more than 15 points of growth apart;
//   revenue ≈ output × 0.90–1.05; profit 2–8% of revenue, a loss for about 8%; employees stable; the
//   plan for the next month ≈ that month's actual ÷ 0.85–1.10 (so some reach less than 90%), for the
//   last month from its own output; the plan for the next quarter in a quarter's last month only.
// - per city (all 14) and month: cumulative value-added growth −3…+12%, investment growth −10…+20%,
//   special bonds issued and used year to date (rising within a year, used ≤ issued), manufacturing
//   share 15–35%.
// - 40 key projects per city across the six categories, most tied to an enterprise of the city, with
//   milestones planned through the range's last year: most reached on time, some late, some overdue
//   (planned before the range's end, not reached), and investment in each month since the start.
MonitoringData generate_monitoring_demo(const Dataset& ds, MonthRange months, std::uint64_t seed);

// Writes enterprise_monthly.csv, city_indicators.csv, projects.csv and project_investment.csv into
// `dir` (created if needed), UTF-8 without BOM, LF line ends, each file atomically (write_file_atomic).
// `ds` names the USCCs (the Dataset the data was generated for). Each file is built in memory first,
// about 100 bytes per enterprise month. IoError naming the file on failure.
Status write_monitoring_demo(const Dataset& ds, const MonitoringData& data, const std::filesystem::path& dir);

}  // namespace zx::monitoring
