// The key projects' milestone states and the summary by city (used by the projects endpoint and the 通报).
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "modules/monitoring/rules/inputs.hpp"

namespace zx::monitoring {

enum class MilestoneState : std::uint8_t { kDone, kLate, kOverdue, kDue, kPending };
std::string_view milestone_state_code(MilestoneState s);
// Reached on or before its plan: done; after: late; not reached and planned before `as_of`: overdue;
// planned within 30 days of `as_of`: due; otherwise pending.
MilestoneState milestone_state(const std::optional<Date>& planned, const std::optional<Date>& actual, Date as_of);

struct ProjectSummary {
    CityId city = 0;
    std::int64_t projects = 0, due = 0, overdue = 0;
    std::int64_t planned_fen = 0, completed_fen = 0;
};
// One per city, in the official order.
std::vector<ProjectSummary> project_summary(const MonitoringData& md, Date as_of);
boost::json::object project_summary_json(const ProjectSummary& s);

}  // namespace zx::monitoring
