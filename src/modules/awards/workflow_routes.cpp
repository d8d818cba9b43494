// Routes of the award workflow beyond the lifecycle step: recompute, the run's events, 公示
// objections and their decisions, and the ledger across enterprises and runs.
#include "core/money.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/awards/route_support.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::awards {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;
using http::HttpError;

json::value event_schema() {
    return s::object({{"id", s::integer()},
                      {"kind", s::one_of_strings({"transition", "objection.filed", "objection.upheld",
                                                  "objection.rejected", "recomputed"})},
                      {"from_status", s::string()},
                      {"to_status", s::string()},
                      {"user_id", s::integer("企业看不到经办人（0）/ 0 for an enterprise")},
                      {"user", s::string()},
                      {"at", s::integer()},
                      {"note", s::string()}},
                     {"id", "kind", "from_status", "to_status", "at"});
}

json::object event_json(const RunEvent& e) {
    return {{"id", e.id},
            {"kind", e.kind},
            {"from_status", e.from_status},
            {"to_status", e.to_status},
            {"user_id", e.user_id},
            {"user", e.username},
            {"at", e.at},
            {"note", e.note}};
}

json::value objection_schema() {
    return s::object({{"id", s::integer()},
                      {"run_id", s::integer()},
                      {"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"clause", s::string("空：整个企业 / empty: the enterprise's rows as a whole")},
                      {"text", s::string()},
                      {"status", s::one_of_strings({"open", "upheld", "rejected", "closed"})},
                      {"filed_at", s::integer()},
                      {"decided_at", s::nullable(s::integer())},
                      {"decision_reason", s::nullable(s::string())}},
                     {"id", "run_id", "uscc", "status", "text", "filed_at"});
}

json::object objection_json(const Objection& o) {
    return {{"id", o.id},
            {"run_id", o.subject_id},
            {"uscc", o.uscc},
            {"name", o.name},
            {"city", o.city},
            {"clause", o.clause},
            {"text", o.text},
            {"status", o.status},
            {"filed_at", o.filed_at},
            {"decided_at", http::json_opt(o.decided_at)},
            {"decision_reason", http::json_opt(o.decision_reason)}};
}

const std::vector<http::QueryParam> kLedgerQuery = {
    {"run_id", "批次 / run", "integer"},       {"city", "设区市 / a city"},   {"uscc", ""}, {"clause", ""},
    {"kind", "award | supplement | clawback"}, {"policy", "政策 / policy id"}};

LedgerFilter ledger_filter(const http::Request& req) {
    LedgerFilter f;
    if (auto r = req.q("run_id")) {
        try {
            std::size_t used = 0;
            const long long v = std::stoll(*r, &used);
            if (used != r->size() || v <= 0) throw std::invalid_argument("run_id");
            f.run_id = v;
        } catch (const std::exception&) {
            throw HttpError(422, "validation_failed", {"run_id：须为正整数", "run_id: a positive integer"});
        }
    }
    f.city = city_param(req);
    f.uscc = req.q("uscc").value_or("");
    f.clause = req.q("clause").value_or("");
    f.kind = req.q("kind").value_or("");
    f.policy_id = req.q("policy").value_or("");
    return f;
}

http::Response ledger_file(RunService& runs, Call& c, const LedgerFilter& f, const std::string& format) {
    auto bytes = runs.export_ledger(c.who, c.ctx, f, format);
    http::check(bytes.status());
    const std::string name = "奖励台账" + (f.run_id ? "（批次" + std::to_string(*f.run_id) + "）" : std::string()) +
                             (f.city.empty() ? "" : "（" + f.city + "）") + "." + format;
    return format == "csv"
               ? http::Response::file(std::move(*bytes), "text/csv; charset=utf-8", name)
               : http::Response::file(std::move(*bytes),
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}

}  // namespace

json::value ledger_entry_schema() {
    return s::object({{"id", s::integer()},
                      {"run_id", s::integer()},
                      {"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"clause", s::string()},
                      {"period", s::string()},
                      {"kind", s::one_of_strings({"award", "supplement", "clawback"},
                                                 "award 奖励 | supplement 补发 | clawback 追回")},
                      {"amount_yuan", s::integer("元；追回为负 / yuan, negative for a clawback")},
                      {"at", s::integer()},
                      {"note", s::string()}},
                     {"id", "run_id", "uscc", "clause", "period", "kind", "amount_yuan", "at"});
}

json::object ledger_entry_json(const LedgerEntry& l) {
    return {{"id", l.id},         {"run_id", l.run_id}, {"uscc", l.uscc},
            {"name", l.name},     {"city", l.city},     {"clause", l.clause},
            {"period", l.period}, {"kind", l.kind},     {"amount_yuan", l.amount_yuan},
            {"at", l.at},         {"note", l.note}};
}

void require_no_pending(RunService& runs, const std::string& policy_id) {
    auto pending = runs.pending_data(policy_id);
    if (!pending || pending->months == 0) return;  // an unknown policy is the service's to refuse
    throw HttpError(409, "conflict",
                    {"尚有" + std::to_string(pending->enterprises) + "家企业的" + std::to_string(pending->months) +
                         "个月产值未核定，计算将不含这些月份；确认后再发起",
                     std::to_string(pending->months) + " months of " + std::to_string(pending->enterprises) +
                         " enterprises are not verified and would be left out; confirm to proceed"},
                    {},
                    json::serialize(json::object{{"reason", "unverified_data"},
                                                 {"pending_enterprises", pending->enterprises},
                                                 {"pending_months", pending->months},
                                                 {"confirm_with", "confirm_pending"}}));
}

json::value compare_schema(json::value item) {
    const json::value total = s::object({{"key", s::string("设区市或条款 / the city or the clause")},
                                         {"before_yuan", s::integer()},
                                         {"after_yuan", s::integer()},
                                         {"changed_rows", s::integer()}},
                                        {"key", "before_yuan", "after_yuan", "changed_rows"});
    return s::object({{"total", s::integer("有差异的行数 / rows that differ")},
                      {"page", s::integer()},
                      {"page_size", s::integer()},
                      {"items", s::array(std::move(item))},
                      {"by_city", s::array(total)},
                      {"by_clause", s::array(total)}},
                     {"total", "page", "page_size", "items", "by_city", "by_clause"});
}

http::Response compare_json(const Comparison& c, const PageRequest& pr,
                            json::object (*to_json)(const AwardDifference&)) {
    auto totals = [](const std::vector<CompareTotal>& v) {
        json::array a;
        for (const CompareTotal& t : v)
            a.push_back(json::object{{"key", t.key},
                                     {"before_yuan", t.before_yuan},
                                     {"after_yuan", t.after_yuan},
                                     {"changed_rows", t.changed_rows}});
        return a;
    };
    return http::json_response(json::object{{"total", c.page.total},
                                            {"page", pr.page},
                                            {"page_size", pr.page_size},
                                            {"items", http::json_array(c.page.items, to_json)},
                                            {"by_city", totals(c.by_city)},
                                            {"by_clause", totals(c.by_clause)}});
}

http::RouteTable workflow_routes(RunService& runs) {
    http::RouteTable t;
    t.push_back({.method = "POST",
                 .path = "/api/runs/{id}/recompute",
                 .tag = "runs",
                 .summary = "按当前数据重新计算（同一政策、预算、公示期）/ a new run from the current data",
                 .permission = &perm::kRunCreate,
                 .request = s::object({{"confirm_pending", s::boolean("确认不含未核定月份")}}, {}),
                 .status = 201,
                 .response = s::any_object("新批次 / the new run"),
                 .errors = {"not_found", "conflict", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     const std::int64_t id = http::path_id(c.req, "id");
                     const bool confirm = c.req.body.empty()
                                              ? false
                                              : get_bool(http::body_object(c.req), "confirm_pending").value_or(false);
                     auto fresh = runs.recompute(c.who, c.ctx, id, confirm);
                     if (!fresh && fresh.status().code() == StatusCode::kConflict && !confirm) {
                         auto run = runs.get(c.who, id);
                         if (run) require_no_pending(runs, run->policy_id);
                     }
                     http::check(fresh.status());
                     return http::json_response(json::object{{"id", fresh->id},
                                                             {"recomputes", id},
                                                             {"status", fresh->status},
                                                             {"total_yuan", fresh->total_yuan}},
                                                201);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/events",
                 .tag = "runs",
                 .summary = "批次经历：谁、何时、做了什么、理由 / the run's history",
                 .permission = &perm::kRunRead,
                 .response = s::items(event_schema()),
                 .errors = {"not_found"},
                 .handler = [&runs](Call& c) {
                     auto ev = runs.events(c.who, http::path_id(c.req, "id"));
                     http::check(ev.status());
                     return http::items_json(*ev, event_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/objections",
                 .tag = "runs",
                 .summary = "公示异议（按数据范围）/ objections in scope",
                 .permission = &perm::kRunRead,
                 .response = s::items(objection_schema()),
                 .errors = {"not_found"},
                 .handler = [&runs](Call& c) {
                     auto list = runs.objections(c.who, http::path_id(c.req, "id"));
                     http::check(list.status());
                     return http::items_json(*list, objection_json);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/runs/{id}/objections",
                 .tag = "runs",
                 .summary = "企业在公示期内对本企业结果提出异议 / an enterprise objects to its own rows",
                 .permission = &perm::kObjectionFile,
                 .request = s::object({{"clause", s::string("条款，空为整体 / a clause, or empty")},
                                       {"text", s::string("异议理由，至少4个字 / at least 4 characters")}},
                                      {"text"}),
                 .status = 201,
                 .response = objection_schema(),
                 .errors = {"not_found", "conflict", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     auto body = http::body_object(c.req);
                     auto o =
                         runs.file_objection(c.who, c.ctx, http::path_id(c.req, "id"),
                                             http::get_string(body, "clause", false), http::get_string(body, "text"));
                     http::check(o.status());
                     return http::json_response(objection_json(*o), 201);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/runs/{id}/objections/{objection}/decision",
                 .tag = "runs",
                 .summary = "省级处理异议：upheld 成立（撤回待重算）/ rejected 不成立（理由告知企业）",
                 .permission = &perm::kObjectionDecide,
                 .request = s::object({{"decision", s::one_of_strings({"upheld", "rejected"})},
                                       {"reason", s::string("至少4个字 / at least 4 characters")}},
                                      {"decision", "reason"}),
                 .response = objection_schema(),
                 .errors = {"not_found", "conflict", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     auto body = http::body_object(c.req);
                     auto o = runs.decide_objection(
                         c.who, c.ctx, http::path_id(c.req, "id"), http::path_id(c.req, "objection"),
                         http::get_string(body, "decision"), http::get_string(body, "reason"));
                     http::check(o.status());
                     return http::json_response(objection_json(*o));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/ledger",
                 .tag = "runs",
                 .summary = "奖励台账（跨企业、跨批次，按数据范围）/ the ledger across enterprises and runs",
                 .permission = &perm::kLedgerRead,
                 .query =
                     [] {
                         auto q = kLedgerQuery;
                         q.push_back({"page", "", "integer"});
                         q.push_back({"page_size", "1–500", "integer"});
                         return q;
                     }(),
                 .response = s::page(ledger_entry_schema()),
                 .errors = {"not_found", "validation_failed"},
                 .handler =
                     [&runs](Call& c) {
                         const PageRequest pr = http::page_of(c.req);
                         auto page = runs.ledger_page(c.who, ledger_filter(c.req), pr);
                         http::check(page.status());
                         return http::page_json(*page, pr, ledger_entry_json);
                     }});
    for (const char* format : {"csv", "xlsx"}) {
        const std::string f = format;
        t.push_back(
            {.method = "GET",
             .path = "/api/ledger/export." + f,
             .tag = "runs",
             .summary = "导出奖励台账 / export the ledger (" + f + ")",
             .permission = &perm::kLedgerRead,
             .query = kLedgerQuery,
             .media = f == "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             .errors = {"not_found", "validation_failed"},
             .handler = [&runs, f](Call& c) { return ledger_file(runs, c, ledger_filter(c.req), f); }});
    }
    t.push_back({.method = "GET",
                 .path = "/api/runs/{id}/ledger",
                 .tag = "runs",
                 .summary = "已兑付批次的台账（分页）/ the ledger entries a run wrote",
                 .permission = &perm::kLedgerRead,
                 .query = {{"city", "设区市 / a city"},
                           {"uscc", ""},
                           {"clause", ""},
                           {"kind", "award | supplement | clawback"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(ledger_entry_schema()),
                 .errors = {"not_found", "validation_failed"},
                 .handler = [&runs](Call& c) {
                     LedgerFilter f = ledger_filter(c.req);
                     f.run_id = http::path_id(c.req, "id");
                     const PageRequest pr = http::page_of(c.req);
                     auto page = runs.ledger_page(c.who, f, pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, ledger_entry_json);
                 }});
    return t;
}

}  // namespace zx::awards
