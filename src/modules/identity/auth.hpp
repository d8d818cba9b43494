// Accounts and sessions: argon2id password verifiers, login throttling per account and per IP with
// lockout, sessions with absolute expiry and a server-side idle timeout, CSRF tokens for cookie
// sessions. The first administrator is created from the command line; there is no default password.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <chrono>
#include <mutex>

#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/security_settings.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/module_migrations.hpp"

namespace zx {

struct NewUser {
    std::string username;
    std::string display_name;
    Role role = Role::kNone;
    std::string city, department, uscc;
    bool must_change_password = true;
};

struct Session {
    std::string token;  // only returned at login; the database keeps its SHA-256
    std::string csrf_token;
    std::int64_t expires_at = 0;
    Principal principal;
};

// An account as the system administrator lists it (never its password verifier).
struct UserRecord {
    std::int64_t id = 0;
    std::string username, display_name, role;
    std::optional<std::string> city, department, uscc;
    bool must_change_password = false, disabled = false;
    std::int64_t created_at = 0;
    std::string pending_confirmation;  // "", "create", "enable" or "reset" (account_confirmation.hpp)
};

// An online session as the security administrator lists it; `id` is the token's hash, never the token.
struct SessionRecord {
    std::string id;
    std::int64_t user_id = 0;
    std::string username, role, ip, user_agent;
    std::int64_t created_at = 0, last_seen = 0, expires_at = 0;
};

class AuthService {
  public:
    explicit AuthService(db::Database& db, const Clock& clock = system_clock()) : db_(db), clock_(clock) {}

    // The identity module's steps over the baseline tables (users unique by lower-case name, ...).
    static db::ModuleSchema schema();

    // The security settings in force (cached for a few seconds; save_settings refreshes the cache).
    SecuritySettings settings();
    Status save_settings(const SecuritySettings& s, const Principal& who, const RequestContext& ctx);

    // Length and character classes per the settings (default ≥ 8 characters, three of: lower case,
    // upper case, digits, other). Returns the reason in Chinese and English when it fails.
    static Status check_password_policy(std::string_view password, const SecuritySettings& s = {});

    // Creates a user (validated: username [A-Za-z0-9_.-]{3,64}, role-specific scope present). Names are
    // stored as given and unique regardless of case; login accepts any case.
    Result<std::int64_t> create_user(const NewUser& u, std::string_view password, const Principal& by,
                                     const RequestContext& ctx);
    // Verifies credentials. Unknown user and wrong password give the same message. kTooManyRequests
    // when the account is locked or the address throttled. After `captcha_after_failures` failures (of
    // the account or the address) a solved captcha is required first: kUnauthenticated whose message
    // starts with "captcha_required".
    Result<Session> login(std::string_view username, std::string_view password, const RequestContext& ctx,
                          std::string_view user_agent, const std::string& captcha_id = {},
                          const std::string& captcha_answer = {});
    // The principal of a session token, refreshing its idle timer; nullopt when unknown, expired or idle.
    std::optional<Session> authenticate(std::string_view token);
    Status logout(std::string_view token, const Principal& who, const RequestContext& ctx);
    // Ends the account's other sessions; `keep_token` is the caller's own session, kept.
    Status change_password(const Principal& who, std::string_view old_password, std::string_view new_password,
                           const RequestContext& ctx, std::string_view keep_token = {});
    // Every account, or only those with a change waiting for a security administrator.
    Result<std::vector<UserRecord>> list_users(bool pending_only = false);
    // The account's pending change ("" when none or no such account).
    std::string pending_confirmation(std::int64_t user_id);
    std::int64_t user_count();

    // Account administration (system administrator): disable/enable (ends sessions), reset password
    // (forces a change at next login). Creating, enabling and resetting an account with business
    // authority wait for confirm_user (the two-person rule, account_confirmation.hpp).
    Status set_disabled(std::int64_t user_id, bool disabled, const Principal& who, const RequestContext& ctx);
    Status reset_password(std::int64_t user_id, std::string_view password, const Principal& who,
                          const RequestContext& ctx);
    // Security administrator: online sessions, force logout, unlock.
    Result<std::vector<SessionRecord>> list_sessions();
    Status revoke_session(const std::string& session_id, const Principal& who, const RequestContext& ctx);
    // Applies an account's pending change; `who` (a security administrator) must not be its requester.
    Status confirm_user(std::int64_t user_id, const Principal& who, const RequestContext& ctx);
    Status unlock_user(std::int64_t user_id, const Principal& who, const RequestContext& ctx);

    // A verifier for `password` with the configured algorithm (argon2id or PBKDF2-HMAC-SM3).
    std::string hash_for_storage(std::string_view password);

  private:
    // A login attempt's steps: what decides it (throttling, captcha, lockout) read in one
    // transaction, the failure recorded, or the session opened.
    struct LoginAttempt;
    Status read_attempt(LoginAttempt& a, std::string_view username, const RequestContext& ctx,
                        const std::string& captcha_id, const std::string& captcha_answer);
    Status record_failed_login(const LoginAttempt& a, const RequestContext& ctx);
    Result<Session> open_session(LoginAttempt& a, const RequestContext& ctx, std::string_view user_agent);

    db::Database& db_;
    const Clock& clock_;
    std::mutex settings_mu_;
    SecuritySettings cached_;
    std::chrono::steady_clock::time_point cached_at_{};
};

// Verifies against either kind of stored verifier.
bool verify_stored_password(const std::string& stored, std::string_view password);

Principal principal_from_row(
    const db::Row& r, std::size_t first);  // id, username, display_name, role, city, department, uscc, must_change

}  // namespace zx
