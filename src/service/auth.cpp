#include "service/auth.hpp"

#include <ctime>
#include <regex>

#include "domain/region.hpp"
#include "common/uscc.hpp"
#include "service/crypto.hpp"

namespace zx {
namespace {

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

constexpr const char* kUserCols = "u.id, u.username, u.display_name, u.role, u.city, u.department, u.uscc, u.must_change_password";

Status record_failure(db::Connection& c, const std::string& key) {
  const db::Value p[] = {key, now()};
  auto r = c.exec("INSERT INTO login_failures (key, at) VALUES ($1, $2)", p);
  return r ? Status::ok() : r.status();
}

Result<std::int64_t> failures_since(db::Connection& c, const std::string& key, std::int64_t since) {
  const db::Value p[] = {key, since};
  auto r = c.query("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2", p);
  if (!r) return r.status();
  return r->rows.at(0).i64(0);
}

}  // namespace

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

Status AuthService::check_password_policy(std::string_view pw) {
  int lower = 0, upper = 0, digit = 0, other = 0;
  for (char c : pw) {
    if (c >= 'a' && c <= 'z') lower = 1;
    else if (c >= 'A' && c <= 'Z') upper = 1;
    else if (c >= '0' && c <= '9') digit = 1;
    else other = 1;
  }
  if (pw.size() < 8 || lower + upper + digit + other < 3)
    return Status::invalid("密码至少8位，且包含大写字母、小写字母、数字、符号中的三类 / a password needs at least 8 "
                           "characters from three of: lower case, upper case, digits, symbols");
  if (pw.size() > 256) return Status::invalid("密码过长 / password too long");
  return Status::ok();
}

Result<std::int64_t> AuthService::create_user(const NewUser& u, std::string_view password, const Principal& by,
                                              const RequestContext& ctx) {
  static const std::regex kName("[A-Za-z0-9_.-]{3,64}");
  if (!std::regex_match(u.username, kName))
    return Status::invalid("用户名应为3-64位字母、数字或 _ . - / username must be 3-64 of [A-Za-z0-9_.-]");
  if (u.role == Role::kNone) return Status::invalid("未知角色 / unknown role");
  if (u.role == Role::kCityOfficial && !find_city(u.city))
    return Status::invalid("市级用户须指定14个设区市之一 / a city official needs one of the 14 cities");
  if (u.role == Role::kDeptHandler && u.department.empty())
    return Status::invalid("责任单位用户须指定单位 / a department handler needs a department");
  if (u.role == Role::kEnterprise && validate_uscc(u.uscc) != UsccError::kNone)
    return Status::invalid("企业用户须指定有效的统一社会信用代码 / an enterprise user needs a valid USCC");
  if (auto s = check_password_policy(password); !s) return s;
  const std::string hash = hash_password(password);
  if (hash.empty()) return Status::internal("password hashing failed");
  std::int64_t id = 0;
  Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
    const db::Value p[] = {u.username, u.display_name.empty() ? u.username : u.display_name, std::string(role_code(u.role)),
                           u.role == Role::kCityOfficial ? db::Value(std::string(kCities[*find_city(u.city)])) : db::null(),
                           u.role == Role::kDeptHandler ? db::Value(u.department) : db::null(),
                           u.role == Role::kEnterprise ? db::Value(u.uscc) : db::null(), hash,
                           std::int64_t{u.must_change_password ? 1 : 0}, now()};
    auto exists = c.query("SELECT id FROM users WHERE username = $1", std::span<const db::Value>(p, 1));
    if (!exists) return exists.status();
    if (!exists->empty()) return Status::conflict("用户名已存在 / username taken");
    auto r = c.query("INSERT INTO users (username, display_name, role, city, department, uscc, password_hash, "
                     "must_change_password, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
                     "RETURNING id",
                     p);
    if (!r) return r.status();
    id = r->rows.at(0).i64(0);
    return append_audit(c, by, ctx,
                        {"user.create", "user", std::to_string(id), "",
                         "{\"username\":\"" + u.username + "\",\"role\":\"" + std::string(role_code(u.role)) + "\"}"});
  });
  if (!st) return st;
  return id;
}

Result<Session> AuthService::login(std::string_view username, std::string_view password, const RequestContext& ctx,
                                   std::string_view user_agent) {
  const std::int64_t t = now();
  const std::string user_key = "user:" + std::string(username);
  const std::string ip_key = "ip:" + ctx.ip;
  const Status generic = Status::unauthenticated("用户名或密码错误 / wrong username or password");
  Result<Session> out = generic;
  Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
    auto ip_failures = failures_since(c, ip_key, t - options_.failure_window_seconds);
    if (!ip_failures) return ip_failures.status();
    Principal anon;
    anon.username = std::string(username);
    if (*ip_failures >= options_.max_failures_per_ip) {
      out = Status::too_many("登录失败次数过多，请稍后再试 / too many failed logins from this address, try later");
      return append_audit(c, anon, ctx, {"auth.login", "user", std::string(username), "", "", "throttled"});
    }
    const db::Value p[] = {std::string(username)};
    auto rows = c.query(std::string("SELECT ") + kUserCols +
                            ", u.password_hash, u.disabled, u.locked_until FROM users u WHERE u.username = $1",
                        p);
    if (!rows) return rows.status();
    if (rows->empty()) {
      verify_password("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$Zm9v", password);  // same cost as a real check
      if (auto s = record_failure(c, ip_key); !s) return s;
      return append_audit(c, anon, ctx, {"auth.login", "user", std::string(username), "", "", "failed"});
    }
    const db::Row& r = rows->rows[0];
    Principal pr = principal_from_row(r, 0);
    if (r.i64(9) != 0) {
      out = Status::forbidden("账号已停用 / account disabled");
      return append_audit(c, pr, ctx, {"auth.login", "user", std::to_string(pr.user_id), "", "", "disabled"});
    }
    if (r.i64(10) > t) {
      out = Status::too_many("账号已锁定，请稍后再试 / account locked after repeated failures, try later");
      return append_audit(c, pr, ctx, {"auth.login", "user", std::to_string(pr.user_id), "", "", "locked"});
    }
    if (!verify_password(r.str(8), password)) {
      if (auto s = record_failure(c, ip_key); !s) return s;
      const db::Value q[] = {pr.user_id, std::int64_t{options_.max_failures_per_account}, t + options_.lockout_seconds};
      auto u = c.exec("UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= $2 "
                      "THEN $3 ELSE locked_until END WHERE id = $1",
                      q);
      if (!u) return u.status();
      return append_audit(c, pr, ctx, {"auth.login", "user", std::to_string(pr.user_id), "", "", "failed"});
    }
    Session s;
    s.token = random_token(32);
    s.csrf_token = random_token(24);
    s.expires_at = t + options_.session_ttl_seconds;
    s.principal = pr;
    const db::Value ins[] = {sha256_hex(s.token), pr.user_id, s.csrf_token, t, s.expires_at, ctx.ip,
                             std::string(user_agent.substr(0, 256))};
    auto a = c.exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at, ip, user_agent) "
                    "VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
                    ins);
    if (!a) return a.status();
    const db::Value reset[] = {pr.user_id};
    if (auto b = c.exec("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1", reset); !b) return b.status();
    out = s;
    return append_audit(c, pr, ctx, {"auth.login", "user", std::to_string(pr.user_id), "", "", "ok"});
  });
  if (!st) return st;
  return out;
}

std::optional<Session> AuthService::authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto lease = db_.acquire();
  if (!lease) return std::nullopt;
  const std::int64_t t = now();
  const db::Value p[] = {sha256_hex(token)};
  auto rows = (*lease)->query(std::string("SELECT ") + kUserCols +
                                  ", s.csrf_token, s.expires_at, s.last_seen, u.disabled FROM sessions s JOIN users u ON "
                                  "u.id = s.user_id WHERE s.token_hash = $1",
                              p);
  if (!rows || rows->empty()) return std::nullopt;
  const db::Row& r = rows->rows[0];
  if (r.i64(9) <= t || r.i64(10) + options_.idle_timeout_seconds <= t || r.i64(11) != 0) {
    (*lease)->exec("DELETE FROM sessions WHERE token_hash = $1", p);
    return std::nullopt;
  }
  if (t - r.i64(10) >= 30) {  // keep writes rare: refresh the idle timer at most twice a minute
    const db::Value q[] = {t, std::get<std::string>(p[0])};
    (*lease)->exec("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", q);
  }
  Session s;
  s.principal = principal_from_row(r, 0);
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
                                    const RequestContext& ctx) {
  if (auto s = check_password_policy(new_pw); !s) return s;
  if (old_pw == new_pw) return Status::invalid("新密码不能与原密码相同 / the new password must differ");
  return db::in_transaction(db_, [&](db::Connection& c) -> Status {
    const db::Value p[] = {who.user_id};
    auto r = c.query("SELECT password_hash FROM users WHERE id = $1", p);
    if (!r) return r.status();
    if (r->empty() || !verify_password(r->rows[0].str(0), old_pw))
      return Status::unauthenticated("原密码错误 / wrong current password");
    const db::Value q[] = {who.user_id, hash_password(new_pw), now()};
    if (auto u = c.exec("UPDATE users SET password_hash = $2, must_change_password = 0, password_changed_at = $3 WHERE id = $1", q); !u)
      return u.status();
    return append_audit(c, who, ctx, {"user.password", "user", std::to_string(who.user_id)});
  });
}

Result<db::Rows> AuthService::list_users() {
  auto lease = db_.acquire();
  if (!lease) return lease.status();
  return (*lease)->query(std::string("SELECT ") + kUserCols + ", u.disabled, u.created_at FROM users u ORDER BY u.id");
}

std::int64_t AuthService::user_count() {
  auto lease = db_.acquire();
  if (!lease) return -1;
  auto r = (*lease)->query("SELECT COUNT(*) FROM users");
  return r && !r->empty() ? r->rows[0].i64(0) : -1;
}

}  // namespace zx
