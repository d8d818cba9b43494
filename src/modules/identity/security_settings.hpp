// Security settings the security administrator maintains (stored in the settings table; defaults
// below when a key is absent): password policy, lockout, captcha, sessions, password verifier.
#pragma once

#include <string>

#include "modules/audit/audit.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct SecuritySettings {
    int password_min_length = 8;
    int password_min_classes = 3;   // of lower, upper, digit, other
    int password_expiry_days = 90;  // 0: never expires
    int password_history = 5;       // a new password may not repeat the last N
    int max_failures_account = 5;   // then the account is locked
    int lockout_minutes = 15;
    int max_failures_ip = 20;  // within the failure window
    int failure_window_minutes = 15;
    int captcha_after_failures = 3;  // per account or address; 0: never
    int idle_timeout_minutes = 30;
    int session_ttl_hours = 8;
    bool single_session = false;             // a new login ends the account's other sessions
    std::string password_hash = "argon2id";  // or "pbkdf2-sm3" (national cryptography)

    // Range checks; the message names the setting.
    Status validate() const;
    std::string to_json() const;
};

Result<SecuritySettings> load_security_settings(db::Connection& c);
// Validates, stores and audits (before/after) in the caller's transaction.
Status save_security_settings(db::Connection& c, const SecuritySettings& s, const Principal& who,
                              const RequestContext& ctx);
// Parses a JSON object of settings over `base` (unknown keys are an error).
Result<SecuritySettings> settings_from_json(std::string_view json, SecuritySettings base);

}  // namespace zx
