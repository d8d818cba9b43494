// The award ledger: append-only entries of what disbursed runs paid (award), paid on top (补发) or
// took back (追回). Read per enterprise, and across enterprises and runs for finance (filtered,
// paged, exported as CSV or XLSX).
#include "core/clock.hpp"
#include "core/json_text.hpp"
#include "core/money.hpp"
#include "core/region.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/awards/run_service.hpp"
#include "platform/formats/table_xlsx.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

// The ledger is append-only: entries written before its kinds became codes keep their Chinese words,
// read here as the codes (补发 = supplement, 追回 = clawback).
constexpr const char* kLedgerKindCode =
    "CASE l.kind WHEN '补发' THEN 'supplement' WHEN '追回' THEN 'clawback' ELSE l.kind END";

LedgerEntry ledger_from_row(const db::Row& r) {
    // id, run_id, clause, period, kind, amount_yuan, at, note, uscc, name, city
    return {r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.i64(5),
            r.i64(6), r.str(7), r.str(8), r.str(9), r.str(10)};
}

std::string ledger_cols() {
    return std::string("l.id, l.run_id, l.clause, l.period, ") + kLedgerKindCode +
           ", l.amount_yuan, l.at, l.note, l.uscc, COALESCE(e.name, ''), COALESCE(e.city, '')";
}

const char* kind_zh(const std::string& k) {
    return k == "award" ? "奖励" : k == "supplement" ? "补发" : k == "clawback" ? "追回" : "";
}

Status check_filter(const LedgerFilter& f) {
    if (!f.city.empty() && (!find_city(f.city) || kCities[*find_city(f.city)] != f.city))
        return Status::invalid({"city：“" + f.city + "”不是设区市名称（如 南宁市）",
                                "city: \"" + f.city + "\" is not a city (e.g. 南宁市)"});
    if (!f.kind.empty() && f.kind != "award" && f.kind != "supplement" && f.kind != "clawback")
        return Status::invalid({"kind：须为 award、supplement 或 clawback", "kind: award | supplement | clawback"});
    return Status::ok();
}

// The query of a filter within the caller's scope (a city: its enterprises; an enterprise: itself).
db::Query ledger_query(const Principal& who, const LedgerFilter& f) {
    db::Query q(ledger_cols(), "ledger l LEFT JOIN enterprises e ON e.uscc = l.uscc JOIN runs r ON r.id = l.run_id");
    q.where(enterprise_scope_condition(who.scope(), "e.city", "l.uscc", q.params()));
    if (f.run_id) q.where("l.run_id = " + q.bind(*f.run_id));
    q.where_if("e.city", "=", f.city);
    q.where_if("l.uscc", "=", f.uscc);
    q.where_if("l.clause", "=", f.clause);
    q.where_if("r.policy_id", "=", f.policy_id);
    if (!f.kind.empty()) q.where(std::string(kLedgerKindCode) + " = " + q.bind(f.kind));
    q.order_by("l.id");
    return q;
}

std::string ledger_csv(const std::vector<LedgerEntry>& rows) {
    std::string o = "id,run_id,uscc,name,city,clause,period,kind,amount_yuan,at,note\n";
    for (const LedgerEntry& l : rows) {
        o += std::to_string(l.id) + "," + std::to_string(l.run_id) + ",";
        for (const std::string* v : {&l.uscc, &l.name, &l.city, &l.clause, &l.period, &l.kind}) {
            append_csv_field(o, *v);
            o += ",";
        }
        o += std::to_string(l.amount_yuan) + "," + local_iso_time(l.at) + ",";
        append_csv_field(o, l.note);
        o += "\n";
    }
    return o;
}

Result<std::string> ledger_xlsx(const std::vector<LedgerEntry>& rows) {
    XlsxTable t{"奖励台账",
                {"序号", "批次", "统一社会信用代码", "企业名称", "设区市", "条款", "期间", "类型", "金额（元）",
                 "记账时间", "备注"},
                {},
                {0, 0, 24, 24, 0, 0, 0, 0, 18, 18},
                {"", "", "", "", "", "", "", "", "#,##0"}};
    // Whole yuan well inside 2^53: the spreadsheet's double holds them exactly.
    for (const LedgerEntry& l : rows)
        t.rows.push_back({l.id, l.run_id, l.uscc, l.name, l.city, l.clause, l.period, std::string(kind_zh(l.kind)),
                          l.amount_yuan, china_time_text(l.at), l.note});
    auto bytes = table_xlsx(t);
    if (!bytes) return Status::io_error({"无法生成台账文件", "cannot write the ledger workbook"});
    return bytes;
}

}  // namespace

Result<std::vector<LedgerEntry>> RunService::ledger(const Principal& who, const std::string& uscc) {
    if (!who.can(perm::kLedgerRead))
        return Status::forbidden({"无权查看奖励台账", "not allowed to read the award ledger"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {uscc};
    const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "e.uscc", p);
    auto e = (*lease)->query("SELECT 1 FROM enterprises e WHERE e.uscc = $1 AND " + cond, p);
    if (!e) return e.status();
    if (e->empty()) return Status::not_found({"企业不存在", "no such enterprise"});
    const db::Value q[] = {uscc};
    return db::map_rows<LedgerEntry>(
        (*lease)->query("SELECT " + ledger_cols() +
                            " FROM ledger l LEFT JOIN enterprises e ON e.uscc = l.uscc WHERE l.uscc = $1 ORDER BY l.id",
                        q),
        ledger_from_row);
}

Result<Page<LedgerEntry>> RunService::ledger_page(const Principal& who, const LedgerFilter& f, const PageRequest& pr) {
    if (!who.can(perm::kLedgerRead))
        return Status::forbidden({"无权查看奖励台账", "not allowed to read the award ledger"});
    if (auto s = check_filter(f); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (f.run_id)
        if (auto s = check_visible(**lease, who, *f.run_id); !s) return s;
    db::Query q = ledger_query(who, f);
    auto count = q.count(**lease);
    if (!count) return count.status();
    auto rows = db::map_rows<LedgerEntry>(q.rows(**lease, pr), ledger_from_row);
    if (!rows) return rows.status();
    Page<LedgerEntry> page;
    page.total = *count;
    page.items = std::move(rows).value();
    return page;
}

Result<std::string> RunService::export_ledger(const Principal& who, const RequestContext& ctx, const LedgerFilter& f,
                                              const std::string& format) {
    if (!who.can(perm::kLedgerRead))
        return Status::forbidden({"无权查看奖励台账", "not allowed to read the award ledger"});
    if (format != "csv" && format != "xlsx") return Status::invalid({"format：须为 csv 或 xlsx", "format: csv | xlsx"});
    if (auto s = check_filter(f); !s) return s;
    std::vector<LedgerEntry> all;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (f.run_id)
            if (auto s = check_visible(**lease, who, *f.run_id); !s) return s;
        constexpr int kMaxExportRows = 2'000'000;
        auto rows = db::map_rows<LedgerEntry>(ledger_query(who, f).first(**lease, kMaxExportRows), ledger_from_row);
        if (!rows) return rows.status();
        all = std::move(rows).value();
    }
    auto bytes = format == "csv" ? Result<std::string>(ledger_csv(all)) : ledger_xlsx(all);
    if (!bytes) return bytes;
    Status a = db::in_transaction(db_, [&](db::Connection& c) {
        return append_audit(c, who, ctx,
                            {"ledger.export", "ledger", f.run_id ? std::to_string(*f.run_id) : "", "",
                             "{\"format\":" + json_quote(format) + ",\"rows\":" + std::to_string(all.size()) +
                                 ",\"city\":" + json_quote(f.city) + ",\"uscc\":" + json_quote(f.uscc) + "}"});
    });
    if (!a) return a;
    return bytes;
}

}  // namespace zx
