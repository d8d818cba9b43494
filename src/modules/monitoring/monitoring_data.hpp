// Loads the monitoring data beside output (the four tables of rules/inputs.hpp) from CSV (UTF-8 with
// or without BOM, or GB18030) or XLSX files, with enterprise_data's readers. Every defect names the
// file, the line, the field and the value, in Chinese and English; all-or-nothing: one defect and no
// data. Figures may be empty (not reported); keys, and a project's name, city, category and planned
// investment, may not. A row of project_investment with an empty completed_yuan reports nothing and
// is not kept (ProjectInvestment has no "not reported").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/dataset.hpp"
#include "core/status.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/monitoring/rules/inputs.hpp"

namespace zx::monitoring {

// Which file of the monitoring data (the stem of <stem>.csv / <stem>.xlsx).
enum class MonitoringTable { kEnterpriseMonthly, kCityIndicators, kProjects, kProjectInvestment };
// "enterprise_monthly", "city_indicators", "projects", "project_investment".
std::string_view table_stem(MonitoringTable t);
// The table of a stem; nullopt for any other name.
std::optional<MonitoringTable> find_table(std::string_view stem);

// <dir>/<stem>.{csv,xlsx} for each table that exists: every table is optional, but project_investment
// needs projects (a defect otherwise). Both .csv and .xlsx of one stem: InvalidArgument. `enterprises`
// holds the enterprises the rows may name (its index built). Defects: DataError, details in `report`
// (which is reset first); an unreadable file: IoError.
Result<MonitoringData> load_monitoring_data(const std::filesystem::path& dir, const Dataset& enterprises,
                                            LoadReport& report);

// One table from `file` (.xlsx by its extension, else CSV) into `data`, replacing that table's rows,
// for uploads; `name` is the file name defects carry. Defects are appended to `report`. Project
// investment is checked against data.projects; new projects keep data.investment by project id, and
// a project dropped while investment names it is a defect. All-or-nothing: on any defect `data` is
// unchanged and DataError is returned.
Status load_monitoring_table(MonitoringTable t, const std::filesystem::path& file, const std::string& name,
                             const Dataset& enterprises, MonitoringData& data, LoadReport& report);

}  // namespace zx::monitoring
