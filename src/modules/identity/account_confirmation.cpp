#include "modules/identity/account_confirmation.hpp"

#include "modules/audit/audit.hpp"

namespace zx {

bool needs_confirmation(const Principal& by, Role target) {
    const bool operator_on_server = by.role == Role::kNone && by.user_id == 0;
    const bool administrator =
        target == Role::kSystemAdmin || target == Role::kSecurityAdmin || target == Role::kAuditAdmin;
    return !operator_on_server && !administrator;
}

Status request_confirmation(db::Connection& c, std::int64_t user_id, std::string_view action, const Principal& by,
                            const RequestContext& ctx, const std::string& pending_hash) {
    const db::Value id[] = {user_id};
    auto r = c.query("SELECT pending_action FROM users WHERE id = $1", id);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"用户不存在", "no such user"});
    const std::string pending = r->rows[0].str(0);
    if (!pending.empty() && pending != action)
        return Status::conflict({"该账号已有待安全管理员确认的变更（" + pending + "）",
                                 "the account has a change waiting for a security administrator (" + pending + ")"});
    const db::Value p[] = {user_id, std::string(action), by.user_id, pending_hash};
    if (auto u = c.exec("UPDATE users SET pending_action = $2, pending_by = $3, pending_hash = $4 WHERE id = $1", p);
        !u)
        return u.status();
    return append_audit(c, by, ctx,
                        {"user.request_" + std::string(action), "user", std::to_string(user_id), "",
                         "{\"pending_confirmation\":\"" + std::string(action) + "\"}", "pending"});
}

Status confirm_pending(db::Connection& c, std::int64_t user_id, const Principal& who, const RequestContext& ctx,
                       std::int64_t now) {
    const db::Value id[] = {user_id};
    auto r = c.query("SELECT pending_action, pending_by, pending_hash FROM users WHERE id = $1", id);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"用户不存在", "no such user"});
    const std::string action = r->rows[0].str(0);
    if (action.empty()) return Status::conflict({"该账号没有待确认的变更", "the account has no change to confirm"});
    if (r->rows[0].i64(1) == who.user_id)
        return Status::forbidden({"双人原则：确认人不能是申请人", "two-person rule: the requester cannot confirm"});
    if (action == kPendingEnable) {
        if (auto u = c.exec("UPDATE users SET disabled = 0 WHERE id = $1", id); !u) return u.status();
    } else if (action == kPendingReset) {
        const db::Value p[] = {user_id, r->rows[0].str(2), now};
        if (auto u = c.exec("UPDATE users SET password_hash = $2, must_change_password = 1, password_changed_at = $3, "
                            "failed_logins = 0, locked_until = 0 WHERE id = $1",
                            p);
            !u)
            return u.status();
        if (auto d = c.exec("DELETE FROM sessions WHERE user_id = $1", id); !d) return d.status();
    }
    if (auto u = c.exec("UPDATE users SET pending_action = '', pending_by = 0, pending_hash = '' WHERE id = $1", id);
        !u)
        return u.status();
    return append_audit(c, who, ctx,
                        {"user.confirm", "user", std::to_string(user_id),
                         "{\"pending_confirmation\":\"" + action + "\"}", "{\"pending_confirmation\":\"\"}"});
}

}  // namespace zx
