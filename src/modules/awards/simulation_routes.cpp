#include <cmath>

#include "modules/awards/permissions.hpp"
#include "modules/awards/routes.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::awards {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;
using http::HttpError;

json::value totals_schema() {
    const json::value line = s::object({{"clause", s::string()},
                                        {"title", s::string()},
                                        {"total_yuan", s::integer()},
                                        {"beneficiaries", s::integer()}},
                                       {"clause", "total_yuan", "beneficiaries"});
    const json::value city =
        s::object({{"city", s::string()}, {"total_yuan", s::integer()}, {"beneficiaries", s::integer()}},
                  {"city", "total_yuan", "beneficiaries"});
    return s::object({{"total_yuan", s::integer("实发合计（元）/ paid, yuan")},
                      {"total_before_budget_yuan", s::integer("预算调整前 / before budget scaling")},
                      {"beneficiaries", s::integer("受益企业数 / enterprises paid")},
                      {"budget_yuan", s::nullable(s::integer())},
                      {"budget_scaled", s::boolean()},
                      {"by_clause", s::array(line)},
                      {"by_city", s::array(city)}},
                     {"total_yuan", "total_before_budget_yuan", "beneficiaries", "budget_yuan", "budget_scaled",
                      "by_clause", "by_city"});
}

json::object totals_json(const SimulationTotals& t) {
    json::array clauses, cities;
    for (const auto& l : t.by_clause)
        clauses.push_back(json::object{
            {"clause", l.key}, {"title", l.title}, {"total_yuan", l.total_yuan}, {"beneficiaries", l.beneficiaries}});
    for (const auto& l : t.by_city)
        cities.push_back(
            json::object{{"city", l.key}, {"total_yuan", l.total_yuan}, {"beneficiaries", l.beneficiaries}});
    return {{"total_yuan", t.total_yuan},       {"total_before_budget_yuan", t.total_before_budget_yuan},
            {"beneficiaries", t.beneficiaries}, {"budget_yuan", http::json_opt(t.budget_yuan)},
            {"budget_scaled", t.budget_scaled}, {"by_clause", std::move(clauses)},
            {"by_city", std::move(cities)}};
}

// {"policy", "set": {key: value}, "budget_yuan", "changes_limit"} into a request.
SimulationRequest request_of(const json::object& body) {
    SimulationRequest req;
    req.policy_id = http::get_string(body, "policy");
    if (auto it = body.find("set"); it != body.end() && !it->value().is_null()) {
        if (!it->value().is_object())
            throw HttpError::bad_request({"set：须为键值对象，如 {\"clause2.rate\": \"1.5%\"}",
                                          "set: an object of settings, e.g. {\"clause2.rate\": \"1.5%\"}"});
        for (const auto& kv : it->value().as_object()) {
            std::string value;
            if (kv.value().is_string())
                value = std::string(kv.value().as_string());
            else if (kv.value().is_bool())
                value = kv.value().as_bool() ? "true" : "false";
            else if (kv.value().is_int64())
                value = std::to_string(kv.value().as_int64());
            else
                throw HttpError::bad_request({"set." + std::string(kv.key()) + "：值须为字符串、整数或布尔值",
                                              "set." + std::string(kv.key()) + ": a string, integer or boolean"});
            req.settings.push_back(std::string(kv.key()) + "=" + value);
        }
    }
    req.budget_yuan = http::get_int(body, "budget_yuan");
    if (auto n = http::get_int(body, "changes_limit")) {
        if (*n < 0 || *n > 1000)
            throw HttpError::bad_request({"changes_limit：须在0至1000之间", "changes_limit: 0–1000"});
        req.changes_limit = static_cast<std::size_t>(*n);
    }
    return req;
}

json::value set_schema() {
    json::object o =
        s::any_object("参数设置，键同 zhenxing simulate --set / settings, keys as zhenxing simulate --set").as_object();
    o["additionalProperties"] = json::object{{"type", "string"}};
    return o;
}

}  // namespace

http::RouteTable simulation_routes(SimulationService& sim) {
    http::RouteTable t;
    t.push_back(
        {.method = "POST",
         .path = "/api/simulate",
         .tag = "runs",
         .summary = "政策模拟：调整参数与原政策比较（只读）/ what-if against the policy as filed (read-only)",
         .permission = &perm::kSimulationRun,
         .request = s::object({{"policy", s::string()},
                               {"set", set_schema()},
                               {"budget_yuan", s::nullable(s::integer("模拟预算（元）/ budget for the scenario"))},
                               {"changes_limit", s::integer("返回变化最大的企业数（默认50）/ enterprises listed")}},
                              {"policy"}),
         .response =
             s::object({{"elapsed_ms", s::integer("计算用时 / evaluation time")},
                        {"data_hash", s::string("已核定数据的哈希 / hash of the verified data")},
                        {"enterprises", s::integer()},
                        {"snapshot_reused", s::boolean()},
                        {"baseline", totals_schema()},
                        {"scenario", totals_schema()},
                        {"changes", s::object({{"gainers", s::integer()},
                                               {"losers", s::integer()},
                                               {"new_beneficiaries", s::integer()},
                                               {"lost_beneficiaries", s::integer()},
                                               {"items", s::array(s::object({{"uscc", s::string()},
                                                                             {"name", s::string()},
                                                                             {"city", s::string()},
                                                                             {"before_yuan", s::integer()},
                                                                             {"after_yuan", s::integer()}},
                                                                            {"uscc", "before_yuan", "after_yuan"}))}},
                                              {"gainers", "losers", "items"})}},
                       {"elapsed_ms", "data_hash", "enterprises", "baseline", "scenario", "changes"}),
         .errors = {"not_found"},
         .handler = [&sim](Call& c) {
             const SimulationRequest req = request_of(http::body_object(c.req));
             auto r = sim.simulate(c.who, req);
             http::check(r.status());
             json::array items;
             for (const auto& ch : r->changes)
                 items.push_back(json::object{{"uscc", ch.uscc},
                                              {"name", ch.name},
                                              {"city", ch.city},
                                              {"before_yuan", ch.before_yuan},
                                              {"after_yuan", ch.after_yuan}});
             return http::json_response(
                 json::object{{"elapsed_ms", std::llround(r->elapsed_ms)},
                              {"data_hash", r->data_hash},
                              {"enterprises", r->enterprises},
                              {"snapshot_reused", r->snapshot_reused},
                              {"baseline", totals_json(r->baseline)},
                              {"scenario", totals_json(r->scenario)},
                              {"changes", json::object{{"gainers", r->gainers},
                                                       {"losers", r->losers},
                                                       {"new_beneficiaries", r->new_beneficiaries},
                                                       {"lost_beneficiaries", r->lost_beneficiaries},
                                                       {"items", std::move(items)}}}});
         }});
    t.push_back(
        {.method = "GET",
         .path = "/api/policies/{id}/parameters",
         .tag = "runs",
         .summary = "可模拟的参数及其范围 / the parameters a simulation can change",
         .permission = &perm::kPolicyRead,
         .response = s::items(s::object({{"key", s::string("clause2.growth_min, …")},
                                         {"clause", s::string()},
                                         {"label", s::string()},
                                         {"kind", s::one_of_strings({"percent", "yuan", "bool"})},
                                         {"value", s::string()},
                                         {"min", s::string()},
                                         {"max", s::string()},
                                         {"step", s::string()}},
                                        {"key", "label", "kind", "value"})),
         .errors = {"not_found"},
         .handler = [&sim](Call& c) {
             auto ps = sim.parameters(c.who, c.req.params.at("id"));
             http::check(ps.status());
             return http::items_json(*ps, [](const SimulationParameter& p) {
                 json::object o{
                     {"key", p.key}, {"clause", p.clause}, {"label", p.label}, {"kind", p.kind}, {"value", p.value}};
                 if (p.kind != "bool") {
                     o["min"] = p.min;
                     o["max"] = p.max;
                     o["step"] = p.step;
                 }
                 return o;
             });
         }});
    const json::value scenario = s::object({{"id", s::integer()},
                                            {"name", s::string()},
                                            {"policy", s::string()},
                                            {"set", set_schema()},
                                            {"budget_yuan", s::nullable(s::integer())},
                                            {"created_by", s::integer()},
                                            {"created_at", s::integer()}},
                                           {"id", "name", "policy", "set"});
    t.push_back({.method = "GET",
                 .path = "/api/scenarios",
                 .tag = "runs",
                 .summary = "已保存的模拟方案 / saved scenarios",
                 .permission = &perm::kSimulationRun,
                 .response = s::items(scenario),
                 .handler = [&sim](Call& c) {
                     auto list = sim.saved(c.who);
                     http::check(list.status());
                     return http::items_json(*list, [](const SavedScenario& sc) {
                         json::object set;
                         for (const std::string& kv : sc.settings) {
                             const auto eq = kv.find('=');
                             if (eq != std::string::npos) set[kv.substr(0, eq)] = kv.substr(eq + 1);
                         }
                         return json::object{{"id", sc.id},
                                             {"name", sc.name},
                                             {"policy", sc.policy_id},
                                             {"set", std::move(set)},
                                             {"budget_yuan", http::json_opt(sc.budget_yuan)},
                                             {"created_by", sc.created_by},
                                             {"created_at", sc.created_at}};
                     });
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/scenarios",
                 .tag = "runs",
                 .summary = "保存模拟方案 / save a scenario",
                 .permission = &perm::kSimulationRun,
                 .request = s::object({{"name", s::string()},
                                       {"policy", s::string()},
                                       {"set", set_schema()},
                                       {"budget_yuan", s::nullable(s::integer())}},
                                      {"name", "policy"}),
                 .status = 201,
                 .response = s::object({{"id", s::integer()}}, {"id"}),
                 .errors = {"not_found"},
                 .handler = [&sim](Call& c) {
                     const json::object body = http::body_object(c.req);
                     const SimulationRequest req = request_of(body);
                     auto id = sim.save(c.who, c.ctx, http::get_string(body, "name"), req);
                     http::check(id.status());
                     return http::json_response(json::object{{"id", *id}}, 201);
                 }});
    return t;
}

}  // namespace zx::awards
