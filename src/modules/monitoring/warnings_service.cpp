// The warnings of the monitoring service: the month's scan (the rules over the top-500 list, stored,
// each red or orange warning opening a proactive case in the service desk once), and the list in
// scope with the case's status beside it (the loop closes when the case is closed).
#include <algorithm>
#include <set>

#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/audit/audit.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/monitoring/permissions.hpp"
#include "platform/storage/query.hpp"

namespace zx::monitoring {

namespace json = boost::json;

namespace {

std::string figures_json(const std::map<std::string, std::string>& f) {
    json::object o;
    for (const auto& [k, v] : f) o[k] = v;
    return json::serialize(o);
}

}  // namespace

Result<json::object> MonitoringService::scan(const Principal& who, const RequestContext& ctx,
                                             const std::string& month) {
    if (!who.can(perm::kMonitorScan)) return Status::forbidden({"无权扫描预警", "not allowed to scan warnings"});
    auto st = state();
    if (!st) return st.status();
    auto m = detail::month_param(**st, month);
    if (!m) return m.status();
    const State& s = **st;
    const auto sums = enterprise_sums(s.ds, Period{*m});
    const auto list = top_list(s.ds, m->year(), rules_.basis, rules_.size);
    const auto found = evaluate_warnings(rules_, s.ds, sums, watch_figures(s.ds, s.md, sums, list));
    const std::string mtext = format_year_month(*m);
    std::int64_t stored = 0;
    Status tx = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        // The month's warnings become exactly those found now; a warning still found keeps its case.
        const db::Value mk[] = {mtext};
        auto old = c.query("SELECT uscc, rule FROM monitoring_warnings WHERE month = $1", mk);
        if (!old) return old.status();
        std::set<std::pair<std::string, std::string>> keep;
        for (const auto& w : found) keep.insert({std::string(s.ds.uscc(w.ent)), w.rule});
        for (const db::Row& r : old->rows)
            if (!keep.count({r.str(0), r.str(1)})) {
                const db::Value k[] = {mtext, r.str(0), r.str(1)};
                if (auto d = c.exec("DELETE FROM monitoring_warnings WHERE month = $1 AND uscc = $2 AND rule = $3", k);
                    !d)
                    return d.status();
            }
        for (const Warning& w : found) {
            const std::string uscc(s.ds.uscc(w.ent));
            const db::Value p[] = {mtext,
                                   uscc,
                                   std::string(kCities[s.ds.city(w.ent)]),
                                   w.rule,
                                   std::string(kLevelCodes[static_cast<int>(w.level)]),
                                   w.message_zh,
                                   w.message_en,
                                   figures_json(w.figures),
                                   clock_.now()};
            auto up = c.exec(
                "UPDATE monitoring_warnings SET city = $3, level = $5, message_zh = $6, message_en = $7, figures = $8 "
                "WHERE month = $1 AND uscc = $2 AND rule = $4 AND created_at <= $9",
                p);
            if (!up) return up.status();
            if (*up == 0) {
                auto ins = c.exec(
                    "INSERT INTO monitoring_warnings (month, uscc, city, rule, level, message_zh, message_en, figures, "
                    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    p);
                if (!ins) return ins.status();
            }
            ++stored;
        }
        return append_audit(
            c, who, ctx,
            {"monitoring.warnings.scan", "monitoring_month", mtext, "",
             "{\"warnings\":" + std::to_string(stored) + ",\"rules\":" + json_quote(rules_.version) + "}"});
    });
    if (!tx) return tx;
    // Cases outside the transaction: the desk writes its own, and a case opened is kept even if a later
    // step fails; the Idempotency-Key makes a repeated scan find the same case.
    std::int64_t opened = 0;
    if (hooks_.open) {
        for (const Warning& w : found) {
            if (!w.opens_case) continue;
            const std::string uscc(s.ds.uscc(w.ent));
            const std::string key = "monitoring-" + mtext + "-" + uscc + "-" + w.rule;
            const std::string title = std::string(kLevelNamesZh[static_cast<int>(w.level)]) + "：" +
                                      std::string(s.ds.name(w.ent)) + " " + Period{*m}.label() + "生产监测";
            const std::string body =
                w.message_zh + "\n规则：" + w.rule + "（" + rules_.version + "）。请特派员联系企业了解原因并协调解决。";
            auto id = hooks_.open(who, ctx, uscc, title, body, w.level == Level::kRed, key);
            if (!id) continue;  // the desk refused (its rules not loaded): the warning still stands
            auto lease = db_.acquire();
            if (!lease) return lease.status();
            const db::Value p[] = {*id, mtext, uscc, w.rule};
            auto set = (*lease)->exec(
                "UPDATE monitoring_warnings SET case_id = $1 WHERE month = $2 AND uscc = $3 AND rule = $4 AND "
                "case_id IS NULL",
                p);
            if (!set) return set.status();
            opened += *set;
        }
    }
    return json::object{{"month", mtext}, {"warnings", stored}, {"cases_opened", opened}};
}

Result<json::object> MonitoringService::warnings(const Principal& who, const std::string& month,
                                                 const std::string& city, const std::string& level,
                                                 const PageRequest& p) {
    if (!who.can(perm::kMonitorWarnings)) return Status::forbidden({"无权查看预警", "not allowed to read warnings"});
    if (!level.empty() && std::find(kLevelCodes.begin(), kLevelCodes.end(), level) == kLevelCodes.end())
        return Status::invalid({"level：应为 red、orange、yellow 或 blue", "level: red, orange, yellow or blue"});
    std::string mtext = month;
    if (!mtext.empty() && !parse_year_month(mtext)) return Status::invalid({"month：应为 YYYY-MM", "month: YYYY-MM"});
    auto c = detail::city_param(who, city);
    if (!c) return c.status();
    db::Query counts("level, COUNT(*)", "monitoring_warnings");
    db::Query q("id, month, uscc, city, rule, level, message_zh, message_en, figures, case_id", "monitoring_warnings");
    for (db::Query* x : {&counts, &q}) {
        if (mtext.empty())
            x->where("month = (SELECT MAX(month) FROM monitoring_warnings)");
        else
            x->where("month = " + x->bind(mtext));
        if (*c) x->where("city = " + x->bind(std::string(kCities[**c])));
        if (who.role == Role::kEnterprise) x->where("uscc = " + x->bind(who.uscc));
    }
    if (!level.empty()) q.where("level = " + q.bind(level));
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    q.order_by("CASE level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END, uscc, rule");
    auto page = q.page(**lease, p);
    if (!page) return page.status();
    auto cr = (*lease)->query(
        "SELECT level, COUNT(*) FROM monitoring_warnings WHERE " + counts.where_sql() + " GROUP BY level",
        counts.params());
    if (!cr) return cr.status();
    json::object count_o{{"red", 0}, {"orange", 0}, {"yellow", 0}, {"blue", 0}};
    for (const db::Row& r : cr->rows) count_o[r.str(0)] = r.i64(1);
    // Names from the cached data (the warning keeps the USCC).
    auto st = state();
    json::array items;
    for (const db::Row& r : page->rows.rows) {
        std::string name;
        if (st)
            if (auto e = (*st)->ds.find(r.str(2))) name = std::string((*st)->ds.name(*e));
        json::value figures = json::parse(r.str(8));
        std::optional<std::string> case_status;
        if (!r.is_null(9) && hooks_.status) case_status = hooks_.status(who, r.i64(9));
        items.push_back({{"id", r.i64(0)},
                         {"month", r.str(1)},
                         {"uscc", r.str(2)},
                         {"name", name},
                         {"city", r.str(3)},
                         {"rule", r.str(4)},
                         {"level", r.str(5)},
                         {"message_zh", r.str(6)},
                         {"message_en", r.str(7)},
                         {"figures", figures},
                         {"case_id", r.is_null(9) ? json::value(nullptr) : json::value(r.i64(9))},
                         {"case_status", case_status ? json::value(*case_status) : json::value(nullptr)},
                         {"closed", case_status && *case_status == "closed"}});
    }
    return json::object{{"items", std::move(items)},
                        {"total", page->total},
                        {"page", p.page},
                        {"page_size", p.page_size},
                        {"counts", std::move(count_o)}};
}

}  // namespace zx::monitoring
