// 核定 (verification) of output months, one enterprise or in bulk, progress per city, and revisions of
// verified months with a reason.
#include "modules/enterprise_data/data_service.hpp"

#include "modules/enterprise_data/permissions.hpp"

#include "core/calendar.hpp"
#include "core/json_text.hpp"
#include "core/money.hpp"
#include "core/utf8.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

constexpr std::size_t kMinRevisionReasonChars = 4;

// A reason as the audit log keeps it: without surrounding white space (ASCII or Unicode), at least
// `min_chars` characters (code points, not bytes: two Chinese characters are two).
Result<std::string> reason_of(const std::string& raw, std::size_t min_chars, const Text& missing) {
    const std::string_view r = trim_space(raw);
    if (!is_valid_utf8(r) || utf8_length(r) < min_chars) return Status::invalid(missing);
    return std::string(r);
}

CityProgress progress_from_row(const db::Row& r) {
    return {r.str(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4)};
}

}  // namespace

Result<std::int64_t> DataService::verify(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                         const std::vector<std::string>& months, bool approve,
                                         const std::string& raw_reason) {
    if (!who.can(perm::kOutputVerify))
        return Status::forbidden({"只有设区市可以核定本市企业产值", "only the city verifies its enterprises"});
    auto trimmed = reason_of(raw_reason, approve ? 0 : 1, {"退回须说明理由", "a rejection needs a reason"});
    if (!trimmed) return trimmed.status();
    const std::string& reason = *trimmed;
    if (months.empty() || months.size() > 120)
        return Status::invalid({"months：须为1至120个月", "months: 1 to 120 months"});
    for (const auto& m : months)
        if (!parse_year_month(m))
            return Status::invalid({"months：“" + m + "”不是 YYYY-MM 格式", "months: \"" + m + "\" is not YYYY-MM"});
    std::int64_t changed = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        if (auto s = bump_data_version(c); !s) return s;
        std::vector<db::Value> p = {uscc};
        const std::string cond = enterprise_scope_condition(who.scope(), "city", "uscc", p);
        auto e = c.query("SELECT uscc FROM enterprises WHERE uscc = $1 AND " + cond, p);
        if (!e) return e.status();
        if (e->empty()) return Status::not_found({"企业不存在", "no such enterprise"});
        std::string before = "{";
        for (const auto& m : months) {
            const db::Value q[] = {uscc, m};
            auto cur = c.query("SELECT status, output_fen FROM output WHERE uscc = $1 AND month = $2", q);
            if (!cur) return cur.status();
            if (cur->empty()) return Status::not_found({m + "：无该月产值", m + ": no output for this month"});
            if (cur->rows[0].str(0) == "verified") return Status::conflict({m + "：已核定", m + ": already verified"});
            before += (before.size() > 1 ? "," : "") + json_quote(m) + ":" + json_quote(cur->rows[0].str(0));
            const db::Value u[] = {uscc,
                                   m,
                                   std::string(approve ? "verified" : "rejected"),
                                   who.user_id,
                                   clock_.now(),
                                   approve ? db::null() : db::Value(reason)};
            auto r = c.exec(
                "UPDATE output SET status = $3, verified_by = $4, verified_at = $5, reject_reason = $6, updated_at = "
                "$5 "
                "WHERE uscc = $1 AND month = $2",
                u);
            if (!r) return r.status();
            changed += *r;
        }
        before += "}";
        std::string after = "{\"status\":\"" + std::string(approve ? "verified" : "rejected") + "\",\"months\":[";
        for (std::size_t i = 0; i < months.size(); ++i) after += (i ? "," : "") + json_quote(months[i]);
        after += "]" + (reason.empty() ? std::string() : ",\"reason\":" + json_quote(reason)) + "}";
        return append_audit(c, who, ctx, {approve ? "output.verify" : "output.reject", "output", uscc, before, after});
    });
    if (!st) return st;
    return changed;
}

Result<std::vector<CityProgress>> DataService::progress(const Principal& who) {
    if (!who.can(perm::kProgressRead))
        return Status::forbidden({"无权查看核定进度", "not allowed to read verification progress"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p;
    const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "e.uscc", p);
    return db::map_rows<CityProgress>(
        (*lease)->query(
            "SELECT e.city, COUNT(DISTINCT e.uscc), "
            "SUM(CASE WHEN o.status = 'pending' THEN 1 ELSE 0 END), SUM(CASE WHEN o.status = 'verified' THEN 1 ELSE 0 "
            "END), "
            "SUM(CASE WHEN o.status = 'rejected' THEN 1 ELSE 0 END) "
            "FROM enterprises e LEFT JOIN output o ON o.uscc = e.uscc WHERE " +
                cond + " GROUP BY e.city ORDER BY e.city",
            p),
        progress_from_row);
}

Status DataService::revise(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                           const std::string& month, std::int64_t new_fen, const std::string& raw_reason) {
    if (!who.can(perm::kOutputRevise))
        return Status::forbidden({"只有设区市可以修订本市企业产值", "only the city revises"});
    auto trimmed = reason_of(raw_reason, kMinRevisionReasonChars,
                             {"修订须说明理由（去除空白后至少4个字）",
                              "a revision needs a reason of at least 4 characters (white space not counted)"});
    if (!trimmed) return trimmed.status();
    const std::string& reason = *trimmed;
    if (new_fen < 0) return Status::invalid({"产值不能为负数", "output must not be negative"});
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        if (auto s = bump_data_version(c); !s) return s;
        std::vector<db::Value> p = {uscc, month};
        const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "e.uscc", p);
        auto cur = c.query(
            "SELECT o.output_fen, o.status, o.revision FROM output o JOIN enterprises e ON e.uscc = o.uscc "
            "WHERE o.uscc = $1 AND o.month = $2 AND " +
                cond,
            p);
        if (!cur) return cur.status();
        if (cur->empty()) return Status::not_found({"无该月产值", "no output for this month"});
        if (cur->rows[0].str(1) != "verified")
            return Status::conflict(
                {"只有已核定的产值需要修订；未核定的请重新上传", "only verified months are revised"});
        const std::int64_t old_fen = cur->rows[0].i64(0);
        const db::Value u[] = {uscc, month, new_fen, who.user_id, clock_.now()};
        auto r = c.exec(
            "UPDATE output SET output_fen = $3, revision = revision + 1, verified_by = $4, verified_at = $5, "
            "updated_at = $5 WHERE uscc = $1 AND month = $2",
            u);
        if (!r) return r.status();
        return append_audit(
            c, who, ctx,
            {"output.revise", "output", uscc + "/" + month,
             "{\"output_yuan\":\"" + format_yuan(old_fen) + "\",\"revision\":" + cur->rows[0].str(2) + "}",
             "{\"output_yuan\":\"" + format_yuan(new_fen) + "\",\"reason\":" + json_quote(reason) + "}"});
    });
}

}  // namespace zx
