// Accounts and sessions: argon2id password verifiers, login throttling per account and per IP with
// lockout, sessions with absolute expiry and a server-side idle timeout, CSRF tokens for cookie
// sessions. The first administrator is created from the command line; there is no default password.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "service/audit.hpp"
#include "service/principal.hpp"
#include "storage/db.hpp"

namespace zx {

struct AuthOptions {
  std::int64_t session_ttl_seconds = 8 * 3600;
  std::int64_t idle_timeout_seconds = 30 * 60;
  int max_failures_per_account = 5;       // then locked
  std::int64_t lockout_seconds = 15 * 60;
  int max_failures_per_ip = 20;           // within the window below
  std::int64_t failure_window_seconds = 15 * 60;
};

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

class AuthService {
 public:
  AuthService(db::Database& db, AuthOptions options = {}) : db_(db), options_(options) {}

  // ≥ 8 characters with at least three of: lower case, upper case, digits, other. Returns the
  // reason in Chinese and English when it fails.
  static Status check_password_policy(std::string_view password);

  // Creates a user (validated: username [A-Za-z0-9_.-]{3,64}, role-specific scope present).
  Result<std::int64_t> create_user(const NewUser& u, std::string_view password, const Principal& by,
                                   const RequestContext& ctx);
  // Verifies credentials. Unknown user and wrong password give the same message. kTooManyRequests
  // when the account is locked or the IP throttled.
  Result<Session> login(std::string_view username, std::string_view password, const RequestContext& ctx,
                        std::string_view user_agent);
  // The principal of a session token, refreshing its idle timer; nullopt when unknown, expired or idle.
  std::optional<Session> authenticate(std::string_view token);
  Status logout(std::string_view token, const Principal& who, const RequestContext& ctx);
  Status change_password(const Principal& who, std::string_view old_password, std::string_view new_password,
                         const RequestContext& ctx);
  Result<db::Rows> list_users();
  std::int64_t user_count();
  const AuthOptions& options() const { return options_; }

 private:
  db::Database& db_;
  AuthOptions options_;
};

Principal principal_from_row(const db::Row& r, std::size_t first);  // id, username, display_name, role, city, department, uscc, must_change

}  // namespace zx
