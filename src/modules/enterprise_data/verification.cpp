// 核定 (verification) of output months, one enterprise or in bulk, progress per city, and revisions of
// verified months with a reason.
#include "modules/enterprise_data/data_service.hpp"

#include "modules/enterprise_data/permissions.hpp"

#include <algorithm>

#include "core/calendar.hpp"
#include "core/json_text.hpp"
#include "core/money.hpp"
#include "core/region.hpp"
#include "core/utf8.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "platform/storage/query.hpp"
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

namespace {

constexpr std::size_t kMaxBulkItems = 10000;
constexpr std::size_t kMaxBulkUsccs = 1000;

// The pending months of a bulk request in the caller's scope, ordered by USCC and month; an explicit
// item outside the scope is NotFound, one that is not pending a Conflict.
Result<std::vector<std::pair<std::string, std::string>>> bulk_targets(db::Connection& c, const Principal& who,
                                                                      const BulkVerifyRequest& r) {
    std::vector<std::pair<std::string, std::string>> out;
    if (r.by_filter) {
        db::Query q("o.uscc, o.month", "output o JOIN enterprises e ON e.uscc = o.uscc");
        q.where(enterprise_scope_condition(who.scope(), "e.city", "e.uscc", q.params()));
        q.where("o.status = 'pending'");
        q.where_if("e.city", "=", r.city);
        q.where_if("o.month", ">=", r.month_from);
        q.where_if("o.month", "<=", r.month_to);
        if (!r.usccs.empty()) {
            std::string in;
            for (const std::string& u : r.usccs) in += (in.empty() ? "" : ", ") + q.bind(u);
            q.where("o.uscc IN (" + in + ")");
        }
        q.order_by("o.uscc, o.month");
        auto rows = q.first(c, static_cast<int>(kMaxBulkItems) + 1);
        if (!rows) return rows.status();
        if (rows->rows.size() > kMaxBulkItems)
            return Status::invalid({"条件匹配的待核定月份超过10000个，请缩小范围",
                                    "more than 10000 pending months match; narrow the filter"});
        for (const db::Row& row : rows->rows) out.emplace_back(row.str(0), row.str(1));
        return out;
    }
    for (const auto& [uscc, month] : r.items) {
        std::vector<db::Value> p = {uscc, month};
        const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "e.uscc", p);
        auto cur = c.query(
            "SELECT o.status FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE o.uscc = $1 AND o.month = $2 "
            "AND " +
                cond,
            p);
        if (!cur) return cur.status();
        if (cur->empty())
            return Status::not_found(
                {uscc + " " + month + "：无该月产值", uscc + " " + month + ": no output for this month"});
        if (cur->rows[0].str(0) != "pending")
            return Status::conflict({uscc + " " + month + "：不是待核定状态（" + cur->rows[0].str(0) + "）",
                                     uscc + " " + month + ": not pending (" + cur->rows[0].str(0) + ")"});
        out.emplace_back(uscc, month);
    }
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end())
        return Status::invalid({"items：含重复的企业月份", "items: a (uscc, month) appears twice"});
    return out;
}

Status check_bulk_request(const BulkVerifyRequest& r) {
    if (r.by_filter) {
        if (auto s = check_filter("city", r.city, kCities); !s) return s;
        if (auto s = check_month_filter("month_from", r.month_from); !s) return s;
        if (auto s = check_month_filter("month_to", r.month_to); !s) return s;
        if (r.usccs.size() > kMaxBulkUsccs) return Status::invalid({"usccs：最多1000个", "usccs: at most 1000"});
        for (const std::string& u : r.usccs)
            if (auto s = check_uscc_filter("usccs", u); !s) return s;
        return Status::ok();
    }
    if (r.items.empty() || r.items.size() > kMaxBulkItems)
        return Status::invalid({"items：须为1至10000个企业月份", "items: 1 to 10000 (uscc, month) pairs"});
    for (const auto& [uscc, month] : r.items) {
        if (auto s = check_uscc_filter("items.uscc", uscc); !s) return s;
        if (month.empty()) return Status::invalid({"items.month：须为 YYYY-MM", "items.month: YYYY-MM"});
        if (auto s = check_month_filter("items.month", month); !s) return s;
    }
    return Status::ok();
}

}  // namespace

Result<BulkVerifyResult> DataService::verify_bulk(const Principal& who, const RequestContext& ctx,
                                                  const BulkVerifyRequest& r) {
    if (!who.can(perm::kOutputVerify))
        return Status::forbidden({"只有设区市可以核定本市企业产值", "only the city verifies its enterprises"});
    if (auto s = check_bulk_request(r); !s) return s;
    auto trimmed = reason_of(r.reason, r.approve ? 0 : 1, {"退回须说明理由", "a rejection needs a reason"});
    if (!trimmed) return trimmed.status();
    const std::string& reason = *trimmed;
    BulkVerifyResult result;
    if (!r.expected_count) {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        auto targets = bulk_targets(**lease, who, r);
        if (!targets) return targets.status();
        result.count = static_cast<std::int64_t>(targets->size());
        result.dry_run = true;
        return result;
    }
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto targets = bulk_targets(c, who, r);
        if (!targets) return targets.status();
        result.count = static_cast<std::int64_t>(targets->size());
        if (result.count != *r.expected_count)
            return Status::conflict({"待核定月数为" + std::to_string(result.count) + "，与确认的" +
                                         std::to_string(*r.expected_count) + "不符，未做任何修改，请重新确认",
                                     "the request takes " + std::to_string(result.count) + " pending months, not the " +
                                         std::to_string(*r.expected_count) + " confirmed; nothing was changed"});
        if (result.count == 0) return Status::ok();
        if (auto s = bump_data_version(c); !s) return s;
        std::vector<std::vector<db::Value>> rows;
        rows.reserve(targets->size());
        for (const auto& [u, m] : *targets) rows.push_back({u, m});
        if (auto s = c.exec_script("CREATE TEMP TABLE IF NOT EXISTS stage_verify (uscc TEXT, month TEXT)"); !s)
            return s;
        if (auto d = c.exec("DELETE FROM stage_verify"); !d) return d.status();
        const std::string cols[] = {"uscc", "month"};
        if (auto s = c.bulk_insert("stage_verify", cols, rows); !s) return s;
        const db::Value u[] = {std::string(r.approve ? "verified" : "rejected"), who.user_id, clock_.now(),
                               r.approve ? db::null() : db::Value(reason)};
        auto changed = c.exec(
            "UPDATE output SET status = $1, verified_by = $2, verified_at = $3, reject_reason = $4, updated_at = $3 "
            "WHERE status = 'pending' AND EXISTS (SELECT 1 FROM stage_verify s WHERE s.uscc = output.uscc AND "
            "s.month = output.month)",
            u);
        if (!changed) return changed.status();
        if (*changed != result.count)
            return Status::conflict(
                {"核定期间数据已变化，未做任何修改，请重试", "the data changed meanwhile; nothing was changed"});
        result.changed = *changed;
        // One entry for the whole request: the months by enterprise (bounded by kMaxBulkItems or the
        // scope's pending months), the filter, the count.
        std::string months = "{";
        for (std::size_t i = 0; i < targets->size(); ++i) {
            const bool first_of_uscc = i == 0 || (*targets)[i - 1].first != (*targets)[i].first;
            if (first_of_uscc)
                months += std::string(i ? "]," : "") + json_quote((*targets)[i].first) + ":[";
            else
                months += ",";
            months += json_quote((*targets)[i].second);
        }
        months += targets->empty() ? "}" : "]}";
        std::string after = "{\"status\":\"" + std::string(r.approve ? "verified" : "rejected") +
                            "\",\"count\":" + std::to_string(result.count);
        if (r.by_filter)
            after += ",\"filter\":{\"city\":" + json_quote(r.city) + ",\"month_from\":" + json_quote(r.month_from) +
                     ",\"month_to\":" + json_quote(r.month_to) + ",\"usccs\":" + std::to_string(r.usccs.size()) + "}";
        if (!reason.empty()) after += ",\"reason\":" + json_quote(reason);
        after += ",\"months\":" + months + "}";
        return append_audit(c, who, ctx,
                            {r.approve ? "output.verify_bulk" : "output.reject_bulk", "output", "bulk",
                             "{\"status\":\"pending\"}", after});
    });
    if (!st) return st;
    return result;
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
