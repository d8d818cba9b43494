#include "modules/awards/run_view.hpp"

#include <boost/json.hpp>

namespace zx {

// A run as JSON. Its summary breaks the totals down by city, clause and outcome: outside the province
// a city sees its own city's line only and an enterprise none of the breakdown.
boost::json::object run_json(const RunInfo& r, const Principal& who, const RunCurrency* currency) {
    namespace json = boost::json;
    json::object o;
    o["id"] = r.id;
    o["policy"] = r.policy_id;
    o["policy_version"] = r.policy_version;
    o["policy_hash"] = r.policy_hash;
    o["data_hash"] = r.data_hash;
    o["result_hash"] = r.result_hash;
    o["status"] = r.status;
    if (r.budget_yuan)
        o["budget_yuan"] = *r.budget_yuan;
    else
        o["budget_yuan"] = nullptr;
    o["total_yuan"] = r.total_yuan;
    o["row_count"] = r.row_count;
    o["created_by"] = r.created_by;
    o["created_at"] = r.created_at;
    o["notice_days"] = r.notice_days;
    if (r.notice_from) o["notice_from"] = *r.notice_from;
    if (r.notice_until) o["notice_until"] = *r.notice_until;
    o["pending_enterprises"] = r.pending_enterprises;
    o["pending_months"] = r.pending_months;
    o["recomputes"] = r.recomputes ? json::value(*r.recomputes) : json::value(nullptr);
    const bool is_public = r.status == "publicized" || r.status == "disbursed";
    o["province_total_yuan"] =
        who.scope().kind == Scope::Kind::kProvince || (is_public && who.scope().kind == Scope::Kind::kCity)
            ? json::value(r.total_yuan)
            : json::value(nullptr);
    if (currency) {
        o["stale"] = currency->stale;
        o["superseded_by"] = currency->superseded_by ? json::value(*currency->superseded_by) : json::value(nullptr);
        o["current_run"] = currency->current_run ? json::value(*currency->current_run) : json::value(nullptr);
        o["open_objections"] = currency->open_objections;
    }
    boost::system::error_code ec;
    json::value summary = json::parse(r.summary_json, ec);
    const Scope scope = who.scope();
    if (!ec && summary.is_object() && scope.kind != Scope::Kind::kProvince) {
        json::object& so = summary.as_object();
        json::array kept;
        if (auto* by_city = so.if_contains("by_city");
            by_city && by_city->is_array() && scope.kind == Scope::Kind::kCity)
            for (const auto& c : by_city->as_array())
                if (c.is_object() && c.as_object().contains("city") &&
                    c.as_object().at("city").as_string() == scope.value)
                    kept.push_back(c);
        // Province-wide totals minus the caller's own line would give the other cities' sum: outside
        // the province the totals are the caller's city's (a city) or absent (an enterprise).
        json::value own = kept.empty() ? json::value(nullptr) : kept[0].as_object().at("tally");
        so["by_city"] = std::move(kept);
        so.erase("by_clause");
        so.erase("by_outcome");
        so.erase("total_before_budget_yuan");
        so["all"] = own;
        if (own.is_object()) {
            o["total_yuan"] = own.as_object().at("total_yuan");
            o["row_count"] = own.as_object().at("rows");
        } else {
            o["total_yuan"] = nullptr;
            o["row_count"] = nullptr;
        }
    } else if (scope.kind != Scope::Kind::kProvince) {
        o["total_yuan"] = nullptr;
        o["row_count"] = nullptr;
    }
    o["summary"] = std::move(summary);
    return o;
}

}  // namespace zx
