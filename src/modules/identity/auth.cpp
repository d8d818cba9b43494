#include "modules/identity/auth.hpp"

#include "platform/storage/page.hpp"

#include "core/clock.hpp"

#include <ctime>
#include <regex>

#include "core/department.hpp"
#include "core/region.hpp"
#include "core/uscc.hpp"
#include "modules/identity/account_confirmation.hpp"
#include "modules/identity/captcha.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/gm_crypto.hpp"

namespace zx {
namespace {

constexpr const char* kUserCols =
    "u.id, u.username, u.display_name, u.role, u.city, u.department, u.uscc, u.must_change_password";

Status record_failure(db::Connection& c, const std::string& key, std::int64_t at) {
    const db::Value p[] = {key, at};
    auto r = c.exec("INSERT INTO login_failures (key, at) VALUES ($1, $2)", p);
    return r ? Status::ok() : r.status();
}

Result<std::int64_t> failures_since(db::Connection& c, const std::string& key, std::int64_t since) {
    const db::Value p[] = {key, since};
    auto r = c.query("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2", p);
    if (!r) return r.status();
    return r->rows.at(0).i64(0);
}

bool is_administrator(Role r) {
    return r == Role::kSystemAdmin || r == Role::kSecurityAdmin || r == Role::kAuditAdmin;
}

// 三员分立: the system administrator manages business accounts, never the three administrators'
// (those are created and reset by the operator on the server, `zhenxing user create`); a caller with
// no role and no id is that operator.
Status may_manage(const Principal& who, Role target) {
    if (who.role == Role::kNone && who.user_id == 0) return Status::ok();
    if (who.role == Role::kSystemAdmin && !is_administrator(target)) return Status::ok();
    return Status::forbidden({"三员分立：系统管理员不能管理管理员账号",
                              "separation of duties: the system administrator cannot manage administrator accounts"});
}

}  // namespace

db::ModuleSchema AuthService::schema() {
    // Accounts that differ only in case before step 1 keep their data: every one but the oldest is
    // renamed to "<name>-<id>" (the administrator tells its owner), so the unique index can be built.
    return {"identity",
            {{1, "usernames unique regardless of case",
              "UPDATE users SET username = username || '-' || CAST(id AS TEXT) WHERE EXISTS (SELECT 1 FROM users o "
              "WHERE lower(o.username) = lower(users.username) AND o.id < users.id);\n"
              "CREATE UNIQUE INDEX users_username_lower ON users (lower(username))",
              "", ""},
             {2, "changes to business accounts wait for a security administrator (two-person rule)",
              "ALTER TABLE users ADD COLUMN pending_action TEXT NOT NULL DEFAULT '';\n"
              "ALTER TABLE users ADD COLUMN pending_by BIGINT NOT NULL DEFAULT 0;\n"
              "ALTER TABLE users ADD COLUMN pending_hash TEXT NOT NULL DEFAULT ''",
              "", ""}}};
}

Principal principal_from_row(const db::Row& r, std::size_t f) {
    Principal p;
    p.user_id = r.i64(f);
    p.username = r.str(f + 1);
    p.display_name = r.str(f + 2);
    p.role = parse_role(r.str(f + 3)).value_or(Role::kNone);
    p.city = r.str(f + 4);
    p.department = r.str(f + 5);
    p.uscc = r.str(f + 6);
    p.must_change_password = r.i64(f + 7) != 0;
    return p;
}

bool verify_stored_password(const std::string& stored, std::string_view password) {
    if (gm::is_sm3_password_hash(stored)) return gm::sm3_password_verify(stored, password);
    return verify_password(stored, password);
}

SecuritySettings AuthService::settings() {
    std::lock_guard lock(settings_mu_);
    const auto t = std::chrono::steady_clock::now();
    if (cached_at_ != std::chrono::steady_clock::time_point{} && t - cached_at_ < std::chrono::seconds(5))
        return cached_;
    auto lease = db_.acquire();
    if (lease) {
        auto s = load_security_settings(**lease);
        if (s) {
            cached_ = *s;
            cached_at_ = t;
        }
    }
    return cached_;
}

Status AuthService::save_settings(const SecuritySettings& s, const Principal& who, const RequestContext& ctx) {
    Status st = db::in_transaction(db_, [&](db::Connection& c) { return save_security_settings(c, s, who, ctx); });
    if (st) {
        std::lock_guard lock(settings_mu_);
        cached_ = s;
        cached_at_ = std::chrono::steady_clock::now();
    }
    return st;
}

std::string AuthService::hash_for_storage(std::string_view password) {
    return settings().password_hash == "pbkdf2-sm3" ? gm::sm3_password_hash(password) : hash_password(password);
}

Status AuthService::check_password_policy(std::string_view pw, const SecuritySettings& s) {
    int lower = 0, upper = 0, digit = 0, other = 0;
    for (char c : pw) {
        if (c >= 'a' && c <= 'z')
            lower = 1;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (c >= '0' && c <= '9')
            digit = 1;
        else
            other = 1;
    }
    if (static_cast<int>(pw.size()) < s.password_min_length || lower + upper + digit + other < s.password_min_classes)
        return Status::invalid(
            {"密码至少" + std::to_string(s.password_min_length) + "位，且包含大写字母、小写字母、数字、符号中的" +
                 std::to_string(s.password_min_classes) + "类",
             "a password needs at least " + std::to_string(s.password_min_length) + " characters from " +
                 std::to_string(s.password_min_classes) + " of: lower case, upper case, digits, symbols"});
    if (pw.size() > 256) return Status::invalid({"密码过长", "password too long"});
    return Status::ok();
}

Result<std::int64_t> AuthService::create_user(const NewUser& u, std::string_view password, const Principal& by,
                                              const RequestContext& ctx) {
    static const std::regex kName("[A-Za-z0-9_.-]{3,64}");
    if (!std::regex_match(u.username, kName))
        return Status::invalid({"用户名应为3-64位字母、数字或 _ . -", "username must be 3-64 of [A-Za-z0-9_.-]"});
    if (u.role == Role::kNone) return Status::invalid({"未知角色", "unknown role"});
    if (auto m = may_manage(by, u.role); !m) return m;
    if (u.role == Role::kCityOfficial && !find_city(u.city))
        return Status::invalid({"市级用户须指定14个设区市之一", "a city official needs one of the 14 cities"});
    if (u.role == Role::kDeptHandler && !is_responsible_department(u.department))
        return Status::invalid({"责任单位用户须指定责任单位名单（/api/departments）中的单位",
                                "a department handler needs a department of the list (/api/departments)"});
    if (u.role == Role::kCommissioner && !u.city.empty() && !find_city(u.city))
        return Status::invalid(
            {"特派员的服务城市须为14个设区市之一", "a commissioner's city must be one of the 14 cities"});
    if (u.role == Role::kEnterprise && validate_uscc(u.uscc) != UsccError::kNone)
        return Status::invalid({"企业用户须指定有效的统一社会信用代码", "an enterprise user needs a valid USCC"});
    if (auto s = check_password_policy(password, settings()); !s) return s;
    const std::string hash = hash_for_storage(password);
    if (hash.empty()) return Status::internal({"密码散列失败", "password hashing failed"});
    std::int64_t id = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {u.username,
                               u.display_name.empty() ? u.username : u.display_name,
                               std::string(role_code(u.role)),
                               u.role == Role::kCityOfficial || (u.role == Role::kCommissioner && !u.city.empty())
                                   ? db::Value(std::string(kCities[*find_city(u.city)]))
                                   : db::null(),
                               u.role == Role::kDeptHandler ? db::Value(u.department) : db::null(),
                               u.role == Role::kEnterprise ? db::Value(u.uscc) : db::null(),
                               hash,
                               std::int64_t{u.must_change_password ? 1 : 0},
                               clock_.now()};
        auto exists =
            c.query("SELECT id FROM users WHERE lower(username) = lower($1)", std::span<const db::Value>(p, 1));
        if (!exists) return exists.status();
        if (!exists->empty()) return Status::conflict({"用户名已存在", "username taken"});
        auto r = c.query(
            "INSERT INTO users (username, display_name, role, city, department, uscc, password_hash, "
            "must_change_password, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
            "RETURNING id",
            p);
        if (!r) return r.status();
        id = r->rows.at(0).i64(0);
        if (auto a = append_audit(
                c, by, ctx,
                {"user.create", "user", std::to_string(id), "",
                 "{\"username\":\"" + u.username + "\",\"role\":\"" + std::string(role_code(u.role)) + "\"}"});
            !a)
            return a;
        return needs_confirmation(by, u.role) ? request_confirmation(c, id, kPendingCreate, by, ctx) : Status::ok();
    });
    if (!st) return st;
    return id;
}

struct AuthService::LoginAttempt {
    SecuritySettings cfg;
    std::int64_t t = 0;
    std::string ip_key, name_key;
    Principal anon;  // who an unknown name is recorded as (a hash, never the typed text)
    std::optional<Status> refused;
    bool known = false, disabled = false, unconfirmed = false;
    std::string stored;  // the password verifier
    Principal pr;
    std::int64_t changed_at = 0;
};

// Reads what decides the attempt. Unknown names are counted like accounts (locked and asked for a
// captcha after the same number of failures), so that no answer tells whether a name exists.
Status AuthService::read_attempt(LoginAttempt& a, std::string_view username, const RequestContext& ctx,
                                 const std::string& captcha_id, const std::string& captcha_answer) {
    const SecuritySettings& cfg = a.cfg;
    const std::int64_t t = a.t;
    const std::string& ip_key = a.ip_key;
    const std::string& name_key = a.name_key;
    const Principal& anon = a.anon;
    const Status locked =
        Status::too_many({"账号已锁定，请稍后再试", "account locked after repeated failures, try later"});
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto ip_failures = failures_since(c, ip_key, t - std::int64_t{cfg.failure_window_minutes} * kSecondsPerMinute);
        if (!ip_failures) return ip_failures.status();
        if (*ip_failures >= cfg.max_failures_ip) {
            a.refused = Status::too_many(
                {"登录失败次数过多，请稍后再试", "too many failed logins from this address, try later"});
            return append_audit(c, anon, ctx, {"auth.login", "user", anon.username, "", "", "throttled"});
        }
        const db::Value p[] = {std::string(username)};
        auto rows =
            c.query(std::string("SELECT ") + kUserCols +
                        ", u.password_hash, u.disabled, u.locked_until, u.failed_logins, u.password_changed_at, "
                        "u.pending_action FROM users u WHERE lower(u.username) = lower($1)",
                    p);
        if (!rows) return rows.status();
        auto name_failures = failures_since(c, name_key, t - std::int64_t{cfg.lockout_minutes} * kSecondsPerMinute);
        if (!name_failures) return name_failures.status();
        a.known = !rows->empty();
        std::int64_t failures = *name_failures;
        bool is_locked = failures >= cfg.max_failures_account;
        if (a.known) {
            const db::Row& r = rows->rows[0];
            a.pr = principal_from_row(r, 0);
            a.stored = r.str(8);
            a.disabled = r.i64(9) != 0;
            is_locked = r.i64(10) > t;
            failures = r.i64(11);
            a.changed_at = r.i64(12);
            a.unconfirmed = r.str(13) == kPendingCreate;
        }
        const Principal& who = a.known ? a.pr : anon;
        const std::string object = a.known ? std::to_string(a.pr.user_id) : anon.username;
        // A captcha first once the account or the address has failed often: no password is checked before.
        const bool need_captcha = cfg.captcha_after_failures > 0 && (*ip_failures >= cfg.captcha_after_failures ||
                                                                     failures >= cfg.captcha_after_failures);
        if (need_captcha && !check_captcha(c, captcha_id, captcha_answer)) {
            a.refused = Status::captcha_required({"请输入正确的验证码", "solve the captcha"});
            return append_audit(c, who, ctx, {"auth.login", "user", object, "", "", "captcha"});
        }
        if (is_locked) {
            a.refused = locked;
            return append_audit(c, who, ctx, {"auth.login", "user", object, "", "", "locked"});
        }
        return Status::ok();
    });
}

Status AuthService::record_failed_login(const LoginAttempt& a, const RequestContext& ctx) {
    const SecuritySettings& cfg = a.cfg;
    const std::int64_t t = a.t;
    const bool known = a.known;
    const Principal& pr = a.pr;
    const Principal& anon = a.anon;
    const std::string& ip_key = a.ip_key;
    const std::string& name_key = a.name_key;
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value old[] = {t - kSecondsPerDay};
        if (auto d = c.exec("DELETE FROM login_failures WHERE at < $1", old); !d) return d.status();
        if (auto s = record_failure(c, ip_key, clock_.now()); !s) return s;
        if (auto s = record_failure(c, name_key, clock_.now()); !s) return s;
        if (known) {
            const db::Value q[] = {pr.user_id, std::int64_t{cfg.max_failures_account},
                                   t + std::int64_t{cfg.lockout_minutes} * kSecondsPerMinute};
            auto u = c.exec(
                "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= "
                "$2 "
                "THEN $3 ELSE locked_until END WHERE id = $1",
                q);
            if (!u) return u.status();
        }
        return append_audit(
            c, known ? pr : anon, ctx,
            {"auth.login", "user", known ? std::to_string(pr.user_id) : anon.username, "", "", "failed"});
    });
}

Result<Session> AuthService::open_session(LoginAttempt& a, const RequestContext& ctx, std::string_view user_agent) {
    const SecuritySettings& cfg = a.cfg;
    const std::int64_t t = a.t;
    Principal& pr = a.pr;
    const std::int64_t changed_at = a.changed_at;
    if (cfg.password_expiry_days > 0 && changed_at + std::int64_t{cfg.password_expiry_days} * kSecondsPerDay < t)
        pr.must_change_password = true;
    Session s;
    s.token = random_token(32);
    s.csrf_token = random_token(24);
    s.expires_at = t + std::int64_t{cfg.session_ttl_hours} * kSecondsPerHour;
    s.principal = pr;
    Status w = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        if (cfg.single_session) {
            const db::Value u[] = {pr.user_id};
            if (auto d = c.exec("DELETE FROM sessions WHERE user_id = $1", u); !d) return d.status();
        }
        const db::Value ins[] = {sha256_hex(s.token),
                                 pr.user_id,
                                 s.csrf_token,
                                 t,
                                 s.expires_at,
                                 ctx.ip,
                                 std::string(user_agent.substr(0, 256))};
        auto a = c.exec(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at, ip, user_agent) "
            "VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
            ins);
        if (!a) return a.status();
        const db::Value reset[] = {pr.user_id};
        if (auto b = c.exec("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1", reset); !b)
            return b.status();
        return append_audit(c, pr, ctx, {"auth.login", "user", std::to_string(pr.user_id), "", "", "ok"});
    });
    if (!w) return w;
    return s;
}

Result<Session> AuthService::login(std::string_view username, std::string_view password, const RequestContext& ctx,
                                   std::string_view user_agent, const std::string& captcha_id,
                                   const std::string& captcha_answer) {
    LoginAttempt a;
    a.cfg = settings();
    a.t = clock_.now();
    a.ip_key = "ip:" + ctx.ip;
    // Typed names are kept hashed: a password typed into the username box must not be stored. Names
    // are one account in any case, so their failures are counted together.
    std::string folded(username);
    for (char& ch : folded)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    const std::string name_hash = sha256_hex(folded).substr(0, 24);
    a.name_key = "user:" + name_hash;
    a.anon.username = "?" + name_hash.substr(0, 12);

    // 1. What decides the attempt, before any password is checked.
    if (auto st = read_attempt(a, username, ctx, captcha_id, captcha_answer); !st) return st;
    if (a.refused) return *a.refused;

    // 2. The password check holds no transaction or lock: it is the slow part (argon2id / PBKDF2-SM3),
    //    and an unknown name costs the same as a known one.
    static const std::string kDummy = hash_password("zx-dummy-password-for-timing");
    static const std::string kDummySm3 = gm::sm3_password_hash("zx-dummy-password-for-timing");
    const bool good = verify_stored_password(
                          a.known ? a.stored : (a.cfg.password_hash == "pbkdf2-sm3" ? kDummySm3 : kDummy), password) &&
                      a.known;

    // 3. The outcome.
    if (!good) {
        if (auto w = record_failed_login(a, ctx); !w) return w;
        return Status::unauthenticated({"用户名或密码错误", "wrong username or password"});
    }
    if (a.disabled) {  // said only to whoever knows the password
        Status w = db::in_transaction(db_, [&](db::Connection& c) {
            return append_audit(c, a.pr, ctx, {"auth.login", "user", std::to_string(a.pr.user_id), "", "", "disabled"});
        });
        if (!w) return w;
        return Status::forbidden({"账号已停用", "account disabled"});
    }
    if (a.unconfirmed) {
        Status w = db::in_transaction(db_, [&](db::Connection& c) {
            return append_audit(c, a.pr, ctx,
                                {"auth.login", "user", std::to_string(a.pr.user_id), "", "", "unconfirmed"});
        });
        if (!w) return w;
        return Status::forbidden({"账号待安全管理员确认后方可使用", "the account waits for a security administrator"});
    }
    return open_session(a, ctx, user_agent);
}

std::optional<Session> AuthService::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    const SecuritySettings cfg = settings();
    auto lease = db_.acquire();
    if (!lease) return std::nullopt;
    const std::int64_t t = clock_.now();
    const db::Value p[] = {sha256_hex(token)};
    auto rows = (*lease)->query(std::string("SELECT ") + kUserCols +
                                    ", s.csrf_token, s.expires_at, s.last_seen, u.disabled, u.password_changed_at "
                                    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
                                p);
    if (!rows || rows->empty()) return std::nullopt;
    const db::Row& r = rows->rows[0];
    if (r.i64(9) <= t || r.i64(10) + std::int64_t{cfg.idle_timeout_minutes} * kSecondsPerMinute <= t ||
        r.i64(11) != 0) {
        (*lease)->exec("DELETE FROM sessions WHERE token_hash = $1", p);
        return std::nullopt;
    }
    if (t - r.i64(10) >= 30) {  // keep writes rare: refresh the idle timer at most twice a minute
        const db::Value q[] = {t, std::get<std::string>(p[0])};
        (*lease)->exec("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", q);
    }
    Session s;
    s.principal = principal_from_row(r, 0);
    if (cfg.password_expiry_days > 0 && r.i64(12) + std::int64_t{cfg.password_expiry_days} * kSecondsPerDay < t)
        s.principal.must_change_password = true;
    s.csrf_token = r.str(8);
    s.expires_at = r.i64(9);
    return s;
}

Status AuthService::logout(std::string_view token, const Principal& who, const RequestContext& ctx) {
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {sha256_hex(token)};
        if (auto r = c.exec("DELETE FROM sessions WHERE token_hash = $1", p); !r) return r.status();
        return append_audit(c, who, ctx, {"auth.logout", "user", std::to_string(who.user_id)});
    });
}

Status AuthService::change_password(const Principal& who, std::string_view old_pw, std::string_view new_pw,
                                    const RequestContext& ctx, std::string_view keep_token) {
    const SecuritySettings cfg = settings();
    if (auto s = check_password_policy(new_pw, cfg); !s) return s;
    if (old_pw == new_pw) return Status::invalid({"新密码不能与原密码相同", "the new password must differ"});
    const std::string new_hash = hash_for_storage(new_pw);
    if (new_hash.empty()) return Status::internal({"密码散列失败", "password hashing failed"});
    std::string current;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        const db::Value p[] = {who.user_id};
        auto r = (*lease)->query("SELECT password_hash, locked_until FROM users WHERE id = $1", p);
        if (!r) return r.status();
        if (r->empty()) return Status::not_found({"用户不存在", "no such user"});
        if (r->rows[0].i64(1) > clock_.now()) return Status::too_many({"账号已锁定", "account locked"});
        current = r->rows[0].str(0);
    }
    if (!verify_stored_password(current, old_pw)) {
        // Guessing the current password from a stolen session counts like failed logins, and a lock
        // ends every session of the account.
        Status w = db::in_transaction(db_, [&](db::Connection& c) -> Status {
            const std::int64_t t = clock_.now();
            const db::Value q[] = {who.user_id, std::int64_t{cfg.max_failures_account},
                                   t + std::int64_t{cfg.lockout_minutes} * kSecondsPerMinute};
            auto u = c.exec(
                "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= $2 "
                "THEN $3 ELSE locked_until END WHERE id = $1",
                q);
            if (!u) return u.status();
            const db::Value l[] = {who.user_id, t};
            if (auto d = c.exec("DELETE FROM sessions WHERE user_id = $1 AND EXISTS (SELECT 1 FROM users WHERE id = $1 "
                                "AND locked_until > $2)",
                                l);
                !d)
                return d.status();
            return append_audit(c, who, ctx, {"user.password", "user", std::to_string(who.user_id), "", "", "failed"});
        });
        if (!w) return w;
        return Status::invalid({"原密码错误", "wrong current password"});
    }
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {who.user_id};
        auto r = c.query("SELECT password_hash FROM users WHERE id = $1", p);
        if (!r) return r.status();
        if (r->empty() || r->rows[0].str(0) != current)
            return Status::conflict({"密码已被修改", "the password changed meanwhile"});
        const std::string old_hash = current;
        if (cfg.password_history > 0) {
            const db::Value h[] = {who.user_id, std::int64_t{cfg.password_history}};
            auto hist =
                c.query("SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2", h);
            if (!hist) return hist.status();
            for (const db::Row& row : hist->rows)
                if (verify_stored_password(row.str(0), new_pw))
                    return Status::invalid(
                        {"新密码不能与最近" + std::to_string(cfg.password_history) + "次使用的密码相同",
                         "the new password repeats one of the last " + std::to_string(cfg.password_history)});
        }
        const db::Value keep[] = {who.user_id, old_hash, clock_.now()};
        if (auto x = c.exec("INSERT INTO password_history (user_id, password_hash, at) VALUES ($1, $2, $3)", keep); !x)
            return x.status();
        const db::Value q[] = {who.user_id, new_hash, clock_.now()};
        if (auto u = c.exec(
                "UPDATE users SET password_hash = $2, must_change_password = 0, password_changed_at = $3 WHERE id = $1",
                q);
            !u)
            return u.status();
        // A new password ends every other session of the account (whoever else knew the old one).
        const db::Value k[] = {who.user_id, sha256_hex(keep_token)};
        if (auto d = c.exec("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", k); !d) return d.status();
        return append_audit(c, who, ctx, {"user.password", "user", std::to_string(who.user_id)});
    });
}

// The target account exists and the caller may manage its role; `role`, `disabled` and `pending`
// receive its state.
static Status check_target(db::Connection& c, const Principal& who, std::int64_t user_id, Role* role = nullptr,
                           bool* disabled = nullptr, std::string* pending = nullptr) {
    const db::Value p[] = {user_id};
    auto r = c.query("SELECT role, disabled, pending_action FROM users WHERE id = $1", p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"用户不存在", "no such user"});
    const Role target = parse_role(r->rows[0].str(0)).value_or(Role::kNone);
    if (role) *role = target;
    if (disabled) *disabled = r->rows[0].i64(1) != 0;
    if (pending) *pending = r->rows[0].str(2);
    return may_manage(who, target);
}

Status AuthService::set_disabled(std::int64_t user_id, bool disabled, const Principal& who, const RequestContext& ctx) {
    if (user_id == who.user_id) return Status::invalid({"不能停用自己的账号", "you cannot disable your own account"});
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        Role role = Role::kNone;
        bool was_disabled = false;
        std::string pending;
        if (auto m = check_target(c, who, user_id, &role, &was_disabled, &pending); !m) return m;
        if (!disabled && was_disabled && needs_confirmation(who, role))
            return request_confirmation(c, user_id, kPendingEnable, who, ctx);
        if (disabled && pending == kPendingEnable) {
            const db::Value q[] = {user_id};
            if (auto u = c.exec("UPDATE users SET pending_action = '', pending_by = 0 WHERE id = $1", q); !u)
                return u.status();
        }
        const db::Value p[] = {user_id, std::int64_t{disabled ? 1 : 0}};
        auto r = c.exec("UPDATE users SET disabled = $2 WHERE id = $1", p);
        if (!r) return r.status();
        if (*r != 1) return Status::not_found({"用户不存在", "no such user"});
        const db::Value u[] = {user_id};
        if (auto d = c.exec("DELETE FROM sessions WHERE user_id = $1", u); !d) return d.status();
        return append_audit(c, who, ctx,
                            {disabled ? "user.disable" : "user.enable", "user", std::to_string(user_id),
                             std::string("{\"disabled\":") + (disabled ? "false" : "true") + "}",
                             std::string("{\"disabled\":") + (disabled ? "true" : "false") + "}"});
    });
}

Status AuthService::reset_password(std::int64_t user_id, std::string_view password, const Principal& who,
                                   const RequestContext& ctx) {
    if (auto s = check_password_policy(password, settings()); !s) return s;
    const std::string hash = hash_for_storage(password);
    if (hash.empty()) return Status::internal({"密码散列失败", "password hashing failed"});
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        Role role = Role::kNone;
        std::string pending;
        if (auto m = check_target(c, who, user_id, &role, nullptr, &pending); !m) return m;
        // A new account not yet confirmed cannot log in: its initial password is simply replaced.
        if (needs_confirmation(who, role) && pending != kPendingCreate)
            return request_confirmation(c, user_id, kPendingReset, who, ctx, hash);
        const db::Value p[] = {user_id, hash, clock_.now()};
        auto r = c.exec(
            "UPDATE users SET password_hash = $2, must_change_password = 1, password_changed_at = $3, "
            "failed_logins = 0, locked_until = 0 WHERE id = $1",
            p);
        if (!r) return r.status();
        if (*r != 1) return Status::not_found({"用户不存在", "no such user"});
        const db::Value u[] = {user_id};
        if (auto d = c.exec("DELETE FROM sessions WHERE user_id = $1", u); !d) return d.status();
        return append_audit(c, who, ctx, {"user.reset_password", "user", std::to_string(user_id)});
    });
}

namespace {

SessionRecord session_from_row(const db::Row& r) {
    // s.token_hash, u.id, u.username, u.role, s.ip, s.user_agent, s.created_at, s.last_seen, s.expires_at
    return {r.str(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.i64(6), r.i64(7), r.i64(8)};
}

UserRecord user_from_row(const db::Row& r) {
    // kUserCols, u.disabled, u.created_at
    UserRecord u;
    u.id = r.i64(0);
    u.username = r.str(1);
    u.display_name = r.str(2);
    u.role = r.str(3);
    u.city = db::opt_str(r, 4);
    u.department = db::opt_str(r, 5);
    u.uscc = db::opt_str(r, 6);
    u.must_change_password = r.i64(7) != 0;
    u.disabled = r.i64(8) != 0;
    u.created_at = r.i64(9);
    u.pending_confirmation = r.str(10);
    return u;
}

}  // namespace

Result<std::vector<SessionRecord>> AuthService::list_sessions() {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const std::int64_t idle_floor = clock_.now() - std::int64_t{settings().idle_timeout_minutes} * kSecondsPerMinute;
    const db::Value p[] = {clock_.now(), idle_floor};
    return db::map_rows<SessionRecord>(
        (*lease)->query("SELECT s.token_hash, u.id, u.username, u.role, s.ip, s.user_agent, s.created_at, s.last_seen, "
                        "s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.expires_at > $1 AND "
                        "s.last_seen > $2 ORDER BY s.last_seen DESC",
                        p),
        session_from_row);
}

Status AuthService::revoke_session(const std::string& session_id, const Principal& who, const RequestContext& ctx) {
    if (session_id.size() != 64 || session_id.find_first_not_of("0123456789abcdef") != std::string::npos)
        return Status::not_found({"会话不存在", "no such session"});
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {session_id};
        auto owner = c.query("SELECT user_id FROM sessions WHERE token_hash = $1", p);
        if (!owner) return owner.status();
        if (owner->empty()) return Status::not_found({"会话不存在", "no such session"});
        if (auto d = c.exec("DELETE FROM sessions WHERE token_hash = $1", p); !d) return d.status();
        return append_audit(c, who, ctx,
                            {"session.revoke", "user", owner->rows[0].str(0), "", "{\"forced_logout\":true}"});
    });
}

Status AuthService::confirm_user(std::int64_t user_id, const Principal& who, const RequestContext& ctx) {
    return db::in_transaction(db_,
                              [&](db::Connection& c) { return confirm_pending(c, user_id, who, ctx, clock_.now()); });
}

Status AuthService::unlock_user(std::int64_t user_id, const Principal& who, const RequestContext& ctx) {
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {user_id};
        auto r = c.exec("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1", p);
        if (!r) return r.status();
        if (*r != 1) return Status::not_found({"用户不存在", "no such user"});
        return append_audit(c, who, ctx, {"user.unlock", "user", std::to_string(user_id)});
    });
}

Result<std::vector<UserRecord>> AuthService::list_users(bool pending_only) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    return db::map_rows<UserRecord>(
        (*lease)->query(std::string("SELECT ") + kUserCols +
                        ", u.disabled, u.created_at, u.pending_action FROM users u " +
                        (pending_only ? "WHERE u.pending_action <> '' " : "") + "ORDER BY u.id"),
        user_from_row);
}

std::string AuthService::pending_confirmation(std::int64_t user_id) {
    auto lease = db_.acquire();
    if (!lease) return {};
    const db::Value p[] = {user_id};
    auto r = (*lease)->query("SELECT pending_action FROM users WHERE id = $1", p);
    return r && !r->empty() ? r->rows[0].str(0) : std::string();
}

std::int64_t AuthService::user_count() {
    auto lease = db_.acquire();
    if (!lease) return -1;
    auto r = (*lease)->query("SELECT COUNT(*) FROM users");
    return r && !r->empty() ? r->rows[0].i64(0) : -1;
}

}  // namespace zx
