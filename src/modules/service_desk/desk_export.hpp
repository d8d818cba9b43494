// The 三张清单 as XLSX, as the lists show them (Beijing times, Chinese labels).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "modules/service_desk/rules/kpi.hpp"

namespace zx::service_desk {

inline constexpr std::string_view kXlsxMime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<std::string> cases_xlsx(const std::vector<CaseRecord>& rows);
Result<std::string> tasks_xlsx(const std::vector<DeskTask>& rows);
Result<std::string> coverage_xlsx(const std::vector<CoverageRow>& rows);
// The month's KPI table: a row per department and the total.
Result<std::string> kpi_xlsx(const service_desk::KpiReport& report, const std::string& month);

// Chinese labels of the codes the lists show.
std::string_view status_zh(std::string_view status);
std::string_view sla_zh(std::string_view state);

}  // namespace zx::service_desk
