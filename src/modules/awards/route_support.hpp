// Helpers shared by the awards module's route tables (runs, workflow, ledger).
#pragma once

#include <boost/json.hpp>

#include <string>

#include "core/region.hpp"
#include "modules/awards/run_service.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/route.hpp"
#include "platform/http/schema.hpp"

namespace zx::awards {

// Whether `name` is one of the 14 cities by its full name, as the data holds it ("南宁市").
inline bool is_city_name(const std::string& name) {
    auto id = find_city(name);
    return id && kCities[*id] == name;
}

// `?city=`: empty, or one of the 14 cities by its full name (422 naming the parameter and the
// allowed values otherwise).
inline std::string city_param(const http::Request& req) {
    std::string city = req.q("city").value_or("");
    if (!city.empty() && !is_city_name(city)) {
        std::string all;
        for (const auto& c : kCities) all += (all.empty() ? "" : "、") + std::string(c);
        throw http::HttpError(422, "validation_failed",
                              {"city：“" + city + "”不是设区市名称；可选：" + all,
                               "city: \"" + city + "\" is not a city; one of: " + all});
    }
    return city;
}

// `?clause=`: empty, or a clause of the run's policy (422 naming the parameter and the clauses).
inline std::string clause_param(RunService& runs, http::Call& c) {
    std::string clause = c.req.q("clause").value_or("");
    if (clause.empty()) return clause;
    auto run = runs.get(c.who, http::path_id(c.req, "id"));
    http::check(run.status());
    auto pol = runs.policy(run->policy_id);
    if (!pol || pol->find_clause(clause) >= 0) return clause;
    std::string all;
    for (const Clause& cl : pol->clauses) all += (all.empty() ? "" : ", ") + cl.id;
    throw http::HttpError(422, "validation_failed",
                          {"clause：“" + clause + "”不是该政策的条款；可选：" + all,
                           "clause: \"" + clause + "\" is not a clause of the policy; one of: " + all});
}

inline std::optional<bool> get_bool(const boost::json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (!it->value().is_bool())
        throw http::HttpError::bad_request(Text{"字段应为 true 或 false：", "must be a boolean: "} + key);
    return it->value().as_bool();
}

// 409 (details.reason "unverified_data") with the counts when a run of the policy would leave months out; the client
// asks the user and repeats the request with confirm_pending.
void require_no_pending(RunService& runs, const std::string& policy_id);

// A ledger entry (an enterprise's ledger, a run's, finance's across runs).
boost::json::value ledger_entry_schema();
boost::json::object ledger_entry_json(const LedgerEntry& l);

boost::json::value compare_schema(boost::json::value item);
http::Response compare_json(const Comparison& c, const PageRequest& pr,
                            boost::json::object (*to_json)(const AwardDifference&));

// The workflow's routes: recompute, events, objections, the ledger across runs.
http::RouteTable workflow_routes(RunService& runs);

}  // namespace zx::awards
