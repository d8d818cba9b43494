#include "modules/service_desk/desk_export.hpp"

#include "core/clock.hpp"
#include "platform/formats/table_xlsx.hpp"

namespace zx::service_desk {
namespace {

std::string time_text(const std::optional<std::int64_t>& t) {
    return t ? china_time_text(*t) : std::string();
}

}  // namespace

std::string_view status_zh(std::string_view s) {
    if (s == "submitted") return "待分办";
    if (s == "dispatched") return "已分办";
    if (s == "accepted") return "已受理";
    if (s == "in_progress") return "办理中";
    if (s == "waiting") return "待企业补充";
    if (s == "replied") return "已答复";
    if (s == "closed") return "已办结";
    if (s == "open") return "待受理";
    if (s == "done") return "已完成";
    return s;
}

std::string_view sla_zh(std::string_view s) {
    if (s == "ok") return "正常";
    if (s == "warning") return "预警";
    if (s == "breached") return "超时";
    if (s == "met") return "按时办结";
    if (s == "missed") return "超时办结";
    return s;
}

Result<std::string> cases_xlsx(const std::vector<CaseRecord>& rows) {
    XlsxTable t{
        "问题清单",
        {"案件号", "统一社会信用代码", "企业名称", "设区市", "类别", "紧急程度", "标题", "状态", "首接负责单位",
         "协办单位", "反映时间", "响应时限", "受理时间", "办理时限", "答复时间", "办结时间", "评价", "时限状态"},
        {},
        {8, 22, 28, 10, 10, 8, 36, 10, 26, 30, 18, 18, 18, 18, 18, 18, 6, 10}};
    for (const CaseRecord& c : rows) {
        std::string co;
        for (const std::string& d : c.co_departments) co += (co.empty() ? "" : "、") + d;
        t.rows.push_back(
            {c.id, c.uscc, c.enterprise_name, c.city, c.category, std::string(c.urgency == "urgent" ? "紧急" : "一般"),
             c.title, std::string(status_zh(c.status)), c.lead_department, co, china_time_text(c.created_at),
             china_time_text(c.response_due), time_text(c.responded_at),
             time_text(c.resolution_due) + (c.provisional ? "（暂定）" : ""), time_text(c.resolved_at),
             time_text(c.closed_at), c.rating ? XlsxCell(std::int64_t{*c.rating}) : XlsxCell(std::string()),
             std::string(sla_zh(c.sla_state))});
    }
    return table_xlsx(t);
}

Result<std::string> tasks_xlsx(const std::vector<DeskTask>& rows) {
    XlsxTable t{
        "任务清单",
        {"类型", "编号", "案件号", "责任单位", "标题", "状态", "设区市", "类别", "紧急程度", "期限", "时限状态"},
        {},
        {8, 8, 8, 26, 36, 10, 10, 10, 8, 18, 10}};
    for (const DeskTask& x : rows)
        t.rows.push_back({std::string(x.kind == "lead" ? "首接" : "协办"), x.id, x.case_id, x.department, x.title,
                          std::string(status_zh(x.status)), x.city, x.category,
                          std::string(x.urgency == "urgent" ? "紧急" : "一般"), time_text(x.due),
                          std::string(sla_zh(x.sla_state))});
    return table_xlsx(t);
}

Result<std::string> coverage_xlsx(const std::vector<CoverageRow>& rows) {
    XlsxTable t{"企业清单",
                {"统一社会信用代码", "企业名称", "设区市", "行业", "特派员", "未办结问题"},
                {},
                {22, 30, 10, 8, 14, 10}};
    for (const CoverageRow& c : rows)
        t.rows.push_back({c.uscc, c.name, c.city, c.industry,
                          c.commissioner_id ? c.commissioner_name : std::string("（未覆盖）"), c.open_cases});
    return table_xlsx(t);
}

Result<std::string> kpi_xlsx(const KpiReport& report, const std::string& month) {
    XlsxTable t{month + "考核",
                {"责任单位", "案件数", "应响应", "按时响应", "响应率（%）", "应办结", "按时办结", "解决率（%）",
                 "已评价", "满意", "满意率（%）", "响应用时中位数（小时）", "响应用时P90（小时）",
                 "办结用时中位数（天）", "办结用时P90（天）", "综合得分"},
                {},
                {26, 8, 8, 8, 10, 8, 8, 10, 8, 8, 10, 12, 12, 12, 12, 10}};
    // Hours and days with one decimal, from whole seconds (rounded half up: times are not negative).
    const auto tenths = [](const std::optional<std::int64_t>& s, std::int64_t unit) -> XlsxCell {
        if (!s) return std::string();
        const std::int64_t t = (*s * 10 + unit / 2) / unit;
        return std::to_string(t / 10) + "." + std::to_string(t % 10);
    };
    auto add = [&](const KpiRow& r, const std::string& label) {
        t.rows.push_back(
            {label, r.cases, r.response_due, r.responded_in_time, r.response_rate, r.resolution_due, r.resolved_in_time,
             r.resolution_rate, r.rated, r.satisfied, r.satisfaction_rate,
             tenths(r.respond_median_seconds, kSecondsPerHour), tenths(r.respond_p90_seconds, kSecondsPerHour),
             tenths(r.resolve_median_seconds, kSecondsPerDay), tenths(r.resolve_p90_seconds, kSecondsPerDay), r.score});
    };
    for (const KpiRow& r : report.rows) add(r, r.key.empty() ? std::string("（未分办）") : r.key);
    add(report.total, "合计");
    return table_xlsx(t);
}

}  // namespace zx::service_desk
