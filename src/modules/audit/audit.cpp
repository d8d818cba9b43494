#include "modules/audit/audit.hpp"

#include "platform/formats/text_output.hpp"

#include <algorithm>
#include <mutex>

#include <ctime>
#include "core/clock.hpp"

#include "modules/audit/audit_seal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

constexpr std::string_view kKeyedPrefix = "hmac-sm3:";

std::mutex key_mu;
std::string& hmac_key() {
    static std::string key;
    return key;
}
std::string current_key() {
    std::lock_guard lock(key_mu);
    return hmac_key();
}

// The hash of an entry: HMAC-SM3 under `key` ("hmac-sm3:<hex>"), or SHA-256 for entries from before
// the key. Fields from `first_field` on, in column order, separated by a unit separator.
std::string chain_hash(const std::string& prev, const db::Row& r, std::size_t first_field, const std::string& key) {
    std::string data = prev;
    for (std::size_t i = first_field; i < r.size(); ++i) {
        data.push_back('\x1f');
        data += r.str(i);
    }
    if (key.empty()) return sha256_hex(data);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(kKeyedPrefix);
    for (unsigned char b : gm::hmac_sm3(key, data)) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out;
}

constexpr const char* kFields =
    "at, user_id, username, role, scope, action, object_type, object_id, before_json, after_json, ip, request_id, "
    "result";

}  // namespace

void set_audit_hmac_key(std::string key) {
    std::lock_guard lock(key_mu);
    hmac_key() = std::move(key);
}

Status append_audit(db::Connection& c, const Principal& who, const RequestContext& ctx, const AuditEntry& e) {
    if (c.dialect() == db::Dialect::kPostgres) {
        // Serialise appenders so that the chain has no forks (SQLite's BEGIN IMMEDIATE already does).
        if (auto r = c.exec("SELECT pg_advisory_xact_lock(7243001)"); !r) return r.status();
    }
    auto last = c.query("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!last) return last.status();
    const std::string prev = last->empty() ? std::string(64, '0') : last->rows[0].str(0);
    std::vector<db::Value> v = {
        unix_now(),
        who.user_id > 0 ? db::Value(who.user_id) : db::null(),
        who.username.empty() ? std::string("-") : who.username,
        std::string(role_code(who.role)),
        who.scope().describe(),
        e.action,
        e.object_type,
        e.object_id,
        e.before_json,
        e.after_json,
        ctx.ip,
        ctx.request_id,
        e.result,
    };
    const std::string hash = chain_hash(prev, db::Row(v), 0, current_key());
    v.push_back(prev);
    v.push_back(hash);
    auto r = c.exec(std::string("INSERT INTO audit_log (") + kFields +
                        ", prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                    v);
    return r ? Status::ok() : r.status();
}

namespace {

AuditRecord audit_from_row(const db::Row& r) {
    // id, kFields, hash
    AuditRecord a;
    a.id = r.i64(0);
    a.at = r.i64(1);
    a.user_id = db::opt_i64(r, 2);
    a.username = r.str(3);
    a.role = r.str(4);
    a.scope = r.str(5);
    a.action = r.str(6);
    a.object_type = r.str(7);
    a.object_id = r.str(8);
    a.before_json = r.str(9);
    a.after_json = r.str(10);
    a.ip = r.str(11);
    a.request_id = r.str(12);
    a.result = r.str(13);
    a.hash = r.str(14);
    return a;
}

}  // namespace

Result<std::vector<AuditRecord>> list_audit(db::Database& db, const AuditQuery& q) {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    constexpr int kMaxEntries = 1000;
    db::Query query(std::string("id, ") + kFields + ", hash", "audit_log");
    query.where("id > " + query.bind(q.after_id));
    if (!q.action_prefix.empty()) query.where("action LIKE " + query.bind(q.action_prefix + "%"));
    query.where_if("username", "=", q.username);
    query.order_by("id");
    return db::map_rows<AuditRecord>(query.first(**lease, std::clamp(q.limit, 1, kMaxEntries)), audit_from_row);
}

Result<std::int64_t> verify_audit_chain(db::Database& db) {
    auto r = verify_audit_chain_report(db);
    if (!r) return r.status();
    return r->first_broken_id;
}

Result<AuditChainReport> verify_audit_chain_report(db::Database& db) {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    const std::string key = current_key();
    AuditChainReport report;
    std::string prev(64, '0');
    std::int64_t after = 0;
    while (true) {
        const db::Value p[] = {after};
        auto rows = (*lease)->query(std::string("SELECT id, ") + kFields +
                                        ", prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT 5000",
                                    p);
        if (!rows) return rows.status();
        if (rows->empty()) return report;
        for (const db::Row& r : rows->rows) {
            const std::size_t n = r.size();
            const std::string stored = r.str(n - 1);
            const bool keyed = stored.rfind(kKeyedPrefix, 0) == 0;
            if (keyed && report.keyed_from_id == 0) report.keyed_from_id = r.i64(0);
            std::vector<db::Value> fields;
            for (std::size_t i = 1; i + 2 < n; ++i) fields.push_back(r.at(i));
            // After the first keyed entry every entry is keyed: an unkeyed one was written without the key.
            const bool downgrade = !keyed && report.keyed_from_id != 0;
            report.key_missing = keyed && key.empty();
            if (report.key_missing || downgrade || r.str(n - 2) != prev ||
                chain_hash(prev, db::Row(fields), 0, keyed ? key : std::string()) != stored) {
                report.first_broken_id = r.i64(0);
                return report;
            }
            prev = stored;
            after = r.i64(0);
            report.last_id = after;
        }
    }
}

Result<std::string> export_audit_csv(db::Database& db, const Principal& who, const RequestContext& ctx, AuditQuery q) {
    std::string csv =
        "id,at,user_id,username,role,scope,action,object_type,object_id,before,after,ip,request_id,result,hash\n";
    constexpr int kBatch = 1000;
    q.limit = kBatch;
    q.after_id = 0;
    while (true) {
        auto rows = list_audit(db, q);
        if (!rows) return rows.status();
        if (rows->empty()) break;
        for (const AuditRecord& a : *rows) {
            const std::string fields[] = {std::to_string(a.id),
                                          std::to_string(a.at),
                                          a.user_id ? std::to_string(*a.user_id) : std::string(),
                                          a.username,
                                          a.role,
                                          a.scope,
                                          a.action,
                                          a.object_type,
                                          a.object_id,
                                          a.before_json,
                                          a.after_json,
                                          a.ip,
                                          a.request_id,
                                          a.result,
                                          a.hash};
            for (std::size_t i = 0; i < std::size(fields); ++i) {
                if (i) csv += ",";
                append_csv_field(csv, fields[i]);
            }
            csv += "\n";
        }
        q.after_id = rows->back().id;
    }
    // The export itself is an audited event.
    if (auto s = db::in_transaction(db,
                                    [&](db::Connection& conn) {
                                        return append_audit(conn, who, ctx, {"audit.export", "audit_log", "", "", ""});
                                    });
        !s)
        return s;
    return "\xEF\xBB\xBF" + csv;
}

}  // namespace zx
