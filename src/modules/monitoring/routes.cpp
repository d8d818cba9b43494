#include "modules/monitoring/routes.hpp"

#include "modules/enterprise_data/defect_json.hpp"
#include "modules/monitoring/permissions.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::monitoring {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

json::value str_or_null(std::string_view d = {}) {
    return s::nullable(s::string(d));
}

json::value group_schema() {
    return s::object({{"key", s::string()},
                      {"name", s::string()},
                      {"output_yuan", s::string("累计产值（元）/ cumulative output, yuan")},
                      {"base_yuan", s::string("上年同期（同口径）/ the same enterprises a year earlier")},
                      {"growth_pct", str_or_null("同比增长%（一位小数）/ growth, one decimal")},
                      {"rank", s::nullable(s::integer())},
                      {"rank_change", s::nullable(s::integer("较上月排位变化（正=上升）/ up is positive"))},
                      {"contribution_pp", str_or_null("拉动（百分点）/ contribution, points")},
                      {"enterprises", s::integer()}},
                     {"key", "name", "output_yuan", "base_yuan", "growth_pct", "rank", "contribution_pp"});
}

json::value city_schema() {
    return s::object({{"city", s::string()},
                      {"output_yuan", s::string()},
                      {"base_yuan", s::string()},
                      {"growth_pct", str_or_null()},
                      {"rank", s::nullable(s::integer())},
                      {"rank_change", s::nullable(s::integer())},
                      {"contribution_pp", str_or_null()},
                      {"enterprises", s::integer()},
                      {"indicators", s::object({{"value_added_growth_pct", str_or_null()},
                                                {"investment_growth_pct", str_or_null()},
                                                {"special_bonds_issued_yuan", str_or_null()},
                                                {"special_bonds_used_yuan", str_or_null()},
                                                {"manufacturing_share_pct", str_or_null()}},
                                               {})},
                      {"own", s::boolean("本市（市级用户）/ the caller's own city")}},
                     {"city", "output_yuan", "base_yuan", "growth_pct", "rank", "contribution_pp"});
}

const std::vector<http::QueryParam> kPaging = {{"page", "", "integer"}, {"page_size", "1–500", "integer"}};

std::vector<http::QueryParam> with_paging(std::vector<http::QueryParam> q) {
    q.insert(q.end(), kPaging.begin(), kPaging.end());
    return q;
}

std::string q(const Call& c, const char* name) {
    return c.req.q(name).value_or("");
}

http::Response reply(Result<json::object> r, int status = 200) {
    http::check(r.status());
    return http::json_response(*r, status);
}

}  // namespace

http::RouteTable routes(MonitoringService& m, std::size_t max_upload_bytes) {
    http::RouteTable t;
    const http::QueryParam month{"month", "YYYY-MM（默认最新；1月不单独统计）/ default the latest"};
    const http::QueryParam city{"city", "设区市 / a city"};
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/months",
                 .tag = "monitoring",
                 .summary = "可查询的月份（2月起，1—2月合并）/ the reportable months",
                 .permission = &perm::kMonitorRead,
                 .response = s::object({{"latest", str_or_null()}, {"months", s::array(s::string())}}, {"months"}),
                 .handler = [&m](Call& c) { return reply(m.months(c.who)); }});
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/cities",
                 .tag = "monitoring",
                 .summary = "分市累计增速、排位、拉动与发布指标 / the city table",
                 .permission = &perm::kMonitorRead,
                 .query = {month},
                 .response = s::object({{"month", s::string()},
                                        {"period", s::string("1—6月")},
                                        {"rows", s::array(city_schema())},
                                        {"total", s::nullable(city_schema())},
                                        {"published", s::boolean("其他市数据来自已印发通报 / from the issued 通报")}},
                                       {"month", "period", "rows", "total", "published"}),
                 .errors = {"validation_failed", "not_found"},
                 .handler = [&m](Call& c) { return reply(m.cities(c.who, q(c, "month"))); }});
    for (const bool industries : {true, false}) {
        t.push_back({.method = "GET",
                     .path = industries ? "/api/monitoring/industries" : "/api/monitoring/groups",
                     .tag = "monitoring",
                     .summary = industries ? "分行业（国民经济行业大类）/ by GB/T 4754 division"
                                           : "分类别（认定名单）/ by designation",
                     .permission = &perm::kMonitorRead,
                     .query = {month, city},
                     .response = s::object({{"month", s::string()},
                                            {"period", s::string()},
                                            {"city", str_or_null()},
                                            {"rows", s::array(group_schema())}},
                                           {"month", "rows"}),
                     .errors = {"validation_failed", "not_found"},
                     .handler = [&m, industries](Call& c) {
                         return reply(m.groups(c.who, q(c, "month"), q(c, "city"), industries));
                     }});
    }
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/cities/{city}/enterprises",
                 .tag = "monitoring",
                 .summary = "一个市的企业对其增长的拉动 / a city's enterprises and their contributions",
                 .permission = &perm::kMonitorRead,
                 .query = with_paging({month}),
                 .response = s::page(group_schema()),
                 .errors = {"validation_failed", "not_found"},
                 .handler = [&m](Call& c) {
                     return reply(
                         m.city_enterprises(c.who, c.req.params.at("city"), q(c, "month"), http::page_of(c.req)));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/top500",
                 .tag = "monitoring",
                 .summary = "重点监测企业（前500家）/ the top-500 list with plan completion and electricity",
                 .permission = &perm::kMonitorRead,
                 .query = with_paging({month, city, {"q", "名称或代码 / name or USCC prefix"}}),
                 .response = s::any_object("{year, basis, items: [TopRow], total} (docs/monitoring.md)"),
                 .errors = {"validation_failed", "not_found"},
                 .handler = [&m](Call& c) {
                     return reply(m.top500(c.who, q(c, "month"), q(c, "city"), q(c, "q"), http::page_of(c.req)));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/warnings",
                 .tag = "monitoring",
                 .summary = "预警（规则、数据与主动服务工单）/ warnings with their rule, figures and case",
                 .permission = &perm::kMonitorWarnings,
                 .query = with_paging({{"month", "YYYY-MM（默认最近一次扫描）/ default the latest scan"},
                                       city,
                                       {"level", "red | orange | yellow | blue"}}),
                 .response = s::any_object("{items: [Warning], total, counts} (docs/monitoring.md)"),
                 .errors = {"validation_failed", "not_found"},
                 .handler = [&m](Call& c) {
                     return reply(m.warnings(c.who, q(c, "month"), q(c, "city"), q(c, "level"), http::page_of(c.req)));
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/monitoring/warnings/scan",
         .tag = "monitoring",
         .summary = "按规则扫描预警，红橙预警生成主动服务工单 / scan the rules; red and orange open cases",
         .permission = &perm::kMonitorScan,
         .request = s::object({{"month", s::string("YYYY-MM")}}, {}),
         .response = s::object({{"month", s::string()}, {"warnings", s::integer()}, {"cases_opened", s::integer()}},
                               {"month", "warnings", "cases_opened"}),
         .errors = {"validation_failed", "not_found", "bad_request"},
         .handler = [&m](Call& c) {
             auto body = http::body_object(c.req);
             return reply(m.scan(c.who, c.ctx, http::get_string(body, "month", false)));
         }});
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/projects",
                 .tag = "monitoring",
                 .summary = "重点工业项目：节点与投资 / key projects: milestones and investment",
                 .permission = &perm::kMonitorRead,
                 .query = with_paging({city, {"category", "项目类别 / category"}}),
                 .response = s::any_object("{items: [Project], total, by_city: [ProjectSummary]}"),
                 .errors = {"validation_failed", "not_found"},
                 .handler = [&m](Call& c) {
                     return reply(m.projects(c.who, q(c, "city"), q(c, "category"), http::page_of(c.req)));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/data",
                 .tag = "monitoring",
                 .summary = "监测数据表的版本与核定状态 / the monitoring tables and their state",
                 .permission = &perm::kMonitorDataRead,
                 .response = s::object({{"tables", s::array(s::any_object())}}, {"tables"}),
                 .handler = [&m](Call& c) { return reply(m.data_status(c.who)); }});
    http::RouteOptions upload;
    upload.max_body = max_upload_bytes;
    t.push_back(
        {.method = "PUT",
         .path = "/api/monitoring/data/{table}",
         .tag = "monitoring",
         .summary =
             "上传 enterprise_monthly | city_indicators | projects | project_investment（整表，待核定）/ upload a "
             "table",
         .permission = &perm::kMonitorData,
         .query = {{"name", "原文件名（.csv 或 .xlsx）/ original file name"}},
         .request_media = {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
         .response = s::object({{"table", s::string()},
                                {"accepted", s::boolean()},
                                {"status", s::string()},
                                {"rows", s::integer()},
                                {"defects_total", s::integer()},
                                {"defects", s::array(defect_schema())}},
                               {"table", "accepted", "rows", "defects_total", "defects"}),
         .errors = {"not_found", "validation_failed", "forbidden"},
         .handler =
             [&m](Call& c) {
                 const std::string table = c.req.params.at("table");
                 auto r = m.put_table(c.who, c.ctx, table, q(c, "name"), c.req.body);
                 http::check(r.status());
                 json::array defects = defects_json(r->report.defects);
                 return http::json_response(json::object{{"table", table},
                                                         {"accepted", r->accepted},
                                                         {"status", r->accepted ? "pending" : "refused"},
                                                         {"rows", r->rows},
                                                         {"defects_total", r->report.defects_total},
                                                         {"defects", std::move(defects)}},
                                            r->accepted ? 200 : 422);
             },
         .options = upload});
    t.push_back({.method = "POST",
                 .path = "/api/monitoring/data/{table}/verify",
                 .tag = "monitoring",
                 .summary = "设区市核定本市数据（各市均核定后生效），或退回 / a city's 核定 of its rows, or rejection",
                 .permission = &perm::kMonitorVerify,
                 .request = s::object({{"approve", s::boolean("默认 true / default true")},
                                       {"reason", s::string("退回时必填 / required to reject")}},
                                      {}),
                 .response = s::object({{"table", s::string()},
                                        {"version", s::integer()},
                                        {"status", s::one_of_strings({"pending", "verified", "rejected"})},
                                        {"city", s::string()},
                                        {"awaiting", s::array(s::string("尚未核定的市 / cities yet to check"))}},
                                       {"table", "version", "status"}),
                 .errors = {"not_found", "conflict", "validation_failed", "bad_request"},
                 .handler = [&m](Call& c) {
                     auto body = c.req.body.empty() ? json::object{} : http::body_object(c.req);
                     const bool approve =
                         !body.contains("approve") || !body.at("approve").is_bool() || body.at("approve").as_bool();
                     return reply(m.verify_table(c.who, c.ctx, c.req.params.at("table"), approve,
                                                 http::get_string(body, "reason", false)));
                 }});
    t.push_back(
        {.method = "GET",
         .path = "/api/monitoring/bulletins",
         .tag = "monitoring",
         .summary = "月度通报（市级用户只见已印发）/ the monthly bulletins",
         .permission = &perm::kMonitorRead,
         .response = s::object({{"items", s::array(s::any_object())}, {"working_day", s::integer()}}, {"items"}),
         .handler = [&m](Call& c) { return reply(m.bulletins(c.who)); }});
    t.push_back({.method = "POST",
                 .path = "/api/monitoring/bulletins",
                 .tag = "monitoring",
                 .summary = "编制（或重新编制草稿）某月通报 / prepare a month's bulletin",
                 .permission = &perm::kMonitorBulletin,
                 .request = s::object({{"month", s::string("YYYY-MM")}}, {"month"}),
                 .status = 201,
                 .response = s::any_object("Bulletin (docs/monitoring.md)"),
                 .errors = {"validation_failed", "conflict", "bad_request"},
                 .handler = [&m](Call& c) {
                     auto body = http::body_object(c.req);
                     return reply(m.prepare_bulletin(c.who, c.ctx, http::get_string(body, "month")), 201);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/monitoring/bulletins/{month}",
                 .tag = "monitoring",
                 .summary = "某月通报 / a month's bulletin",
                 .permission = &perm::kMonitorRead,
                 .response = s::any_object("Bulletin (docs/monitoring.md)"),
                 .errors = {"validation_failed", "not_found"},
                 .handler = [&m](Call& c) { return reply(m.bulletin(c.who, c.req.params.at("month"))); }});
    t.push_back({.method = "POST",
                 .path = "/api/monitoring/bulletins/{month}/issue",
                 .tag = "monitoring",
                 .summary = "印发通报（此后不可修改）/ issue the bulletin (then frozen)",
                 .permission = &perm::kMonitorBulletin,
                 .response = s::any_object("Bulletin"),
                 .errors = {"validation_failed", "not_found", "conflict"},
                 .handler = [&m](Call& c) { return reply(m.issue_bulletin(c.who, c.ctx, c.req.params.at("month"))); }});
    for (const char* format : {"docx", "xlsx"}) {
        const std::string f = format;
        t.push_back(
            {.method = "GET",
             .path = "/api/monitoring/bulletins/{month}/" + f,
             .tag = "monitoring",
             .summary = f == "docx" ? "通报（可编辑Word）/ the bulletin as DOCX" : "通报数据表（XLSX）/ as XLSX",
             .permission = &perm::kMonitorRead,
             .media = f == "docx" ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                                  : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             .errors = {"validation_failed", "not_found"},
             .handler = [&m, f](Call& c) {
                 const std::string month = c.req.params.at("month");
                 auto r = f == "docx" ? m.bulletin_docx(c.who, month) : m.bulletin_xlsx(c.who, month);
                 http::check(r.status());
                 return http::Response::file(
                     std::move(*r),
                     f == "docx" ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                                 : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "工业经济运行监测通报-" + month + "." + f);
             }});
    }
    return t;
}

}  // namespace zx::monitoring
