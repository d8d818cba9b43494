// The reads of the 亩均 evaluation: lists and rows from the stored tables, and the questions that need
// the whole population (explanations of parks, the inverse answer, grade flips, what-if) from the
// evaluation's snapshot, kept loaded for the next question.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/region.hpp"
#include "modules/park_evaluation/park_internal.hpp"
#include "modules/park_evaluation/park_service.hpp"
#include "modules/park_evaluation/permissions.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx::parks {
namespace json = boost::json;

json::object snapshot_json(const std::vector<EnterpriseInput>& inputs, const std::vector<ParkInput>& parks) {
    json::array ents, ps;
    for (const EnterpriseInput& e : inputs) {
        json::array values, present;
        for (std::size_t c = 0; c < e.values.size(); ++c) {
            values.push_back(e.values[c]);
            present.push_back(e.present[c] != 0);
        }
        ents.push_back({{"uscc", e.uscc},
                        {"name", e.name},
                        {"city", int{e.city}},
                        {"industry", e.industry},
                        {"scale_since", e.scale_since ? json::value(e.scale_since->index) : json::value(nullptr)},
                        {"park_id", e.park_id},
                        {"values", std::move(values)},
                        {"present", std::move(present)},
                        {"land", e.has_land},
                        {"annual", e.has_annual}});
    }
    for (const ParkInput& p : parks)
        ps.push_back({{"id", p.id}, {"name", p.name}, {"city", p.city}, {"level", p.level}, {"area", p.area}});
    return {{"enterprises", std::move(ents)}, {"parks", std::move(ps)}};
}

bool snapshot_from(const json::value& v, std::size_t columns, std::vector<EnterpriseInput>& inputs,
                   std::vector<ParkInput>& parks) {
    try {
        for (const json::value& x : v.at("enterprises").as_array()) {
            const json::object& o = x.as_object();
            EnterpriseInput e;
            e.uscc = json::value_to<std::string>(o.at("uscc"));
            e.name = json::value_to<std::string>(o.at("name"));
            e.city = static_cast<CityId>(o.at("city").as_int64());
            e.industry = static_cast<int>(o.at("industry").as_int64());
            if (!o.at("scale_since").is_null())
                e.scale_since = YearMonth{static_cast<std::int32_t>(o.at("scale_since").as_int64())};
            e.park_id = json::value_to<std::string>(o.at("park_id"));
            for (const json::value& n : o.at("values").as_array()) e.values.push_back(n.as_int64());
            for (const json::value& n : o.at("present").as_array()) e.present.push_back(n.as_bool() ? 1 : 0);
            e.has_land = o.at("land").as_bool();
            e.has_annual = o.at("annual").as_bool();
            if (!e.values.empty() && e.values.size() != columns) return false;
            inputs.push_back(std::move(e));
        }
        for (const json::value& x : v.at("parks").as_array()) {
            const json::object& o = x.as_object();
            parks.push_back({json::value_to<std::string>(o.at("id")), json::value_to<std::string>(o.at("name")),
                             json::value_to<std::string>(o.at("city")), json::value_to<std::string>(o.at("level")),
                             o.at("area").as_int64()});
        }
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

json::array lines_json(const std::vector<Line>& lines) {
    json::array out;
    for (const Line& l : lines) out.push_back({{"zh", l.zh}, {"en", l.en}});
    return out;
}

json::array indicators_json(const Scheme& s, const Entity& e, const Scored& sc) {
    json::array out;
    for (std::size_t k = 0; k < s.indicators.size(); ++k) {
        auto v = display_value(s, k, e);
        out.push_back(
            {{"id", s.indicators[k].id},
             {"score", format_fixed(sc.ind[k].rounded, s.score_decimals)},
             {"value", v ? json::value(format_frac(*v, s.indicators[k].display_decimals)) : json::value(nullptr)}});
    }
    return out;
}

void index_rows(Loaded& l) {
    l.entity_of_row.assign(l.ev.rows.size(), SIZE_MAX);
    for (std::size_t j = 0; j < l.ev.rated_rows.size(); ++j) l.entity_of_row[l.ev.rated_rows[j]] = j;
    for (std::size_t r = 0; r < l.ev.rows.size(); ++r) l.row_of[l.inputs[l.ev.rows[r].input].uscc] = r;
}

namespace {

Status need_read(const Principal& who) {
    if (!who.can(perm::kParksRead)) return Status::forbidden({"无权查看亩均评价", "not allowed"});
    return Status::ok();
}

json::object evaluation_json(const db::Row& r) {
    json::object o{
        {"id", r.i64(0)},   {"scheme", r.str(1)},     {"scheme_name", r.str(2)}, {"scheme_version", r.str(3)},
        {"year", r.i64(4)}, {"created_by", r.i64(5)}, {"created_at", r.i64(6)},  {"data_hash", r.str(7)}};
    o["status"] = r.str(9);
    o["notice_days"] = r.i64(10);
    o["notice_from"] = r.is_null(11) ? json::value(nullptr) : json::value(r.i64(11));
    o["notice_until"] = r.is_null(12) ? json::value(nullptr) : json::value(r.i64(12));
    json::value summary = json::parse(r.str(8));
    for (auto& [k, v] : summary.as_object()) o[k] = v;
    return o;
}

constexpr const char* kEvalCols =
    "id, scheme_id, scheme_name, scheme_version, year, created_by, created_at, data_hash, summary, status, "
    "notice_days, notice_from, notice_until";

// What a scope may see of an evaluation's summary: the missing list is per enterprise.
void scope_summary(const Principal& who, json::object& o) {
    const Scope sc = who.scope();
    if (sc.kind == Scope::Kind::kProvince) return;
    json::array kept;
    if (sc.kind == Scope::Kind::kCity)
        for (const json::value& m : o["missing"].as_array())
            if (m.at("city").as_string() == sc.value) kept.push_back(m);
    if (sc.kind == Scope::Kind::kEnterprise)
        for (const json::value& m : o["missing"].as_array())
            if (m.at("uscc").as_string() == sc.value) kept.push_back(m);
    o["missing"] = std::move(kept);
}

json::object row_json(const db::Row& r) {
    json::value detail = json::parse(r.str(10));
    json::object o{{"uscc", r.str(0)},
                   {"name", r.str(1)},
                   {"city", r.str(2)},
                   {"park_id", r.str(3)},
                   {"state", r.str(4)},
                   {"score", r.is_null(5) ? json::value(nullptr) : json::value(r.str(5))},
                   {"rank", r.is_null(6) ? json::value(nullptr) : json::value(r.i64(6))},
                   {"grade", r.str(7)},
                   {"population", r.str(8)},
                   {"population_size", r.i64(9)},
                   {"land_mu", r.str(11)}};
    if (detail.as_object().contains("indicators"))
        o["indicators"] = detail.as_object()["indicators"];
    else
        o["indicators"] = json::array();
    return o;
}

constexpr const char* kRowCols =
    "uscc, name, city, park_id, state, CASE WHEN state = 'rated' THEN score END, rank_no, grade, population, "
    "population_size, detail, land_mu";

}  // namespace

Result<json::object> ParkService::summary_row(db::Connection& c, std::int64_t id) {
    const db::Value p[] = {id};
    auto r = c.query(std::string("SELECT ") + kEvalCols + " FROM park_evaluations WHERE id = $1", p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"评价批次不存在", "no such evaluation"});
    return evaluation_json(r->rows[0]);
}

Result<json::object> ParkService::list(const Principal& who) {
    if (auto s = need_read(who); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    // An enterprise sees an evaluation once it is publicized.
    const bool ent = who.scope().kind == Scope::Kind::kEnterprise;
    auto r = (*lease)->query(std::string("SELECT ") + kEvalCols + " FROM park_evaluations" +
                             (ent ? " WHERE status IN ('publicized', 'effective')" : "") + " ORDER BY id DESC");
    if (!r) return r.status();
    json::array items;
    for (const db::Row& row : r->rows) {
        json::object o = evaluation_json(row);
        scope_summary(who, o);
        items.push_back(std::move(o));
    }
    const auto n = static_cast<std::int64_t>(items.size());
    return json::object{{"items", std::move(items)}, {"total", n}};
}

Result<json::object> ParkService::get(const Principal& who, std::int64_t id) {
    if (auto s = need_read(who); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (auto v = check_visible(**lease, who, id); !v) return v;
    auto o = summary_row(**lease, id);
    if (!o) return o;
    scope_summary(who, *o);
    return o;
}

Result<json::object> ParkService::rows(const Principal& who, std::int64_t id, const RowFilter& f,
                                       const PageRequest& pr) {
    if (auto s = need_read(who); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (auto v = check_visible(**lease, who, id); !v) return v;
    std::vector<db::Value> p = {id};
    std::string where = "evaluation_id = $1 AND " + enterprise_scope_condition(who.scope(), "city", "uscc", p);
    if (!f.city.empty()) where += " AND city = " + bind_param(p, f.city);
    if (!f.park_id.empty()) where += " AND park_id = " + bind_param(p, f.park_id);
    if (!f.grade.empty()) where += " AND grade = " + bind_param(p, f.grade);
    if (!f.q.empty()) {
        std::string like = "%";
        for (char ch : f.q) {
            if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
            like += ch;
        }
        like += "%";
        const std::string b = bind_param(p, like);
        where += " AND (name LIKE " + b + " ESCAPE '\\' OR uscc LIKE " + b + " ESCAPE '\\')";
    }
    auto total = (*lease)->query("SELECT COUNT(*) FROM park_eval_rows WHERE " + where, p);
    if (!total) return total.status();
    const std::int64_t size = std::clamp(pr.page_size, 1, 200), page = std::max(pr.page, 1);
    const std::string lim = " LIMIT " + std::to_string(size) + " OFFSET " + std::to_string((page - 1) * size);
    auto r =
        (*lease)->query(std::string("SELECT ") + kRowCols + " FROM park_eval_rows WHERE " + where +
                            " ORDER BY CASE WHEN state = 'rated' THEN 0 ELSE 1 END, population, rank_no, uscc" + lim,
                        p);
    if (!r) return r.status();
    json::array items;
    for (const db::Row& row : r->rows) items.push_back(row_json(row));
    return json::object{
        {"items", std::move(items)}, {"total", total->rows.at(0).i64(0)}, {"page", page}, {"page_size", size}};
}

Result<std::shared_ptr<const Loaded>> ParkService::loaded(std::int64_t id) {
    {
        std::lock_guard lock(cache_mu_);
        if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    }
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {id};
    auto r = (*lease)->query("SELECT scheme_id, year, snapshot FROM park_evaluations WHERE id = $1", p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"评价批次不存在", "no such evaluation"});
    auto l = std::make_shared<Loaded>();
    l->id = id;
    auto scheme = load_scheme(schemes_root_ / r->rows[0].str(0));
    if (!scheme) return scheme.status();
    l->scheme = std::move(*scheme);
    if (!snapshot_from(json::parse(r->rows[0].str(2)), l->scheme.columns.size(), l->inputs, l->parks))
        return Status::internal(
            {"评价快照无法读取（方案已修改？）", "the evaluation's snapshot does not fit its scheme"});
    l->ev = evaluate(l->scheme, l->inputs, l->parks, static_cast<int>(r->rows[0].i64(1)));
    index_rows(*l);
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= 4) cache_.erase(cache_.begin());
    cache_[id] = l;
    return std::shared_ptr<const Loaded>(l);
}

Result<json::object> ParkService::enterprise(const Principal& who, std::int64_t id, const std::string& uscc) {
    if (auto s = need_read(who); !s) return s;
    // The stored row in the reader's scope first (the connection goes back before the snapshot loads).
    auto stored = [&]() -> Result<json::object> {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (auto v = check_visible(**lease, who, id); !v) return v;
        std::vector<db::Value> p = {id, uscc};
        const std::string cond = enterprise_scope_condition(who.scope(), "city", "uscc", p);
        auto r = (*lease)->query(std::string("SELECT ") + kRowCols +
                                     " FROM park_eval_rows WHERE evaluation_id = $1 AND uscc = $2 AND " + cond,
                                 p);
        if (!r) return r.status();
        if (r->empty()) return Status::not_found({"该企业不在本次评价中（或不在您的范围内）", "no such row in scope"});
        json::object detail = json::parse(r->rows[0].str(10)).as_object();
        return json::object{{"row", row_json(r->rows[0])},
                            {"lines", detail["lines"]},
                            {"history", detail["history"]},
                            {"consequences", detail["consequences"]}};
    }();
    if (!stored) return stored;
    json::object out = std::move(*stored);
    auto l = loaded(id);
    if (!l) return l.status();
    json::array inv;
    if (auto it = (*l)->row_of.find(uscc); it != (*l)->row_of.end())
        for (const InverseAnswer& a : inverse((*l)->scheme, (*l)->ev, it->second)) {
            const Column& col = (*l)->scheme.columns[static_cast<std::size_t>((*l)->scheme.column(a.column))];
            inv.push_back({{"column", a.column},
                           {"label", col.label_zh},
                           {"direction", a.direction},
                           {"from", a.from ? json::value(format_fixed(*a.from, col.decimals)) : json::value(nullptr)},
                           {"to", a.to ? json::value(format_fixed(*a.to, col.decimals)) : json::value(nullptr)},
                           {"unit", col.unit_zh},
                           {"target_grade", a.target_grade},
                           {"text", {{"zh", a.text.zh}, {"en", a.text.en}}}});
        }
    out["inverse"] = std::move(inv);
    return out;
}

Result<json::object> ParkService::park_rows(const Principal& who, std::int64_t id) {
    if (auto s = need_read(who); !s) return s;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (auto v = check_visible(**lease, who, id); !v) return v;
    }
    auto l = loaded(id);
    if (!l) return l.status();
    const Loaded& x = **l;
    std::vector<std::size_t> order(x.ev.parks.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return x.ev.parks[a].scored.rank < x.ev.parks[b].scored.rank; });
    json::array items;
    for (std::size_t j : order) {
        const ParkRow& pr = x.ev.parks[j];
        const ParkInput& p = x.parks[pr.park];
        items.push_back({{"park_id", p.id},
                         {"name", p.name},
                         {"city", p.city},
                         {"level", p.level},
                         {"area_mu", format_fixed(p.area, 2)},
                         {"enterprises", pr.enterprises},
                         {"score", format_fixed(pr.scored.total, x.scheme.score_decimals)},
                         {"rank", pr.scored.rank},
                         {"grade", pr.scored.grade},
                         {"indicators", indicators_json(x.scheme, x.ev.park_entities[j], pr.scored)},
                         {"lines", lines_json(explain_park(x.scheme, x.ev, j))}});
    }
    json::array empty;
    for (std::size_t p : x.ev.empty_parks) empty.push_back({{"park_id", x.parks[p].id}, {"name", x.parks[p].name}});
    return json::object{{"items", std::move(items)}, {"not_rated", std::move(empty)}};
}

Result<json::object> ParkService::sensitivity(const Principal& who, std::int64_t id) {
    if (!who.can(perm::kParksReview)) return Status::forbidden({"无权查看", "not allowed"});
    auto l = loaded(id);
    if (!l) return l.status();
    const Loaded& x = **l;
    const Scope sc = who.scope();
    json::array items;
    for (const Flip& f : parks::sensitivity(x.scheme, x.ev)) {
        const EnterpriseInput& in = x.inputs[x.ev.rows[f.row].input];
        const std::string city(kCities[in.city]);
        if (sc.kind == Scope::Kind::kCity && city != sc.value) continue;
        if (sc.kind != Scope::Kind::kCity && sc.kind != Scope::Kind::kProvince) continue;
        const Column& col = x.scheme.columns[static_cast<std::size_t>(x.scheme.column(f.column))];
        items.push_back({{"uscc", in.uscc},
                         {"name", in.name},
                         {"city", city},
                         {"column", f.column},
                         {"label", col.label_zh},
                         {"direction", f.direction > 0 ? "+1%" : "-1%"},
                         {"grade_before", f.grade_before},
                         {"grade_after", f.grade_after}});
    }
    return json::object{{"items", std::move(items)}};
}

Result<json::object> ParkService::what_if(const Principal& who, std::int64_t id, const json::object& body) {
    if (!who.can(perm::kParksRun)) return Status::forbidden({"无权进行方案模拟", "not allowed"});
    auto l = loaded(id);
    if (!l) return l.status();
    const Loaded& x = **l;
    Scheme changed = x.scheme;
    if (const json::value* w = body.if_contains("weights")) {
        if (!w->is_object()) return Status::invalid({"weights：应为对象", "weights: expected an object"});
        for (const auto& [key, v] : w->as_object()) {
            const std::string k(key);
            auto it = std::find_if(changed.indicators.begin(), changed.indicators.end(),
                                   [&](const Indicator& i) { return i.id == k; });
            if (it == changed.indicators.end())
                return Status::invalid(
                    {"weights：未知指标“" + std::string(k) + "”", "weights: unknown indicator " + std::string(k)});
            const std::string t = v.is_string()  ? std::string(v.as_string())
                                  : v.is_int64() ? std::to_string(v.as_int64())
                                                 : "";
            const std::optional<Frac> f = t.size() < 12 ? parse_decimal(t) : std::nullopt;
            const bool ok = f.has_value();
            if (!ok)
                return Status::invalid({"weights." + std::string(k) + "：应为非负数字字符串",
                                        "weights." + std::string(k) + ": a non-negative decimal"});
            it->weight = *f;
        }
    }
    if (const json::value* s = body.if_contains("splits")) {
        if (!s->is_array() || s->as_array().empty())
            return Status::invalid({"splits：应为非空数组", "splits: a non-empty array"});
        changed.splits.clear();
        int last = 0;
        for (const json::value& g : s->as_array()) {
            if (!g.is_object() || !g.as_object().contains("grade") || !g.as_object().at("percent").is_int64())
                return Status::invalid(
                    {"splits：每项须有 grade 和整数 percent", "splits: grade and an integer percent"});
            const int pct = static_cast<int>(g.at("percent").as_int64());
            if (pct <= last || pct > 100)
                return Status::invalid({"splits：percent 须递增且不超过100", "splits: increasing percents up to 100"});
            last = pct;
            changed.splits.push_back({json::value_to<std::string>(g.at("grade")), pct});
        }
        if (last != 100) return Status::invalid({"splits：最后一档须为100", "splits: the last must be 100"});
    }
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<Scored> after = reweigh(changed, x.ev);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    json::object grades;
    json::array moved;
    std::int64_t n_changed = 0;
    for (std::size_t j = 0; j < after.size(); ++j) {
        grades[after[j].grade] = (grades.contains(after[j].grade) ? grades[after[j].grade].as_int64() : 0) + 1;
        const EnterpriseRow& row = x.ev.rows[x.ev.rated_rows[j]];
        if (after[j].grade == row.scored.grade) continue;
        ++n_changed;
        if (moved.size() >= 500) continue;
        const EnterpriseInput& in = x.inputs[row.input];
        moved.push_back({{"uscc", in.uscc},
                         {"name", in.name},
                         {"city", std::string(kCities[in.city])},
                         {"grade_before", row.scored.grade},
                         {"grade_after", after[j].grade},
                         {"score_before", format_fixed(row.scored.total, x.scheme.score_decimals)},
                         {"score_after", format_fixed(after[j].total, changed.score_decimals)}});
    }
    return json::object{{"grades", std::move(grades)},
                        {"changed", n_changed},
                        {"moved", std::move(moved)},
                        {"elapsed_ms", std::llround(ms)}};
}

Result<json::object> ParkService::mine(const Principal& who) {
    if (auto s = need_read(who); !s) return s;
    if (who.scope().kind != Scope::Kind::kEnterprise) return json::object{{"items", json::array()}};
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {who.scope().value};
    auto r = (*lease)->query(
        "SELECT e.id, e.year, e.scheme_id, e.scheme_name, r.score, r.rank_no, r.grade, r.population_size, r.state "
        "FROM park_eval_rows r JOIN park_evaluations e ON e.id = r.evaluation_id WHERE r.uscc = $1 AND e.status IN "
        "('publicized', 'effective') ORDER BY e.id DESC",
        p);
    if (!r) return r.status();
    json::array items;
    for (const db::Row& row : r->rows)
        items.push_back({{"evaluation_id", row.i64(0)},
                         {"year", row.i64(1)},
                         {"scheme", row.str(2)},
                         {"scheme_name", row.str(3)},
                         {"score", row.str(8) == "rated" ? json::value(row.str(4)) : json::value(nullptr)},
                         {"rank", row.is_null(5) ? json::value(nullptr) : json::value(row.i64(5))},
                         {"grade", row.str(6)},
                         {"population_size", row.i64(7)}});
    return json::object{{"items", std::move(items)}};
}

Result<json::object> ParkService::consequences(const Principal& who, std::int64_t id, const std::string& department) {
    if (!who.can(perm::kParksReview)) return Status::forbidden({"无权查看差别化措施清单", "not allowed"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (auto v = check_visible(**lease, who, id); !v) return v;
    std::vector<db::Value> p = {id};
    const std::string cond = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    auto r =
        (*lease)->query("SELECT uscc, name, city, grade, detail FROM park_eval_rows WHERE evaluation_id = $1 AND " +
                            cond + " ORDER BY uscc",
                        p);
    if (!r) return r.status();
    json::array items;
    std::string csv = "department,uscc,name,city,grade,consecutive_years,measure,amount,unit\n";
    for (const db::Row& row : r->rows) {
        const json::value detail = json::parse(row.str(4));
        for (const json::value& c : detail.at("consequences").as_array()) {
            const std::string dept = json::value_to<std::string>(c.at("department"));
            if (!department.empty() && dept != department) continue;
            items.push_back({{"department", dept},
                             {"uscc", row.str(0)},
                             {"name", row.str(1)},
                             {"city", row.str(2)},
                             {"grade", row.str(3)},
                             {"years", c.at("years")},
                             {"measure", c.at("measure")},
                             {"measure_en", c.at("measure_en")},
                             {"amount", c.at("amount")},
                             {"unit", c.at("unit")}});
            for (const std::string& f :
                 {dept, row.str(0), row.str(1), row.str(2), row.str(3), std::to_string(c.at("years").as_int64()),
                  json::value_to<std::string>(c.at("measure")), json::value_to<std::string>(c.at("amount")),
                  json::value_to<std::string>(c.at("unit"))}) {
                append_csv_field(csv, f);
                csv += ",";
            }
            csv.back() = '\n';
        }
    }
    std::sort(items.begin(), items.end(), [](const json::value& a, const json::value& b) {
        return std::tie(a.at("department").as_string(), a.at("uscc").as_string()) <
               std::tie(b.at("department").as_string(), b.at("uscc").as_string());
    });
    return json::object{{"items", std::move(items)}, {"csv", std::move(csv)}};
}

}  // namespace zx::parks
