// The append-only audit log: every change and every award decision, who, when, what, before and
// after. Entries are hash-chained (each hash covers the previous one), so a row edited or removed
// behind the application's back breaks verify_audit_chain. The database refuses UPDATE and DELETE.
// With a key set (audit_seal.hpp) the chain is HMAC-SM3, which nobody without the key file recomputes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct AuditEntry {
    std::string action;       // "run.create", "output.verify", "auth.login", ...
    std::string object_type;  // "run", "output", "user", ...
    std::string object_id;
    std::string before_json;
    std::string after_json;
    std::string result = "ok";  // "ok", "denied", "failed"
};

// Appends inside the caller's transaction (so the change and its record commit together).
Status append_audit(db::Connection& c, const Principal& who, const RequestContext& ctx, const AuditEntry& e);

struct AuditQuery {
    std::int64_t after_id = 0;  // page by id
    int limit = 100;
    std::string action_prefix;
    std::string username;
};
// A recorded entry as the audit administrator reads it.
struct AuditRecord {
    std::int64_t id = 0, at = 0;
    std::optional<std::int64_t> user_id;  // none for the operator and for failed logins
    std::string username, role, scope, action, object_type, object_id, before_json, after_json, ip, request_id, result,
        hash;
};
Result<std::vector<AuditRecord>> list_audit(db::Database& db, const AuditQuery& q);
// The whole log matching `q` (ignoring its paging) as CSV with a UTF-8 BOM, in id order; the export
// is itself recorded, by `who`, in the same log.
Result<std::string> export_audit_csv(db::Database& db, const Principal& who, const RequestContext& ctx, AuditQuery q);
// Recomputes the chain; returns the id of the first broken entry, or 0 when intact.
Result<std::int64_t> verify_audit_chain(db::Database& db);
struct AuditChainReport {
    std::int64_t first_broken_id = 0;  // 0: intact
    std::int64_t keyed_from_id = 0;    // the first HMAC-SM3 entry (audit_seal.hpp); 0: none
    std::int64_t last_id = 0;          // the last entry verified
    bool key_missing = false;          // keyed entries, but no key set: they cannot be verified
};
Result<AuditChainReport> verify_audit_chain_report(db::Database& db);

}  // namespace zx
