#include "modules/awards/routes.hpp"

#include "core/money.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/awards/route_support.hpp"
#include "modules/awards/rules/explain.hpp"
#include "modules/awards/run_view.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::awards {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;
using http::HttpError;

json::value award_row_schema() {
    return s::object({{"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"clause", s::string()},
                      {"period", s::string()},
                      {"eligible", s::boolean()},
                      {"amount_yuan", s::integer("实发（元）/ paid, yuan")},
                      {"computed_yuan", s::integer("按公式（元）/ by the formula")},
                      {"capped_yuan", s::integer("封顶后（元）/ after caps")},
                      {"reason", s::string("逐项说明 / the reason, with its figures")}},
                     {"uscc", "clause", "period", "eligible", "amount_yuan", "reason"});
}

json::object award_row_json(const AwardRowRecord& r) {
    return {{"uscc", r.uscc},
            {"name", r.name},
            {"city", r.city},
            {"clause", r.clause},
            {"period", r.period},
            {"eligible", r.eligible},
            {"amount_yuan", r.amount_yuan},
            {"computed_yuan", r.computed_yuan},
            {"capped_yuan", r.capped_yuan},
            {"reason", r.reason}};
}

json::value opt_bool(const std::optional<bool>& b) {
    return b ? json::value(*b) : json::value(nullptr);
}

json::value difference_schema() {
    return s::object({{"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"clause", s::string()},
                      {"period", s::string()},
                      {"eligible_before", s::nullable(s::boolean())},
                      {"amount_before", s::nullable(s::integer())},
                      {"eligible_after", s::nullable(s::boolean())},
                      {"amount_after", s::nullable(s::integer())},
                      {"reason_after", s::nullable(s::string())}},
                     {"uscc", "clause", "period"});
}

json::object difference_json(const AwardDifference& d) {
    return {{"uscc", d.uscc},
            {"name", d.name},
            {"city", d.city},
            {"clause", d.clause},
            {"period", d.period},
            {"eligible_before", opt_bool(d.eligible_before)},
            {"amount_before", http::json_opt(d.amount_before)},
            {"eligible_after", opt_bool(d.eligible_after)},
            {"amount_after", http::json_opt(d.amount_after)},
            {"reason_after", http::json_opt(d.reason_after)}};
}

json::value run_schema() {
    return s::object(
        {{"id", s::integer()},
         {"policy", s::string()},
         {"policy_version", s::string()},
         {"policy_hash", s::string()},
         {"data_hash", s::string()},
         {"result_hash", s::string()},
         {"status", s::one_of_strings({"draft", "reviewed", "approved", "publicized", "disbursed", "withdrawn"})},
         {"budget_yuan", s::nullable(s::integer())},
         {"total_yuan", s::nullable(s::integer("元 / whole yuan"))},
         {"row_count", s::nullable(s::integer())},
         {"created_by", s::integer()},
         {"created_at", s::integer()},
         {"notice_days", s::integer()},
         {"notice_from", s::integer()},
         {"notice_until", s::integer()},
         {"summary", s::any_object("按市、条款、结果的合计（按数据范围）/ totals by city, clause, outcome")},
         {"pending_enterprises", s::integer("计算时有未核定月份的企业数 / enterprises with months left out")},
         {"pending_months", s::integer("未核定而未计入的企业月数 / months left out, not verified")},
         {"recomputes", s::nullable(s::integer("本批次重算的批次 / the run this one recomputes"))},
         {"province_total_yuan",
          s::nullable(
              s::integer("全区合计：公示后各市可见，用于计算本市占比 / province total, public once publicized"))},
         {"stale", s::boolean("核定数据在计算后有变化 / the verified data changed since (GET one run)")},
         {"superseded_by", s::nullable(s::integer("已兑付的更晚批次 / a later disbursed run"))},
         {"current_run", s::nullable(s::integer("依据当前数据的最新批次 / the latest run from current data"))},
         {"open_objections", s::integer("未处理的异议 / open objections")}},
        {"id", "policy", "status", "data_hash", "result_hash"});
}

json::value policy_summary_schema() {
    return s::object(
        {{"id", s::string()},
         {"title", s::string()},
         {"document", s::string()},
         {"version", s::string()},
         {"in_force", s::string()},
         {"clauses", s::array(s::object({{"id", s::string()}, {"title", s::string()}, {"enabled", s::boolean()}}))}},
        {"id", "title", "clauses"});
}

json::value policy_schema() {
    return s::object({{"id", s::string()},
                      {"title", s::string()},
                      {"document", s::string()},
                      {"version", s::string()},
                      {"in_force", s::string()},
                      {"budget_note", s::string()},
                      {"clauses", s::array(s::object({{"id", s::string()},
                                                      {"title", s::string()},
                                                      {"text", s::string("条款原文 / the clause's original text")},
                                                      {"responsible_units", s::array(s::string())},
                                                      {"periods", s::array(s::string())},
                                                      {"rate", s::string()},
                                                      {"growth_min", s::string()},
                                                      {"cap_per_year_yuan", s::nullable(s::integer())}}))}},
                     {"id", "title", "clauses"});
}

}  // namespace

http::RouteTable routes(RunService& runs) {
    http::RouteTable t;
    t.push_back(
        {.method = "GET",
         .path = "/api/policies",
         .tag = "runs",
         .summary = "政策版本 / policies",
         .permission = &perm::kPolicyRead,
         .response = s::items(policy_summary_schema()),
         .handler = [&runs](Call&) {
             json::array items;
             for (const Policy& p : runs.policies()) {
                 json::object o{{"id", p.id},
                                {"title", p.title},
                                {"document", p.document},
                                {"version", p.version},
                                {"in_force", format_month_range(p.in_force)}};
                 json::array clauses;
                 for (const Clause& c : p.clauses)
                     clauses.push_back(json::object{{"id", c.id}, {"title", clause_label(c)}, {"enabled", c.enabled}});
                 o["clauses"] = std::move(clauses);
                 items.push_back(std::move(o));
             }
             return http::json_response(json::object{{"items", std::move(items)}});
         }});
    t.push_back({.method = "GET",
                 .path = "/api/policies/{id}",
                 .tag = "runs",
                 .summary = "政策条款 / a policy's clauses",
                 .permission = &perm::kPolicyRead,
                 .response = policy_schema(),
                 .errors = {"not_found"},
                 .handler = [&runs](Call& c) {
                     auto p = runs.policy(c.req.params.at("id"));
                     http::check(p.status());
                     json::object o{{"id", p->id},
                                    {"title", p->title},
                                    {"document", p->document},
                                    {"version", p->version},
                                    {"in_force", format_month_range(p->in_force)},
                                    {"budget_note", p->budget_note}};
                     json::array clauses;
                     for (const Clause& cl : p->clauses) {
                         json::array periods, units;
                         for (const auto& pr : cl.periods) periods.emplace_back(format_month_range(pr));
                         for (const auto& u : cl.responsible_units) units.emplace_back(u);
                         clauses.push_back(json::object{
                             {"id", cl.id},
                             {"title", clause_label(cl)},
                             {"text", cl.text},
                             {"responsible_units", std::move(units)},
                             {"periods", std::move(periods)},
                             {"rate", format_percent(cl.rate)},
                             {"growth_min", format_percent(cl.growth_min)},
                             {"cap_per_year_yuan",
                              cl.cap_per_year_yuan ? json::value(*cl.cap_per_year_yuan) : json::value(nullptr)}});
                     }
                     o["clauses"] = std::move(clauses);
                     return http::json_response(o);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/runs",
                 .tag = "runs",
                 .summary = "发起奖励计算 / start an award run",
                 .permission = &perm::kRunCreate,
                 .request = s::object(
                     {{"policy", s::string("政策目录名 / policy id, e.g. guangxi-2023")},
                      {"budget_yuan", s::integer("预算（元）/ budget in yuan")},
                      {"notice_days", s::integer("公示天数，不少于最短公示期，至多60 / notice period in days")},
                      {"confirm_pending", s::boolean("确认不含未核定月份 / proceed although months are not verified")}},
                     {"policy"}),
                 .status = 201,
                 .response = run_schema(),
                 .errors = {"conflict", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     auto body = http::body_object(c.req);
                     RunRequest req;
                     req.policy_id = http::get_string(body, "policy");
                     req.budget_yuan = http::get_int(body, "budget_yuan");
                     if (auto days = http::get_int(body, "notice_days")) {
                         if (*days < 0 || *days > 60)
                             throw HttpError::bad_request({"notice_days：须在0至60之间", "notice_days: 0–60"});
                         req.notice_days = static_cast<int>(*days);
                     }
                     req.confirm_pending = get_bool(body, "confirm_pending").value_or(false);
                     auto run = runs.create(c.who, c.ctx, req);
                     // Refused over months not verified: the counts go with the refusal.
                     if (!run && run.status().code() == StatusCode::kConflict && !req.confirm_pending)
                         require_no_pending(runs, req.policy_id);
                     http::check(run.status());
                     return http::json_response(run_json(*run, c.who), 201);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs",
                 .tag = "runs",
                 .summary = "计算批次 / runs",
                 .permission = &perm::kRunRead,
                 .response = s::items(run_schema()),
                 .handler = [&runs](Call& c) {
                     auto list = runs.list(c.who);
                     http::check(list.status());
                     json::array items;
                     for (const RunInfo& i : *list) items.push_back(run_json(i, c.who));
                     return http::json_response(json::object{{"items", std::move(items)}});
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}",
                 .tag = "runs",
                 .summary = "批次详情 / one run",
                 .permission = &perm::kRunRead,
                 .response = run_schema(),
                 .errors = {"not_found"},
                 .handler = [&runs](Call& c) {
                     auto run = runs.get(c.who, http::path_id(c.req, "id"));
                     http::check(run.status());
                     auto cur = runs.currency(*run);
                     http::check(cur.status());
                     return http::json_response(run_json(*run, c.who, &*cur));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/rows",
                 .tag = "runs",
                 .summary = "批次结果（按数据范围）/ award rows in scope",
                 .permission = &perm::kRunRead,
                 .query = {{"city", ""},
                           {"clause", ""},
                           {"uscc", ""},
                           {"eligible", "true | false", "boolean"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(award_row_schema()),
                 .errors = {"not_found", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     RowFilter f;
                     f.city = city_param(c.req);
                     f.clause = clause_param(runs, c);
                     f.uscc = c.req.q("uscc").value_or("");
                     if (auto e = c.req.q("eligible")) {
                         if (*e != "true" && *e != "false")
                             throw HttpError::bad_request({"eligible：须为 true 或 false", "eligible: true | false"});
                         f.eligible = *e == "true";
                     }
                     const PageRequest pr = http::page_of(c.req);
                     auto page = runs.rows(c.who, http::path_id(c.req, "id"), f, pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, award_row_json);
                 }});
    // Each step has its own permission (run:run:review | approve | publish | disburse), which the
    // service checks against the step asked for; the route needs the run to be visible.
    t.push_back(
        {.method = "POST",
         .path = "/api/runs/{id}/transition",
         .tag = "runs",
         .summary = "流转：reviewed/approved/publicized/disbursed/withdrawn（各步另需 run:run:review|approve|publish|"
                    "disburse）/ lifecycle step, each with its own permission",
         .permission = &perm::kRunRead,
         .request =
             s::object({{"to", s::one_of_strings({"reviewed", "approved", "publicized", "disbursed", "withdrawn"})},
                        {"note", s::string()}},
                       {"to"}),
         .response = run_schema(),
         .errors = {"not_found", "conflict"},
         .handler = [&runs](Call& c) {
             auto body = http::body_object(c.req);
             auto run = runs.transition(c.who, c.ctx, http::path_id(c.req, "id"), http::get_string(body, "to"),
                                        http::get_string(body, "note", false));
             http::check(run.status());
             return http::json_response(run_json(*run, c.who));
         }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/compare/{other}",
                 .tag = "runs",
                 .summary = "两批次比较（分页，按市、条款合计）/ compare two runs: paged, totals by city and clause",
                 .permission = &perm::kRunRead,
                 .query = {{"city", "设区市 / a city"},
                           {"clause", ""},
                           {"uscc", ""},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = compare_schema(difference_schema()),
                 .errors = {"not_found", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     RowFilter f;
                     f.city = city_param(c.req);
                     f.clause = clause_param(runs, c);
                     f.uscc = c.req.q("uscc").value_or("");
                     const PageRequest pr = http::page_of(c.req);
                     auto cmp = runs.compare(c.who, http::path_id(c.req, "id"), http::path_id(c.req, "other"), f, pr);
                     http::check(cmp.status());
                     return compare_json(*cmp, pr, difference_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/export.xlsx",
                 .tag = "runs",
                 .summary = "公示名单XLSX / notice list",
                 .permission = &perm::kRunExport,
                 .query = {{"city", "只导出一个市 / one city only"}},
                 .media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {"not_found", "forbidden", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     auto bytes = runs.export_xlsx(c.who, c.ctx, http::path_id(c.req, "id"), city_param(c.req));
                     http::check(bytes.status());
                     return http::Response::file(std::move(*bytes),
                                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                 "公示名单-" + c.req.params.at("id") + ".xlsx");
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/export.csv",
                 .tag = "runs",
                 .summary = "结果CSV / all rows as CSV",
                 .permission = &perm::kRunExport,
                 .query = {{"city", "只导出一个市 / one city only"}},
                 .media = "text/csv",
                 .errors = {"not_found", "forbidden", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     auto bytes = runs.export_csv(c.who, c.ctx, http::path_id(c.req, "id"), city_param(c.req));
                     http::check(bytes.status());
                     return http::Response::file(std::move(*bytes), "text/csv; charset=utf-8",
                                                 "awards-" + c.req.params.at("id") + ".csv");
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/explain/{uscc}",
                 .tag = "runs",
                 .summary = "企业逐条款说明 / an enterprise's explanation",
                 .permission = &perm::kRunRead,
                 .response = s::any_object("逐条款、逐期的计算过程 / every clause and period, step by step"),
                 .errors = {"not_found"},
                 .handler = [&runs](Call& c) {
                     auto j = runs.explain_json(c.who, http::path_id(c.req, "id"), c.req.params.at("uscc"));
                     http::check(j.status());
                     return http::Response::json(std::move(*j));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/enterprises/{uscc}/ledger",
                 .tag = "runs",
                 .summary = "奖励台账 / award ledger of an enterprise",
                 .permission = &perm::kLedgerRead,
                 .response = s::items(ledger_entry_schema()),
                 .errors = {"not_found"},
                 .handler = [&runs](Call& c) {
                     auto rows = runs.ledger(c.who, c.req.params.at("uscc"));
                     http::check(rows.status());
                     return http::items_json(*rows, ledger_entry_json);
                 }});
    for (http::Route& r : workflow_routes(runs)) t.push_back(std::move(r));
    return t;
}

}  // namespace zx::awards
