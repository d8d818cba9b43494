// The key projects (重点工业项目) of the monitoring service: each project's milestones against the
// as-of date (done, late, overdue, due within 30 days, pending), its investment completed, and the
// summary by city that the 通报 prints.
#include <algorithm>

#include "core/region.hpp"
#include "core/working_calendar.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/monitoring/permissions.hpp"
#include "modules/monitoring/projects.hpp"

namespace zx::monitoring {

namespace json = boost::json;

namespace {

json::value date_or_null(const std::optional<Date>& d) {
    return d ? json::value(format_date(*d)) : json::value(nullptr);
}

}  // namespace

std::string_view milestone_state_code(MilestoneState s) {
    static constexpr std::array<std::string_view, 5> kCodes = {"done", "late", "overdue", "due", "pending"};
    return kCodes[static_cast<int>(s)];
}

MilestoneState milestone_state(const std::optional<Date>& planned, const std::optional<Date>& actual, Date as_of) {
    if (actual) return planned && *actual > *planned ? MilestoneState::kLate : MilestoneState::kDone;
    if (!planned) return MilestoneState::kPending;
    if (*planned < as_of) return MilestoneState::kOverdue;
    // Due: planned within the next 30 days (inclusive), counted in calendar days.
    const Date limit = date_from_days(days_since_epoch(as_of) + 30);
    return *planned <= limit ? MilestoneState::kDue : MilestoneState::kPending;
}

std::vector<ProjectSummary> project_summary(const MonitoringData& md, Date as_of) {
    std::vector<ProjectSummary> out(kCities.size());
    for (std::size_t c = 0; c < out.size(); ++c) out[c].city = static_cast<CityId>(c);
    std::vector<std::int64_t> completed(md.projects.size(), 0);
    for (const auto& inv : md.investment) completed[inv.project] += inv.fen;
    for (std::size_t i = 0; i < md.projects.size(); ++i) {
        const Project& p = md.projects[i];
        ProjectSummary& s = out[p.city];
        ++s.projects;
        s.planned_fen += p.planned_investment_fen;
        s.completed_fen += completed[i];
        for (int k = 0; k < kMilestoneCount; ++k) {
            const auto st = milestone_state(p.planned[k], p.actual[k], as_of);
            if (st == MilestoneState::kDue) ++s.due;
            if (st == MilestoneState::kOverdue) ++s.overdue;
        }
    }
    return out;
}

json::object project_summary_json(const ProjectSummary& s) {
    return {{"city", std::string(kCities[s.city])},
            {"projects", s.projects},
            {"milestones_due", s.due},
            {"milestones_overdue", s.overdue},
            {"planned_investment_yuan", yuan_text(s.planned_fen)},
            {"completed_yuan", yuan_text(s.completed_fen)},
            {"completion_pct",
             detail::text_or_null(s.planned_fen > 0 ? percent_text(s.completed_fen, s.planned_fen) : "")}};
}

Result<json::object> MonitoringService::projects(const Principal& who, const std::string& city,
                                                 const std::string& category, const PageRequest& p) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看监测数据", "not allowed to read monitoring"});
    auto st = state();
    if (!st) return st.status();
    auto c = detail::city_param(who, city);
    if (!c) return c.status();
    if (!category.empty() &&
        std::find(kProjectCategories.begin(), kProjectCategories.end(), category) == kProjectCategories.end())
        return Status::invalid({"category：未知的项目类别", "category: unknown project category"});
    const State& s = **st;
    // As of today, or of the latest data's 通报 day when the data are older (a demonstration, a
    // replayed year): milestones are judged against the time the figures describe.
    Date today = beijing_date(clock_.now());
    if (s.latest)
        if (auto due = bulletin_due(*s.latest); due && *due < today) today = *due;
    std::vector<std::int64_t> completed(s.md.projects.size(), 0);
    for (const auto& inv : s.md.investment) completed[inv.project] += inv.fen;
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < s.md.projects.size(); ++i) {
        const Project& pr = s.md.projects[i];
        if (*c && pr.city != **c) continue;
        if (!category.empty() && pr.category != category) continue;
        shown.push_back(i);
    }
    json::array items;
    const detail::PageWindow w = detail::page_window(p, shown.size());
    for (std::size_t k = w.first; k < w.last; ++k) {
        const Project& pr = s.md.projects[shown[k]];
        json::array ms;
        for (int i = 0; i < kMilestoneCount; ++i)
            ms.push_back(
                {{"code", std::string(kMilestoneCodes[i])},
                 {"name", std::string(kMilestoneNamesZh[i])},
                 {"planned", date_or_null(pr.planned[i])},
                 {"actual", date_or_null(pr.actual[i])},
                 {"state", std::string(milestone_state_code(milestone_state(pr.planned[i], pr.actual[i], today)))}});
        const std::int64_t done = completed[shown[k]];
        items.push_back(
            {{"id", pr.id},
             {"name", pr.name},
             {"city", std::string(kCities[pr.city])},
             {"category", pr.category},
             {"uscc", pr.ent ? json::value(std::string(s.ds.uscc(*pr.ent))) : json::value(nullptr)},
             {"enterprise_name", pr.ent ? json::value(std::string(s.ds.name(*pr.ent))) : json::value(nullptr)},
             {"planned_investment_yuan", yuan_text(pr.planned_investment_fen)},
             {"completed_yuan", yuan_text(done)},
             {"completion_pct",
              detail::text_or_null(pr.planned_investment_fen > 0 ? percent_text(done, pr.planned_investment_fen) : "")},
             {"milestones", std::move(ms)}});
    }
    json::array by_city;
    for (const auto& sum : project_summary(s.md, today))
        if (!*c || sum.city == **c) by_city.push_back(project_summary_json(sum));
    return json::object{{"items", std::move(items)},
                        {"total", static_cast<std::int64_t>(shown.size())},
                        {"page", p.page},
                        {"page_size", static_cast<std::int64_t>(w.size)},
                        {"as_of", date_or_null(today)},
                        {"by_city", std::move(by_city)}};
}

}  // namespace zx::monitoring
