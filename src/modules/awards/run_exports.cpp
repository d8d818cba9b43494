// What leaves a run: the 公示 list (XLSX) and the CSV of its rows, an enterprise's explanation, and
// the award ledger (by enterprise, and across enterprises and runs for finance).
#include "core/clock.hpp"
#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/awards/award_writer.hpp"
#include "modules/awards/notice_xlsx.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/explain.hpp"
#include "modules/awards/run_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zx {
namespace {

std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

namespace {

AwardTable table_from_rows(const RunInfo& run, const Policy* pol, const std::vector<AwardRowRecord>& rows) {
    AwardTable t;
    t.policy_id = run.policy_id;
    t.policy_title = pol ? pol->title : run.policy_id;
    t.document = pol ? pol->document : "";
    t.generated_at = china_time_text(run.created_at);
    if (run.pending_months > 0)
        t.pending_note = "计算时尚有" + std::to_string(run.pending_enterprises) + "家企业" +
                         std::to_string(run.pending_months) + "个月产值未核定，未计入";
    t.budget_yuan = run.budget_yuan;
    for (const AwardRowRecord& r : rows) {
        AwardLine l;
        l.uscc = r.uscc;
        l.name = r.name;
        l.city = r.city;
        l.clause_id = r.clause;
        l.period = r.period;
        l.eligible = r.eligible;
        l.amount_yuan = r.amount_yuan;
        l.computed_yuan = r.computed_yuan;
        l.capped_yuan = r.capped_yuan;
        l.reason = r.reason;
        if (pol) {
            const int ci = pol->find_clause(l.clause_id);
            if (ci >= 0) l.clause_label = clause_label(pol->clauses[static_cast<std::size_t>(ci)]);
        }
        if (l.amount_yuan != l.capped_yuan) t.budget_scaled = true;
        t.total_yuan += l.amount_yuan;
        t.lines.push_back(std::move(l));
    }
    return t;
}

}  // namespace

Result<std::string> RunService::export_file(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                            const std::string& city, const std::string& format) {
    if (!who.can(perm::kRunExport))
        return Status::forbidden({"无权导出奖励计算结果", "not allowed to export award runs"});
    auto run = get(who, id);
    if (!run) return run.status();
    // A list headed with a city's name holds that city's rows: a name that is no city, or a city the
    // caller cannot see, is refused rather than answered with an empty official-looking list.
    if (!city.empty()) {
        const auto cid = find_city(city);
        if (!cid || kCities[*cid] != city)
            return Status::invalid({"city：“" + city + "”不是设区市名称（如 南宁市）",
                                    "city: \"" + city + "\" is not a city (e.g. 南宁市)"});
        const Scope sc = who.scope();
        if (sc.kind == Scope::Kind::kCity && sc.value != city)
            return Status::forbidden({"只能导出本市的公示名单", "a city exports its own list only"});
    }
    RowFilter f;
    f.city = city;
    std::vector<AwardRowRecord> all;  // every row of the caller's scope, page by page
    for (int p = 1;; ++p) {
        auto page = rows(who, id, f, PageRequest{p, kMaxPageSize});
        if (!page) return page.status();
        if (page->items.empty()) break;
        for (auto& r : page->items) all.push_back(std::move(r));
        if (static_cast<std::int64_t>(all.size()) >= page->total) break;
    }
    auto pol = policy(run->policy_id);
    const AwardTable table = table_from_rows(*run, pol ? &*pol : nullptr, all);
    // The writers write files (atomically); the API answers with the bytes.
    const auto tmp = std::filesystem::temp_directory_path() / ("zx-export-" + random_token(9) + "." + format);
    Status st = format == "csv" ? write_awards_csv(tmp, table, true)
                : city.empty()  ? write_award_notice_xlsx(tmp, table)
                                : write_award_notice_xlsx_for_city(tmp, table, city);
    std::string bytes = st ? read_bytes(tmp) : std::string();
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    if (!st) return st;
    Status a = db::in_transaction(db_, [&](db::Connection& c) {
        return append_audit(c, who, ctx,
                            {"run.export", "run", std::to_string(id), "",
                             "{\"format\":" + json_quote(format) + ",\"city\":" + json_quote(city) + "}"});
    });
    if (!a) return a;
    return bytes;
}

Result<std::string> RunService::export_xlsx(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                            const std::string& city) {
    return export_file(who, ctx, id, city, "xlsx");
}

Result<std::string> RunService::export_csv(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                           const std::string& city) {
    return export_file(who, ctx, id, city, "csv");
}

// An enterprise with no row in a run (outside every target group): the full trace says why, from the
// verified data as it stands now (the run's snapshot is not kept, only its hash), so the answer says
// whether that is still the data the run was computed from.
Result<std::string> RunService::trace_json(const Principal& who, const RunInfo& run, const Policy* pol,
                                           const std::string& uscc) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Connection& c = **lease;
    std::vector<db::Value> p = {uscc};
    const std::string cond = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    auto e = c.query("SELECT name FROM enterprises WHERE uscc = $1 AND " + cond, p);
    if (!e) return e.status();
    if (e->empty() || !pol) return Status::not_found({"企业不存在", "no such enterprise"});
    auto snap = snapshot(c, pol->months_needed(), uscc);
    if (!snap) return snap.status();
    auto cur = currency_of(c, run);
    if (!cur) return cur.status();
    const Dataset& ds = snap->first;
    const auto ent = ds.find(uscc);
    if (!ent) return Status::not_found({"企业不存在", "no such enterprise"});
    EvaluateOptions eo;
    eo.threads = 1;
    const Evaluation ev = evaluate(*pol, ds, eo);
    const std::string note =
        cur->stale ? "该企业不在本批次结果中。以下按当前已核定数据逐条说明；本批次计算后数据已有变化。"
                   : "该企业不在本批次结果中（不属于任何条款的奖励对象）。以下按本批次所依据的已核定数据逐条说明。";
    return "{\"run\":" + std::to_string(run.id) + ",\"policy\":" + json_quote(run.policy_id) +
           ",\"uscc\":" + json_quote(uscc) + ",\"name\":" + json_quote(e->rows[0].str(0)) +
           ",\"clauses\":[],\"in_run\":false,\"data_current\":" + (cur->stale ? "false" : "true") +
           ",\"note\":" + json_quote(note) + ",\"trace\":" + json_quote(explain_enterprise_zh(*pol, ds, ev, *ent)) +
           "}";
}

Result<std::string> RunService::explain_json(const Principal& who, std::int64_t id, const std::string& uscc) {
    auto run = get(who, id);
    if (!run) return run.status();
    RowFilter f;
    f.uscc = uscc;
    auto page = rows(who, id, f, PageRequest{1, kMaxPageSize});
    if (!page) return page.status();
    auto pol = policy(run->policy_id);
    if (page->items.empty()) return trace_json(who, *run, pol ? &*pol : nullptr, uscc);
    std::string o = "{\"run\":" + std::to_string(id) + ",\"policy\":" + json_quote(run->policy_id) +
                    ",\"uscc\":" + json_quote(uscc) + ",\"name\":" + json_quote(page->items[0].name) +
                    ",\"in_run\":true,\"clauses\":[";
    std::string last;
    bool first_clause = true;
    for (const AwardRowRecord& r : page->items) {
        if (r.clause != last) {
            if (!last.empty()) o += "]}";
            last = r.clause;
            o += first_clause ? "" : ",";
            first_clause = false;
            std::string title, text, units;
            if (pol) {
                const int ci = pol->find_clause(last);
                if (ci >= 0) {
                    const Clause& c = pol->clauses[static_cast<std::size_t>(ci)];
                    title = clause_label(c);
                    text = c.text;
                    for (const auto& u : c.responsible_units) units += (units.empty() ? "" : "、") + u;
                }
            }
            o += "{\"clause\":" + json_quote(last) + ",\"title\":" + json_quote(title) +
                 ",\"text\":" + json_quote(text) + ",\"responsible_units\":" + json_quote(units) + ",\"periods\":[";
        } else {
            o += ",";
        }
        o += "{\"period\":" + json_quote(r.period) + ",\"eligible\":" + (r.eligible ? "true" : "false") +
             ",\"amount_yuan\":" + std::to_string(r.amount_yuan) +
             ",\"computed_yuan\":" + std::to_string(r.computed_yuan) +
             ",\"capped_yuan\":" + std::to_string(r.capped_yuan) + ",\"reason\":" + json_quote(r.reason) + "}";
    }
    if (!last.empty()) o += "]}";
    o += "]}";
    return o;
}

}  // namespace zx
