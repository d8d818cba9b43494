// The monthly 通报 of the monitoring service: prepared from the figures (by the province, or by the
// background on its working day), stored as JSON with the hash of the data it read, issued once
// (then frozen), and served as JSON, DOCX and XLSX. Cities read only issued 通报.
#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/audit/audit.hpp"
#include "modules/monitoring/bulletin.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/monitoring/permissions.hpp"
#include "modules/monitoring/projects.hpp"

namespace zx::monitoring {

namespace json = boost::json;

namespace {

Result<YearMonth> bulletin_month(const std::string& text) {
    auto m = parse_year_month(text);
    if (!m) return Status::invalid({"month：应为 YYYY-MM", "month: expected YYYY-MM"});
    if (!reportable(*m))
        return Status::invalid({"month：1月不单独统计，1—2月合并通报", "month: January is reported with February"});
    return *m;
}

}  // namespace

std::optional<Date> MonitoringService::bulletin_due(YearMonth month) const {
    if (!calendar_) return std::nullopt;
    return calendar_->add_working_days(Date::last_of(month), rules_.bulletin_working_day).date;
}

Result<json::object> MonitoringService::build_bulletin(const State& st, YearMonth m) {
    const Period period{m};
    const detail::RankedCities ranked = detail::ranked_cities(st, m);
    const auto& cities = ranked.rows;
    const GroupFigures total = total_of(cities, "全区");
    auto hl = highlights(period, cities, ranked.previous_total);
    json::array city_rows;
    for (std::size_t c = 0; c < cities.size(); ++c)
        city_rows.push_back(
            detail::city_json(cities[c], total.base, st.md.find_city(static_cast<CityId>(c), m), false));
    json::object total_row = detail::city_json(total, total.base, nullptr, false);
    total_row["city"] = "全区";
    // The top-500 list and its warnings, as the rules compute them for the month.
    const EnterpriseSums& sums = ranked.sums;
    const auto list = top_list(st.ds, m.year(), rules_.basis, rules_.size);
    const auto figures = watch_figures(st.ds, st.md, sums, list);
    const auto found = evaluate_warnings(rules_, st.ds, sums, figures);
    i128 top_out = 0, top_base = 0;
    for (const auto& f : figures) top_out += f.output_fen, top_base += f.base_fen;
    json::object counts{{"red", 0}, {"orange", 0}, {"yellow", 0}, {"blue", 0}};
    json::array warn_rows;
    for (const Warning& w : found) {
        const std::string code(kLevelCodes[static_cast<int>(w.level)]);
        counts[code] = counts[code].as_int64() + 1;
        if (w.level != Level::kRed && w.level != Level::kOrange) continue;
        if (warn_rows.size() >= 100) continue;  // the 通报 names the most serious; the page lists all
        warn_rows.push_back({{"uscc", std::string(st.ds.uscc(w.ent))},
                             {"name", std::string(st.ds.name(w.ent))},
                             {"city", std::string(kCities[st.ds.city(w.ent)])},
                             {"rule", w.rule},
                             {"level", code},
                             {"level_name", std::string(kLevelNamesZh[static_cast<int>(w.level)])},
                             {"message_zh", w.message_zh},
                             {"message_en", w.message_en}});
    }
    const std::string summary = "其中红色预警" + std::to_string(counts["red"].as_int64()) + "家、橙色预警" +
                                std::to_string(counts["orange"].as_int64()) + "家、黄色预警" +
                                std::to_string(counts["yellow"].as_int64()) + "家、蓝色预警" +
                                std::to_string(counts["blue"].as_int64()) + "家。";
    json::object top{{"count", static_cast<std::int64_t>(figures.size())},
                     {"output_yuan", yuan_text(top_out)},
                     {"growth_pct", detail::text_or_null(growth_text(top_out, top_base))},
                     {"contribution_pp", detail::text_or_null(points_text(top_out - top_base, total.base))},
                     {"warnings", counts},
                     {"summary", summary}};
    hl.push_back("重点监测企业" + std::to_string(figures.size()) + "家，累计产值同比增长" +
                 growth_text(top_out, top_base) + "%，拉动全区增长" + points_text(top_out - top_base, total.base) +
                 "个百分点；" + summary);
    const Date as_of = bulletin_due(m).value_or(Date::last_of(m + 1));
    json::array projects;
    std::int64_t overdue = 0, n = 0;
    for (const auto& s : project_summary(st.md, as_of)) {
        overdue += s.overdue;
        n += s.projects;
        projects.push_back(project_summary_json(s));
    }
    if (n > 0)
        hl.push_back("纳入清单化管理的重点工业项目" + std::to_string(n) + "个，截至" + format_date(as_of) +
                     "逾期未完成节点" + std::to_string(overdue) + "个。");
    json::array hl_json;
    for (auto& h : hl) hl_json.emplace_back(h);
    return json::object{{"month", format_year_month(m)},
                        {"period", period.label()},
                        {"due", bulletin_due(m) ? json::value(format_date(*bulletin_due(m))) : json::value(nullptr)},
                        {"as_of", format_date(as_of)},
                        {"rules_version", rules_.version},
                        {"data_hash", st.data_hash},
                        {"highlights", std::move(hl_json)},
                        {"cities", std::move(city_rows)},
                        {"total", std::move(total_row)},
                        {"top500", std::move(top)},
                        {"warnings", std::move(warn_rows)},
                        {"projects", std::move(projects)}};
}

Result<json::object> MonitoringService::prepare_bulletin(const Principal& who, const RequestContext& ctx,
                                                         const std::string& month) {
    if (!who.can(perm::kMonitorBulletin))
        return Status::forbidden({"无权编制通报", "not allowed to prepare a bulletin"});
    auto m = bulletin_month(month);
    if (!m) return m.status();
    return store_bulletin(who, ctx, *m);
}

Result<json::object> MonitoringService::store_bulletin(const Principal& actor, const RequestContext& ctx, YearMonth m) {
    auto st = state();
    if (!st) return st.status();
    if (!(*st)->latest || m > *(*st)->latest || m < *(*st)->first)
        return Status::invalid({"month：该月没有已核定的产值数据", "month: no verified output for that month"});
    auto content = build_bulletin(**st, m);
    if (!content) return content.status();
    const std::string mtext = format_year_month(m);
    Status tx = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value k[] = {mtext};
        auto cur = c.query("SELECT status FROM monitoring_bulletins WHERE month = $1", k);
        if (!cur) return cur.status();
        if (!cur->empty() && cur->rows[0].str(0) == "issued")
            return Status::conflict({"该月通报已印发，不能重新编制", "that month's bulletin is issued: it is frozen"});
        const db::Value p[] = {mtext, json::serialize(*content), (*st)->data_hash, clock_.now(), actor.user_id};
        auto del = c.exec("DELETE FROM monitoring_bulletins WHERE month = $1", k);
        if (!del) return del.status();
        auto ins = c.exec(
            "INSERT INTO monitoring_bulletins (month, status, content, data_hash, prepared_at, prepared_by) VALUES "
            "($1, 'draft', $2, $3, $4, $5)",
            p);
        if (!ins) return ins.status();
        return append_audit(c, actor, ctx,
                            {"monitoring.bulletin.prepare", "monitoring_bulletin", mtext, "",
                             "{\"data_hash\":" + json_quote((*st)->data_hash) + "}"});
    });
    if (!tx) return tx;
    return read_bulletin(m, false);
}

Result<json::object> MonitoringService::bulletin(const Principal& who, const std::string& month) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看通报", "not allowed"});
    auto m = bulletin_month(month);
    if (!m) return m.status();
    return read_bulletin(*m, detail::own_city(who).has_value());
}

Result<json::object> MonitoringService::read_bulletin(YearMonth m, bool issued_only) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const db::Value k[] = {format_year_month(m)};
    auto r =
        (*lease)->query("SELECT status, content, prepared_at, issued_at FROM monitoring_bulletins WHERE month = $1", k);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"该月通报尚未编制", "no bulletin for that month"});
    const db::Row& row = r->rows[0];
    if (issued_only && row.str(0) != "issued")
        return Status::not_found({"该月通报尚未印发", "that month's bulletin is not issued"});
    json::object o = json::parse(row.str(1)).as_object();
    o["status"] = row.str(0);
    o["prepared_at"] = row.i64(2);
    o["issued_at"] = row.is_null(3) ? json::value(nullptr) : json::value(row.i64(3));
    return o;
}

Result<json::object> MonitoringService::bulletins(const Principal& who) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看通报", "not allowed"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    auto r = (*lease)->query(
        detail::own_city(who)
            ? "SELECT month, status, prepared_at, issued_at FROM monitoring_bulletins WHERE status = 'issued' ORDER BY "
              "month DESC"
            : "SELECT month, status, prepared_at, issued_at FROM monitoring_bulletins ORDER BY month DESC");
    if (!r) return r.status();
    json::array items;
    for (const db::Row& row : r->rows) {
        const auto m = parse_year_month(row.str(0));
        const auto due = m ? bulletin_due(*m) : std::nullopt;
        items.push_back({{"month", row.str(0)},
                         {"status", row.str(1)},
                         {"prepared_at", row.i64(2)},
                         {"issued_at", row.is_null(3) ? json::value(nullptr) : json::value(row.i64(3))},
                         {"due", due ? json::value(format_date(*due)) : json::value(nullptr)}});
    }
    return json::object{{"items", std::move(items)}, {"working_day", rules_.bulletin_working_day}};
}

Result<json::object> MonitoringService::issue_bulletin(const Principal& who, const RequestContext& ctx,
                                                       const std::string& month) {
    if (!who.can(perm::kMonitorBulletin)) return Status::forbidden({"无权印发通报", "not allowed to issue"});
    auto m = bulletin_month(month);
    if (!m) return m.status();
    const std::string mtext = format_year_month(*m);
    Status tx = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value k[] = {mtext};
        auto cur = c.query("SELECT status FROM monitoring_bulletins WHERE month = $1", k);
        if (!cur) return cur.status();
        if (cur->empty()) return Status::not_found({"该月通报尚未编制", "no bulletin for that month"});
        if (cur->rows[0].str(0) != "draft")
            return Status::conflict({"该月通报已印发", "that month's bulletin is already issued"});
        const db::Value p[] = {clock_.now(), who.user_id, mtext};
        auto up = c.exec(
            "UPDATE monitoring_bulletins SET status = 'issued', issued_at = $1, issued_by = $2 WHERE "
            "month = $3 AND status = 'draft'",
            p);
        if (!up) return up.status();
        return append_audit(c, who, ctx, {"monitoring.bulletin.issue", "monitoring_bulletin", mtext, "", "{}"});
    });
    if (!tx) return tx;
    return bulletin(who, mtext);
}

Result<std::string> MonitoringService::bulletin_docx(const Principal& who, const std::string& month) {
    auto b = bulletin(who, month);
    if (!b) return b.status();
    return monitoring::bulletin_docx(*b);
}

Result<std::string> MonitoringService::bulletin_xlsx(const Principal& who, const std::string& month) {
    auto b = bulletin(who, month);
    if (!b) return b.status();
    return monitoring::bulletin_xlsx(*b);
}

Result<int> MonitoringService::tick() {
    auto st = state();
    if (!st) return st.status();
    if (!(*st)->latest || !calendar_) return 0;
    YearMonth m = *(*st)->latest;
    if (!reportable(m)) return 0;
    const auto due = bulletin_due(m);
    if (!due || beijing_date(clock_.now()) < *due) return 0;
    if (read_bulletin(m, false)) return 0;
    // Recorded in the audit log as the system's, not as any person's.
    const Principal system{
        .user_id = 0, .username = "system", .display_name = "系统（按期编制）", .role = Role::kProvinceAdmin};
    auto made = store_bulletin(system, RequestContext{"", "background"}, m);
    if (!made) return made.status();
    return 1;
}

}  // namespace zx::monitoring
