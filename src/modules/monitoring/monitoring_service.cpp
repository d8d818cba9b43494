#include "modules/monitoring/monitoring_service.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/audit/audit.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "modules/enterprise_data/snapshot.hpp"
#include "modules/monitoring/monitoring_data.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/permissions.hpp"
#include "modules/monitoring/rules_loader.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/formats/base64.hpp"
#include "platform/formats/temp_dir.hpp"

namespace zx::monitoring {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr std::array<MonitoringTable, 4> kTables = {MonitoringTable::kEnterpriseMonthly,
                                                    MonitoringTable::kCityIndicators, MonitoringTable::kProjects,
                                                    MonitoringTable::kProjectInvestment};

struct StoredTable {
    std::string name, bytes;
};

// The verified version of each table (or, with `pending_table`, that table's pending upload instead).
Result<std::map<std::string, StoredTable>> stored_tables(db::Connection& c, bool verified_only = true) {
    auto r = c.query(verified_only ? "SELECT table_name, file_name, content FROM monitoring_files WHERE status = "
                                     "'verified' ORDER BY table_name"
                                   : "SELECT table_name, file_name, content, status FROM monitoring_files WHERE "
                                     "status IN ('verified', 'pending') ORDER BY table_name, version");
    if (!r) return r.status();
    std::map<std::string, StoredTable> out;
    for (const db::Row& row : r->rows) {
        auto bytes = base64_decode(row.str(2));
        if (!bytes) return bytes.status();
        out[row.str(0)] = {row.str(1), std::move(*bytes)};  // by version order: pending after verified
    }
    return out;
}

// Loads the stored tables into `md` over the enterprises of `ds`, in dependency order.
Status load_tables(const std::map<std::string, StoredTable>& files, const Dataset& ds, MonitoringData& md,
                   LoadReport& report) {
    TempDir tmp("zx-monitoring");
    for (MonitoringTable t : kTables) {
        auto it = files.find(std::string(table_stem(t)));
        if (it == files.end()) continue;
        const fs::path p = tmp.write(it->second.name, it->second.bytes);
        if (auto s = load_monitoring_table(t, p, it->second.name, ds, md, report); !s) return s;
    }
    return Status::ok();
}

}  // namespace

MonitoringService::MonitoringService(db::Database& db, const fs::path& policies_root,
                                     std::shared_ptr<const WorkingCalendar> calendar, const Clock& clock)
    : db_(db), calendar_(std::move(calendar)), clock_(clock) {
    auto r = load_watch_rules(watch_rules_file(policies_root));
    if (r)
        rules_ = std::move(*r);
    else
        rules_status_ = r.status();
}

db::ModuleSchema MonitoringService::schema() {
    return {"monitoring",
            {{1, "the uploaded monitoring tables, the warnings and the monthly bulletins",
              // Every upload is kept (base64: a table may be XLSX); one version per table is verified
              // and in force, a newer one waits pending for 核定.
              "CREATE TABLE monitoring_files (\n"
              "  table_name TEXT NOT NULL,\n"
              "  version BIGINT NOT NULL,\n"
              "  status TEXT NOT NULL,\n"
              "  file_name TEXT NOT NULL,\n"
              "  content TEXT NOT NULL,\n"
              "  sha256 TEXT NOT NULL,\n"
              "  row_count BIGINT NOT NULL,\n"
              "  uploaded_at BIGINT NOT NULL,\n"
              "  uploaded_by BIGINT NOT NULL,\n"
              "  verified_at BIGINT,\n"
              "  verified_by BIGINT,\n"
              "  PRIMARY KEY (table_name, version)\n"
              ");\n"
              "CREATE TABLE monitoring_warnings (\n"
              "  id {ID},\n"
              "  month TEXT NOT NULL,\n"
              "  uscc TEXT NOT NULL,\n"
              "  city TEXT NOT NULL,\n"
              "  rule TEXT NOT NULL,\n"
              "  level TEXT NOT NULL,\n"
              "  message_zh TEXT NOT NULL,\n"
              "  message_en TEXT NOT NULL,\n"
              "  figures TEXT NOT NULL,\n"
              "  case_id BIGINT,\n"
              "  created_at BIGINT NOT NULL\n"
              ");\n"
              "CREATE UNIQUE INDEX monitoring_warnings_key ON monitoring_warnings (month, uscc, rule);\n"
              "CREATE INDEX monitoring_warnings_city ON monitoring_warnings (month, city, level);\n"
              "CREATE TABLE monitoring_bulletins (\n"
              "  month TEXT PRIMARY KEY,\n"
              "  status TEXT NOT NULL,\n"
              "  content TEXT NOT NULL,\n"
              "  data_hash TEXT NOT NULL,\n"
              "  prepared_at BIGINT NOT NULL,\n"
              "  prepared_by BIGINT NOT NULL,\n"
              "  issued_at BIGINT,\n"
              "  issued_by BIGINT\n"
              ");\n"},
             {2, "核定 by the cities: the cities each upload holds rows of, and each city's check",
              "ALTER TABLE monitoring_files ADD COLUMN cities TEXT NOT NULL DEFAULT '';\n"
              "CREATE TABLE monitoring_file_checks (\n"
              "  table_name TEXT NOT NULL,\n"
              "  version BIGINT NOT NULL,\n"
              "  city TEXT NOT NULL,\n"
              "  approved INTEGER NOT NULL,\n"
              "  reason TEXT NOT NULL,\n"
              "  checked_by BIGINT NOT NULL,\n"
              "  checked_at BIGINT NOT NULL,\n"
              "  PRIMARY KEY (table_name, version, city)\n"
              ");\n"}}};
}

Result<std::shared_ptr<const State>> MonitoringService::state() {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Connection& c = **lease;
    auto dv = data_version(c);
    if (!dv) return dv.status();
    // The verified versions' sum grows with every 核定 (a newer version replaces an older one).
    auto fv = c.query("SELECT COUNT(*), COALESCE(SUM(version), 0) FROM monitoring_files WHERE status = 'verified'");
    if (!fv) return fv.status();
    const std::string key =
        std::to_string(*dv) + "/" + std::to_string(fv->rows[0].i64(0)) + "/" + std::to_string(fv->rows[0].i64(1));
    {
        std::lock_guard lock(mu_);
        if (state_ && state_->key == key) return state_;
    }
    auto st = std::make_shared<State>();
    st->key = key;
    auto span = c.query("SELECT MIN(month), MAX(month) FROM output WHERE status = 'verified'");
    if (!span) return span.status();
    if (!span->rows.empty() && !span->rows[0].is_null(0)) {
        st->first = parse_year_month(span->rows[0].str(0));
        st->latest = parse_year_month(span->rows[0].str(1));
    }
    // The matrix starts in January of the first year, so that every base the figures need is in it.
    const MonthRange window = st->first ? MonthRange{YearMonth::of(st->first->year(), 1), *st->latest}
                                        : MonthRange{YearMonth::of(2023, 1), YearMonth::of(2023, 1)};
    auto snap = verified_snapshot(c, window);
    if (!snap) return snap.status();
    st->ds = std::move(snap->first);
    st->data_hash = std::move(snap->second);
    auto files = stored_tables(c);
    if (!files) return files.status();
    LoadReport report;
    if (auto s = load_tables(*files, st->ds, st->md, report); !s) {
        // A verified table that no longer passes (an enterprise it names was removed) is left out
        // rather than taking the figures down; the data page shows the defect on the next upload.
        st->md = MonitoringData{};
    }
    std::lock_guard lock(mu_);
    state_ = st;
    return std::shared_ptr<const State>(st);
}

Result<json::object> MonitoringService::months(const Principal& who) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看监测数据", "not allowed to read monitoring"});
    auto st = state();
    if (!st) return st.status();
    json::array months;
    if ((*st)->first)
        for (YearMonth m = *(*st)->first; m <= *(*st)->latest; m = m + 1)
            if (reportable(m)) months.emplace_back(format_year_month(m));
    json::object out{{"months", months}};
    out["latest"] = months.empty() ? json::value(nullptr) : months.back();
    return out;
}

Result<json::object> MonitoringService::data_status(const Principal& who) {
    if (!who.can(perm::kMonitorDataRead)) return Status::forbidden({"无权查看", "not allowed"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    auto r = (*lease)->query(
        "SELECT f.table_name, f.status, f.row_count, f.sha256, f.uploaded_at, COALESCE(u.username, ''), "
        "f.verified_at, f.file_name, f.version, f.cities FROM monitoring_files f LEFT JOIN users u ON u.id = "
        "f.uploaded_by WHERE f.status IN ('verified', 'pending', 'rejected') ORDER BY f.table_name, f.version");
    if (!r) return r.status();
    auto checks = (*lease)->query(
        "SELECT table_name, version, city, approved, reason FROM monitoring_file_checks ORDER BY table_name, version, "
        "city");
    if (!checks) return checks.status();
    json::array tables;
    for (MonitoringTable t : kTables) {
        const std::string stem(table_stem(t));
        json::object o{{"table", stem}, {"status", "missing"}};
        json::array versions;
        for (const db::Row& row : r->rows) {
            if (row.str(0) != stem) continue;
            json::object v{{"status", row.str(1)},
                           {"rows", row.i64(2)},
                           {"sha256", row.str(3)},
                           {"uploaded_at", row.i64(4)},
                           {"uploaded_by", row.str(5)},
                           {"verified_at", row.is_null(6) ? json::value(nullptr) : json::value(row.i64(6))},
                           {"file_name", row.str(7)},
                           {"version", row.i64(8)}};
            json::array cities, checked;
            for (const std::string& x : detail::split_cities(row.str(9))) cities.emplace_back(x);
            for (const db::Row& ck : checks->rows)
                if (ck.str(0) == stem && ck.i64(1) == row.i64(8))
                    checked.push_back({{"city", ck.str(2)}, {"approved", ck.i64(3) == 1}, {"reason", ck.str(4)}});
            v["cities"] = std::move(cities);
            v["checks"] = std::move(checked);
            if (row.str(1) != "rejected") o["status"] = row.str(1) == "pending" ? "pending" : "verified";
            versions.push_back(std::move(v));
        }
        o["versions"] = std::move(versions);
        tables.push_back(std::move(o));
    }
    return json::object{{"tables", std::move(tables)}};
}

Result<TableUpload> MonitoringService::put_table(const Principal& who, const RequestContext& ctx,
                                                 const std::string& table, const std::string& filename,
                                                 const std::string& body) {
    if (!who.can(perm::kMonitorData)) return Status::forbidden({"无权上传监测数据", "not allowed to upload"});
    const auto kind = find_table(table);
    if (!kind)
        return Status::not_found({"未知数据表（enterprise_monthly、city_indicators、projects、project_investment）",
                                  "unknown table (enterprise_monthly, city_indicators, projects, project_investment)"});
    std::string name = filename.empty() ? table + ".csv" : fs::path(filename).filename().string();
    if (name.size() < 5 || (name.substr(name.size() - 4) != ".csv" && name.substr(name.size() - 5) != ".xlsx"))
        name = table + ".csv";
    TableUpload out;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto snap = verified_snapshot(c, {YearMonth::of(2000, 1), YearMonth::of(2000, 1)});
        if (!snap) return snap.status();
        auto files = stored_tables(c, false);
        if (!files) return files.status();
        (*files)[table] = {name, body};
        MonitoringData md;
        Status ls = load_tables(*files, snap->first, md, out.report);
        if (!ls && out.report.defects_total == 0) return ls;
        if (out.report.defects_total > 0) return Status::ok();
        out.accepted = true;
        std::set<CityId> with_rows;  // the cities that 核定 this upload
        switch (*kind) {
            case MonitoringTable::kEnterpriseMonthly:
                out.rows = md.monthly.size();
                for (const auto& r : md.monthly) with_rows.insert(snap->first.city(r.ent));
                break;
            case MonitoringTable::kCityIndicators:
                out.rows = md.cities.size();
                for (const auto& r : md.cities) with_rows.insert(r.city);
                break;
            case MonitoringTable::kProjects:
                out.rows = md.projects.size();
                for (const auto& r : md.projects) with_rows.insert(r.city);
                break;
            case MonitoringTable::kProjectInvestment:
                out.rows = md.investment.size();
                for (const auto& r : md.investment) with_rows.insert(md.projects[r.project].city);
                break;
        }
        std::string cities;
        for (CityId c : with_rows) cities += (cities.empty() ? "" : ",") + std::string(kCities[c]);
        const db::Value key[] = {table};
        auto v = c.query("SELECT COALESCE(MAX(version), 0) FROM monitoring_files WHERE table_name = $1", key);
        if (!v) return v.status();
        // A newer upload replaces the pending one (never the verified one in force).
        if (auto d = c.exec("UPDATE monitoring_files SET status = 'superseded' WHERE table_name = $1 AND status = "
                            "'pending'",
                            key);
            !d)
            return d.status();
        const std::string hash = sha256_hex(body);
        // An upload without rows has nothing to 核定: it is in force at once.
        const bool at_once = cities.empty();
        if (at_once)
            if (auto d = c.exec("UPDATE monitoring_files SET status = 'superseded' WHERE table_name = $1 AND status = "
                                "'verified'",
                                key);
                !d)
                return d.status();
        const db::Value p[] = {table,        v->rows[0].i64(0) + 1,
                               name,         base64_encode(body),
                               hash,         static_cast<std::int64_t>(out.rows),
                               clock_.now(), who.user_id,
                               cities,       std::string(at_once ? "verified" : "pending")};
        auto ins = c.exec(
            "INSERT INTO monitoring_files (table_name, version, status, file_name, content, sha256, row_count, "
            "uploaded_at, uploaded_by, cities) VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8, $9)",
            p);
        if (!ins) return ins.status();
        return append_audit(c, who, ctx,
                            {"monitoring.data.put", "monitoring_file", table, "",
                             "{\"file\":" + json_quote(name) + ",\"rows\":" + std::to_string(out.rows) +
                                 ",\"sha256\":" + json_quote(hash) + "}"});
    });
    if (!st) return st;
    return out;
}

Result<json::object> MonitoringService::verify_table(const Principal& who, const RequestContext& ctx,
                                                     const std::string& table, bool approve,
                                                     const std::string& reason) {
    if (!who.can(perm::kMonitorVerify)) return Status::forbidden({"无权核定监测数据", "not allowed to verify"});
    if (!find_table(table)) return Status::not_found({"未知数据表", "unknown table"});
    const auto city = detail::own_city(who);
    if (!city) return Status::forbidden({"须为设区市账号", "a city account is required"});
    const std::string city_name(kCities[*city]);
    if (!approve && reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return Status::invalid({"reason：退回须说明原因", "reason: required to reject"});
    json::object out;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value key[] = {table};
        auto pend = c.query(
            "SELECT version, row_count, sha256, cities FROM monitoring_files WHERE table_name = $1 AND status = "
            "'pending'",
            key);
        if (!pend) return pend.status();
        if (pend->empty()) return Status::conflict({"该表没有待核定的上传", "no pending upload of this table"});
        const std::int64_t version = pend->rows[0].i64(0);
        const std::vector<std::string> cities = detail::split_cities(pend->rows[0].str(3));
        if (std::find(cities.begin(), cities.end(), city_name) == cities.end())
            return Status::conflict({"该上传没有本市的数据", "the upload holds no rows of your city"});
        const db::Value check[] = {table,  version,     city_name,   std::int64_t{approve ? 1 : 0},
                                   reason, who.user_id, clock_.now()};
        auto ins = c.exec(
            "INSERT INTO monitoring_file_checks (table_name, version, city, approved, reason, checked_by, checked_at) "
            "SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM monitoring_file_checks WHERE "
            "table_name = $1 AND version = $2 AND city = $3)",
            check);
        if (!ins) return ins.status();
        if (*ins == 0) return Status::conflict({"本市已核定该上传", "your city has checked this upload already"});
        const db::Value kv[] = {table, version};
        auto checked =
            c.query("SELECT city, approved FROM monitoring_file_checks WHERE table_name = $1 AND version = $2", kv);
        if (!checked) return checked.status();
        std::set<std::string> approved;
        for (const db::Row& r : checked->rows)
            if (r.i64(1) == 1) approved.insert(r.str(0));
        json::array awaiting;
        for (const auto& x : cities)
            if (!approved.count(x)) awaiting.emplace_back(x);
        std::string status = "pending";
        if (!approve) {
            status = "rejected";  // refused as a whole: the province uploads a corrected table
        } else if (awaiting.empty()) {
            status = "verified";
            if (auto s = c.exec("UPDATE monitoring_files SET status = 'superseded' WHERE table_name = $1 AND status = "
                                "'verified'",
                                key);
                !s)
                return s.status();
        }
        if (status != "pending") {
            const db::Value p[] = {status, clock_.now(), who.user_id, table, version};
            if (auto s = c.exec("UPDATE monitoring_files SET status = $1, verified_at = $2, verified_by = $3 WHERE "
                                "table_name = $4 AND version = $5",
                                p);
                !s)
                return s.status();
        }
        out = {{"table", table},    {"version", version},  {"rows", pend->rows[0].i64(1)}, {"status", status},
               {"city", city_name}, {"approved", approve}, {"awaiting", awaiting}};
        return append_audit(
            c, who, ctx,
            {approve ? "monitoring.data.verify" : "monitoring.data.reject", "monitoring_file", table, "",
             "{\"version\":" + std::to_string(version) + ",\"city\":" + json_quote(city_name) +
                 ",\"status\":" + json_quote(status) + ",\"reason\":" + json_quote(reason) + "}"});
    });
    if (!st) return st;
    return out;
}

Status MonitoringService::import_dir(const Principal& who, const RequestContext& ctx, const fs::path& dir) {
    for (MonitoringTable t : kTables) {
        const std::string stem(table_stem(t));
        std::ifstream f(dir / (stem + ".csv"), std::ios::binary);
        if (!f) continue;
        const std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        auto r = put_table(who, ctx, stem, stem + ".csv", body);
        if (!r) return r.status();
        if (!r->accepted)
            return Status::data_error(
                {stem + ".csv 未通过校验：" + (r->report.defects.empty() ? "" : r->report.defects[0].message_zh),
                 stem + ".csv refused: " + (r->report.defects.empty() ? "" : r->report.defects[0].message_en)});
        // 核定 by each city with rows: the demonstration stands in for the 14 city bureaus.
        for (const auto& city : kCities) {
            Principal bureau = who;
            bureau.role = Role::kCityOfficial;
            bureau.city = std::string(city);
            auto v = verify_table(bureau, ctx, stem);
            if (!v && v.status().code() != StatusCode::kConflict) return v.status();
        }
    }
    return Status::ok();
}

}  // namespace zx::monitoring
