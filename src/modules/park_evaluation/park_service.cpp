#include "modules/park_evaluation/park_service.hpp"

#include <atomic>
#include <fstream>
#include <regex>

#include "core/industry.hpp"
#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/audit/audit.hpp"
#include "modules/park_evaluation/demo_writer.hpp"
#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/park_internal.hpp"
#include "modules/park_evaluation/permissions.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/formats/temp_dir.hpp"

namespace zx::parks {
namespace json = boost::json;
namespace fs = std::filesystem;

db::ModuleSchema ParkService::schema() {
    return {"park_evaluation",
            {{1, "the uploaded tables, evaluations with their input snapshot, and their rows",
              // A table is stored whole, as validated; an evaluation keeps the inputs it was computed
              // from, so its explanations and what-ifs never depend on later uploads.
              "CREATE TABLE park_files (\n"
              "  table_name TEXT PRIMARY KEY,\n"
              "  file_name TEXT NOT NULL,\n"
              "  content TEXT NOT NULL,\n"
              "  sha256 TEXT NOT NULL,\n"
              "  row_count BIGINT NOT NULL,\n"
              "  updated_at BIGINT NOT NULL,\n"
              "  updated_by BIGINT NOT NULL\n"
              ");\n"
              "CREATE TABLE park_evaluations (\n"
              "  id {ID},\n"
              "  scheme_id TEXT NOT NULL,\n"
              "  scheme_name TEXT NOT NULL,\n"
              "  scheme_version TEXT NOT NULL,\n"
              "  year INTEGER NOT NULL,\n"
              "  created_by BIGINT NOT NULL,\n"
              "  created_at BIGINT NOT NULL,\n"
              "  data_hash TEXT NOT NULL,\n"
              "  summary TEXT NOT NULL,\n"
              "  snapshot TEXT NOT NULL\n"
              ");\n"
              "CREATE TABLE park_eval_rows (\n"
              "  evaluation_id BIGINT NOT NULL REFERENCES park_evaluations(id),\n"
              "  uscc TEXT NOT NULL,\n"
              "  name TEXT NOT NULL,\n"
              "  city TEXT NOT NULL,\n"
              "  park_id TEXT NOT NULL,\n"
              "  state TEXT NOT NULL,\n"
              "  score_units BIGINT,\n"
              "  score TEXT NOT NULL,\n"
              "  rank_no INTEGER,\n"
              "  grade TEXT NOT NULL,\n"
              "  population TEXT NOT NULL,\n"
              "  population_size INTEGER NOT NULL,\n"
              "  land_mu TEXT NOT NULL,\n"
              "  detail TEXT NOT NULL,\n"
              "  PRIMARY KEY (evaluation_id, uscc)\n"
              ");\n"
              "CREATE INDEX park_eval_rows_rank ON park_eval_rows(evaluation_id, state, rank_no);\n"
              "CREATE INDEX park_eval_rows_city ON park_eval_rows(evaluation_id, city, rank_no);\n"
              "CREATE INDEX park_eval_rows_uscc ON park_eval_rows(uscc);\n"},
             {2, "the review lifecycle of evaluations (modules/review): status, notice, events, objections",
              "ALTER TABLE park_evaluations ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';\n"
              "ALTER TABLE park_evaluations ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 7;\n"
              "ALTER TABLE park_evaluations ADD COLUMN notice_from BIGINT;\n"
              "ALTER TABLE park_evaluations ADD COLUMN notice_until BIGINT;\n"
              "CREATE TABLE park_eval_events (\n"
              "  id {ID},\n"
              "  evaluation_id BIGINT NOT NULL REFERENCES park_evaluations(id),\n"
              "  from_status TEXT NOT NULL,\n"
              "  to_status TEXT NOT NULL,\n"
              "  user_id BIGINT NOT NULL,\n"
              "  at BIGINT NOT NULL,\n"
              "  note TEXT NOT NULL DEFAULT '',\n"
              "  kind TEXT NOT NULL DEFAULT 'transition'\n"
              ");\n"
              "CREATE INDEX park_eval_events_eval ON park_eval_events(evaluation_id, id);\n"
              "CREATE TABLE park_eval_objections (\n"
              "  id {ID},\n"
              "  evaluation_id BIGINT NOT NULL REFERENCES park_evaluations(id),\n"
              "  uscc TEXT NOT NULL,\n"
              "  clause TEXT NOT NULL DEFAULT '',\n"
              "  text TEXT NOT NULL,\n"
              "  filed_by BIGINT NOT NULL,\n"
              "  filed_at BIGINT NOT NULL,\n"
              "  status TEXT NOT NULL,\n"
              "  decided_by BIGINT,\n"
              "  decided_at BIGINT,\n"
              "  decision_reason TEXT\n"
              ");\n"
              "CREATE INDEX park_eval_objections_eval ON park_eval_objections(evaluation_id, status);\n"}}};
}

ParkService::ParkService(db::Database& db, fs::path schemes_root, const Clock& clock, review::Settings review)
    : db_(db), schemes_root_(std::move(schemes_root)), clock_(clock), lifecycle_(lifecycle_spec(), std::move(review)) {}

review::Spec ParkService::lifecycle_spec() {
    return {.subjects = "park_evaluations",
            .events = "park_eval_events",
            .objections = "park_eval_objections",
            .rows = "park_eval_rows",
            .fk = "evaluation_id",
            .rows_clause = "$3",  // the topic is checked by the service (the whole row, land, an indicator)
            .steps = {{"draft", "reviewed", &perm::kParksPublish},
                      {"reviewed", "approved", &perm::kParksPublish},
                      {"approved", "publicized", &perm::kParksPublish},
                      {"publicized", "effective", &perm::kParksPublish},
                      {"draft", "withdrawn", &perm::kParksPublish},
                      {"reviewed", "withdrawn", &perm::kParksPublish},
                      {"approved", "withdrawn", &perm::kParksPublish},
                      {"publicized", "withdrawn", &perm::kParksPublish}},
            .final_status = "effective",
            .file_permission = &perm::kParksObjectionFile,
            .decide_permission = &perm::kParksObjectionDecide,
            .audit_prefix = "parks.evaluation",
            .noun = {"评价批次", "evaluation"}};
}

namespace {

bool valid_scheme_id(const std::string& id) {
    static const std::regex re("[a-z0-9][a-z0-9-]{0,63}");
    return std::regex_match(id, re);
}

Result<Scheme> scheme_by_id(const fs::path& root, const std::string& id) {
    if (!valid_scheme_id(id))
        return Status::invalid(
            {"scheme：方案编号只含小写字母、数字和连字符", "scheme: lower-case letters, digits, hyphens"});
    if (!fs::exists(root / id / "scheme.toml"))
        return Status::not_found({"scheme：没有该评价方案“" + id + "”", "scheme: no such scheme \"" + id + "\""});
    return load_scheme(root / id);
}

Result<Dataset> enterprises_from_db(db::Connection& c) {
    auto r = c.query("SELECT uscc, name, city, industry, scale_since FROM enterprises ORDER BY uscc");
    if (!r) return r.status();
    Dataset ds;
    for (const db::Row& row : r->rows) {
        auto city = find_city(row.str(2));
        const int ind = parse_industry_class(row.str(3));
        std::optional<YearMonth> since;
        if (!row.is_null(4)) since = parse_year_month(row.str(4));
        ds.add_enterprise(row.str(0), row.str(1), city.value_or(CityId{0}), ind < 0 ? 0 : ind, since);
    }
    ds.finish();
    return ds;
}

struct StoredFile {
    std::string name, content;
};

Result<std::map<std::string, StoredFile>> stored_files(db::Connection& c) {
    auto r = c.query("SELECT table_name, file_name, content FROM park_files");
    if (!r) return r.status();
    std::map<std::string, StoredFile> out;
    for (const db::Row& row : r->rows) out[row.str(0)] = {row.str(1), row.str(2)};
    return out;
}

// Loads the stored tables (with `replace` standing in for one of them) into ParkData.
Status load_stored(db::Connection& c, const Scheme& scheme, const std::map<std::string, StoredFile>& files,
                   ParkData& data, LoadReport& report) {
    auto ds = enterprises_from_db(c);
    if (!ds) return ds.status();
    data.enterprises = std::move(*ds);
    TempDir tmp("zx-parks");
    auto load = [&](const char* table, auto&& fn) -> Status {
        auto it = files.find(table);
        if (it == files.end()) return Status::ok();
        return fn(tmp.write(it->second.name, it->second.content), it->second.name);
    };
    Status a =
        load("parks", [&](const fs::path& p, const std::string& n) { return load_parks_table(p, n, data, report); });
    Status b =
        load("land", [&](const fs::path& p, const std::string& n) { return load_land_table(p, n, data, report); });
    Status d = load("annual", [&](const fs::path& p, const std::string& n) {
        return load_annual_table(p, n, scheme, data, report);
    });
    for (const Status* s : {&a, &b, &d})
        if (!*s) return *s;
    return Status::ok();
}

}  // namespace

Result<json::array> ParkService::schemes() const {
    json::array out;
    std::error_code ec;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(schemes_root_, ec))
        if (e.is_directory() && fs::exists(e.path() / "scheme.toml")) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path& d : dirs) {
        auto s = load_scheme(d);
        if (!s) continue;  // a broken scheme is refused where it is used, with its error
        json::array inds, grades;
        for (const Indicator& i : s->indicators)
            inds.push_back({{"id", i.id},
                            {"name", i.name_zh},
                            {"name_en", i.name_en},
                            {"weight", format_frac_short(i.weight, 4)},
                            {"unit", i.unit_zh}});
        for (const GradeSplit& g : s->splits) grades.push_back({{"grade", g.grade}, {"percent", g.percent}});
        out.push_back({{"id", d.filename().string()},
                       {"name", s->name_zh},
                       {"name_en", s->name_en},
                       {"version", s->version},
                       {"source", s->source},
                       {"graded", s->graded},
                       {"indicators", std::move(inds)},
                       {"grades", std::move(grades)}});
    }
    return out;
}

Result<json::object> ParkService::data_status(const Principal& who) {
    if (!who.can(perm::kParksRead)) return Status::forbidden({"无权查看", "not allowed"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    auto r = (*lease)->query("SELECT table_name, file_name, row_count, updated_at FROM park_files ORDER BY table_name");
    if (!r) return r.status();
    json::array tables;
    for (const db::Row& row : r->rows)
        tables.push_back(
            {{"table", row.str(0)}, {"file_name", row.str(1)}, {"rows", row.i64(2)}, {"updated_at", row.i64(3)}});
    return json::object{{"tables", std::move(tables)}};
}

Result<TableUpload> ParkService::put_table(const Principal& who, const RequestContext& ctx, const std::string& table,
                                           const std::string& filename, const std::string& body,
                                           const std::string& scheme_id) {
    if (!who.can(perm::kParksData)) return Status::forbidden({"无权上传亩均数据", "not allowed to upload"});
    if (table != "parks" && table != "land" && table != "annual")
        return Status::not_found({"未知数据表（parks、land、annual）", "unknown table (parks, land, annual)"});
    auto scheme = scheme_by_id(schemes_root_, scheme_id.empty() ? "guangxi-default" : scheme_id);
    if (!scheme) return scheme.status();
    const std::string name = filename.empty() ? table + ".csv" : fs::path(filename).filename().string();
    TableUpload out;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto files = stored_files(c);
        if (!files) return files.status();
        (*files)[table] = {name, body};
        ParkData data;
        // The new table is checked with the others it refers to (land names parks; parks, once
        // replaced, must still hold every park the stored land names).
        Status ls = load_stored(c, *scheme, *files, data, out.report);
        if (!ls && out.report.defects_total == 0) return ls;
        if (out.report.defects_total > 0) return Status::ok();
        out.accepted = true;
        out.rows = table == "parks" ? data.parks.size() : table == "land" ? data.parcels.size() : data.annual.size();
        const db::Value p[] = {table,        name,       body, sha256_hex(body), static_cast<std::int64_t>(out.rows),
                               clock_.now(), who.user_id};
        auto del = c.exec("DELETE FROM park_files WHERE table_name = $1", std::span(p, 1));
        if (!del) return del.status();
        auto ins = c.exec(
            "INSERT INTO park_files (table_name, file_name, content, sha256, row_count, updated_at, updated_by) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            p);
        if (!ins) return ins.status();
        return append_audit(c, who, ctx,
                            {"parks.data.put", "park_file", table, "",
                             "{\"file\":" + json_quote(name) + ",\"rows\":" + std::to_string(out.rows) +
                                 ",\"sha256\":" + json_quote(sha256_hex(body)) + "}"});
    });
    if (!st) return st;
    return out;
}

Status ParkService::import_dir(const Principal& who, const RequestContext& ctx, const fs::path& dir,
                               const std::string& scheme_id) {
    for (const char* t : {"parks", "land", "annual"}) {
        std::ifstream f(dir / (std::string(t) + ".csv"), std::ios::binary);
        if (!f) continue;
        const std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        auto r = put_table(who, ctx, t, std::string(t) + ".csv", body, scheme_id);
        if (!r) return r.status();
        if (!r->accepted)
            return Status::data_error({std::string(t) + ".csv 未通过校验：" +
                                           (r->report.defects.empty() ? "" : r->report.defects[0].message_zh),
                                       std::string(t) + ".csv refused: " +
                                           (r->report.defects.empty() ? "" : r->report.defects[0].message_en)});
    }
    return Status::ok();
}

Result<json::object> ParkService::create(const Principal& who, const RequestContext& ctx, const std::string& scheme_id,
                                         int year, int notice_days) {
    if (!who.can(perm::kParksRun)) return Status::forbidden({"无权发起评价", "not allowed to run an evaluation"});
    if (year < 2000 || year > 2100) return Status::invalid({"year：应为2000–2100", "year: 2000–2100"});
    if (notice_days < 0 || notice_days > 60) return Status::invalid({"notice_days：应为0–60", "notice_days: 0–60"});
    auto scheme = scheme_by_id(schemes_root_, scheme_id);
    if (!scheme) return scheme.status();
    std::int64_t id = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto files = stored_files(c);
        if (!files) return files.status();
        if (!files->count("land") || !files->count("annual"))
            return Status::conflict({"请先上传 land（用地）和 annual（年度数据）", "upload land and annual first"});
        ParkData data;
        LoadReport report;
        if (auto s = load_stored(c, *scheme, *files, data, report); !s)
            return report.defects_total > 0
                       ? Status::conflict(
                             {"已存数据与当前企业名录或方案不符：" + report.defects[0].message_zh + "（请重新上传）",
                              "the stored tables no longer pass with the current enterprises or scheme: " +
                                  report.defects[0].message_en + " (upload again)"})
                       : s;
        const auto inputs = inputs_for(*scheme, data, year);
        const Evaluation ev = evaluate(*scheme, inputs, data.parks, year);
        if (ev.rows.empty())
            return Status::invalid({"year：" + std::to_string(year) + " 年没有可评价的企业（无年度数据）",
                                    "year: nothing to evaluate in " + std::to_string(year)});
        if (ev.overflow)
            return Status::invalid({"数值过大，无法精确计算（请检查单位）", "figures too large to compute exactly"});
        // History: the grade of every enterprise in each year the data hold, up to this one.
        std::map<std::string, std::vector<HistoryEntry>> history;
        for (int y : years_of(data)) {
            if (y > year) continue;
            const auto in = y == year ? inputs : inputs_for(*scheme, data, y);
            const Evaluation e = y == year ? ev : evaluate(*scheme, in, data.parks, y);
            std::map<std::string, HistoryEntry> got;
            for (const EnterpriseRow& r : e.rows)
                got[in[r.input].uscc] = {
                    y, r.state == RowState::kExempt ? scheme->exempt_grade : r.scored.grade,
                    r.state == RowState::kExempt ? std::nullopt : std::optional<std::int64_t>(r.scored.total)};
            for (const EnterpriseRow& r : ev.rows) {
                const std::string& u = inputs[r.input].uscc;
                auto it = got.find(u);
                history[u].push_back(it == got.end() ? HistoryEntry{y, "", std::nullopt} : it->second);
            }
        }
        json::object grades, summary;
        json::object by_city_o, by_park_o;
        std::map<std::string, std::string> park_name, park_city;
        for (const ParkInput& p : data.parks) park_name[p.id] = p.name, park_city[p.id] = p.city;
        std::vector<std::vector<db::Value>> rows;
        std::vector<std::size_t> entity(ev.rows.size(), SIZE_MAX);
        for (std::size_t j = 0; j < ev.rated_rows.size(); ++j) entity[ev.rated_rows[j]] = j;
        for (std::size_t r = 0; r < ev.rows.size(); ++r) {
            const EnterpriseRow& row = ev.rows[r];
            const EnterpriseInput& in = inputs[row.input];
            const bool rated = row.state == RowState::kRated;
            const std::string grade = rated ? row.scored.grade : scheme->exempt_grade;
            const std::string city(kCities[in.city]);
            auto bump = [&](json::object& o, const std::string& key) {
                json::object& g = o[key].is_object() ? o[key].as_object() : o[key].emplace_object();
                g[grade] = (g.contains(grade) ? g[grade].as_int64() : 0) + 1;
            };
            grades[grade] = (grades.contains(grade) ? grades[grade].as_int64() : 0) + 1;
            bump(by_city_o, city);
            if (!in.park_id.empty()) bump(by_park_o, in.park_id);
            json::object detail;
            detail["lines"] = lines_json(explain(*scheme, ev, r));
            if (rated) detail["indicators"] = indicators_json(*scheme, ev.entities[entity[r]], row.scored);
            json::array hist, cons;
            for (const HistoryEntry& h : history[in.uscc])
                hist.push_back({{"year", h.year},
                                {"grade", h.grade},
                                {"score", h.total ? json::value(format_fixed(*h.total, scheme->score_decimals))
                                                  : json::value(nullptr)}});
            for (const ConsequenceHit& h : consequences_of(*scheme, history[in.uscc]))
                cons.push_back({{"grade", h.consequence->grade},
                                {"years", h.years},
                                {"department", h.consequence->department_zh},
                                {"measure", h.consequence->measure_zh},
                                {"measure_en", h.consequence->measure_en},
                                {"amount", h.consequence->amount ? format_frac_short(*h.consequence->amount, 6) : ""},
                                {"unit", h.consequence->amount_unit}});
            detail["history"] = std::move(hist);
            detail["consequences"] = std::move(cons);
            const std::size_t n = rated ? ev.groups[static_cast<std::size_t>(ev.entities[entity[r]].group)].n : 0;
            rows.push_back({std::int64_t{0}, in.uscc, in.name, city, in.park_id,
                            std::string(rated ? "rated" : "exempt"),
                            rated ? db::Value(row.scored.total) : db::Value(nullptr),
                            rated ? format_fixed(row.scored.total, scheme->score_decimals) : std::string(),
                            rated ? db::Value(std::int64_t{row.scored.rank}) : db::Value(nullptr), grade, row.group,
                            static_cast<std::int64_t>(n), format_fixed(in.values[0], scheme->columns[0].decimals),
                            json::serialize(detail)});
        }
        json::array missing, by_city, by_park, benchmarks, indicators;
        for (std::size_t i : ev.missing)
            missing.push_back(
                {{"uscc", inputs[i].uscc}, {"name", inputs[i].name}, {"city", std::string(kCities[inputs[i].city])}});
        for (const auto c : kCities)
            if (by_city_o.contains(std::string(c)))
                by_city.push_back({{"city", std::string(c)}, {"grades", by_city_o[std::string(c)]}});
        for (auto& [k, v] : by_park_o)
            by_park.push_back({{"park_id", k},
                               {"name", park_name[std::string(k)]},
                               {"city", park_city[std::string(k)]},
                               {"grades", v}});
        for (std::size_t k = 0; k < scheme->indicators.size(); ++k) {
            const Indicator& ind = scheme->indicators[k];
            indicators.push_back({{"id", ind.id},
                                  {"name", ind.name_zh},
                                  {"name_en", ind.name_en},
                                  {"weight", format_frac_short(ind.weight, 4)},
                                  {"unit", ind.unit_zh}});
            if (!ev.groups.empty() && ev.groups.size() == 1)
                benchmarks.push_back(
                    {{"id", ind.id},
                     {"name", ind.name_zh},
                     {"unit", ind.unit_zh},
                     {"value",
                      ev.groups[0].positive[k]
                          ? format_frac(display_benchmark(*scheme, k, ev.groups[0].benchmark[k]), ind.display_decimals)
                          : std::string("—")}});
        }
        summary = {{"rated", ev.rated_rows.size()},       {"exempt", ev.rows.size() - ev.rated_rows.size()},
                   {"missing", std::move(missing)},       {"grades", std::move(grades)},
                   {"by_city", std::move(by_city)},       {"by_park", std::move(by_park)},
                   {"benchmarks", std::move(benchmarks)}, {"indicators", std::move(indicators)},
                   {"parks_rated", ev.parks.size()}};
        const std::string snapshot = json::serialize(snapshot_json(inputs, data.parks));
        const db::Value e[] = {scheme_id,
                               scheme->name_zh,
                               scheme->version,
                               std::int64_t{year},
                               who.user_id,
                               clock_.now(),
                               sha256_hex(snapshot),
                               json::serialize(summary),
                               snapshot,
                               std::int64_t{notice_days}};
        auto ins = c.query(
            "INSERT INTO park_evaluations (scheme_id, scheme_name, scheme_version, year, created_by, created_at, "
            "data_hash, summary, snapshot, notice_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            e);
        if (!ins) return ins.status();
        id = ins->rows.at(0).i64(0);
        for (auto& r : rows) r[0] = id;
        const std::vector<std::string> cols = {
            "evaluation_id", "uscc",    "name",  "city",       "park_id",         "state",   "score_units",
            "score",         "rank_no", "grade", "population", "population_size", "land_mu", "detail"};
        if (auto s = c.bulk_insert("park_eval_rows", cols, rows); !s) return s;
        return append_audit(c, who, ctx,
                            {"parks.evaluation.create", "park_evaluation", std::to_string(id), "",
                             "{\"scheme\":" + json_quote(scheme_id) + ",\"year\":" + std::to_string(year) +
                                 ",\"rows\":" + std::to_string(rows.size()) + "}"});
    });
    if (!st) return st;
    return get(who, id);
}

Result<std::int64_t> ParkService::seed_demo(const Principal& who, std::uint64_t seed, const std::string& ensure_uscc) {
    Dataset ds;
    int year = 0;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        auto e = enterprises_from_db(**lease);
        if (!e) return e.status();
        ds = std::move(*e);
        auto m = (*lease)->query("SELECT MAX(month) FROM output");
        if (!m) return m.status();
        const auto latest = m->empty() || m->rows[0].is_null(0) ? std::nullopt : parse_year_month(m->rows[0].str(0));
        year = (latest ? latest->year() : 2024) - 1;
    }
    DemoParks demo = generate_park_demo(ds, {seed, year});
    if (auto own = ds.find(ensure_uscc)) {
        const bool land =
            std::any_of(demo.parcels.begin(), demo.parcels.end(), [&](const DemoParcel& p) { return p.ent == *own; });
        if (!land)
            demo.parcels.push_back({*own, "DEMO-OWN-1", demo.parks.empty() ? "" : demo.parks[0].id, 3000, false});
        for (int y : {year - 1, year})
            if (std::none_of(demo.annual.begin(), demo.annual.end(),
                             [&](const DemoAnnual& a) { return a.ent == *own && a.year == y; }))
                demo.annual.push_back({*own, y, 150000000, 3000000000, 800000000, 25000000, 120, 60000000});
    }
    TempDir tmp("zx-parks");
    if (auto s = write_park_demo(ds, demo, tmp.path()); !s) return s;
    const RequestContext ctx{"127.0.0.1", "demo-seed"};
    if (auto s = import_dir(who, ctx, tmp.path(), "guangxi-default"); !s) return s;
    auto ev = create(who, ctx, "guangxi-default", year);
    if (!ev) return ev.status();
    return ev->at("id").as_int64();
}

}  // namespace zx::parks
