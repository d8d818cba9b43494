#include "modules/identity/security_settings.hpp"

#include <boost/json.hpp>

#include <ctime>
#include "core/clock.hpp"

namespace zx {
namespace {

// One table drives loading, saving, JSON and validation, so a new setting is one line.
struct IntField {
    const char* key;
    int SecuritySettings::*member;
    int lo, hi;
};
constexpr IntField kInts[] = {
    {"password_min_length", &SecuritySettings::password_min_length, 8, 64},
    {"password_min_classes", &SecuritySettings::password_min_classes, 2, 4},
    {"password_expiry_days", &SecuritySettings::password_expiry_days, 0, 365},
    {"password_history", &SecuritySettings::password_history, 0, 24},
    {"max_failures_account", &SecuritySettings::max_failures_account, 3, 20},
    {"lockout_minutes", &SecuritySettings::lockout_minutes, 1, 1440},
    {"max_failures_ip", &SecuritySettings::max_failures_ip, 5, 1000},
    {"failure_window_minutes", &SecuritySettings::failure_window_minutes, 1, 1440},
    {"captcha_after_failures", &SecuritySettings::captcha_after_failures, 0, 20},
    {"idle_timeout_minutes", &SecuritySettings::idle_timeout_minutes, 5, 30},
    {"session_ttl_hours", &SecuritySettings::session_ttl_hours, 1, 24},
};

Status out_of_range(const IntField& f) {
    const std::string key(f.key), lo = std::to_string(f.lo), hi = std::to_string(f.hi);
    return Status::invalid(
        {key + " 须在 " + lo + " 到 " + hi + " 之间", key + " must be between " + lo + " and " + hi});
}

}  // namespace

Status SecuritySettings::validate() const {
    for (const IntField& f : kInts) {
        const int v = this->*f.member;
        if (v < f.lo || v > f.hi) return out_of_range(f);
    }
    if (password_hash != "argon2id" && password_hash != "pbkdf2-sm3")
        return Status::invalid(
            {"password_hash 须为 argon2id 或 pbkdf2-sm3", "password_hash must be argon2id or pbkdf2-sm3"});
    return Status::ok();
}

std::string SecuritySettings::to_json() const {
    boost::json::object o;
    for (const IntField& f : kInts) o[f.key] = this->*f.member;
    o["single_session"] = single_session;
    o["password_hash"] = password_hash;
    return boost::json::serialize(o);
}

Result<SecuritySettings> settings_from_json(std::string_view json, SecuritySettings s) {
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_object()) return Status::invalid({"设置须为JSON对象", "settings must be a JSON object"});
    for (const auto& [k, val] : v.as_object()) {
        bool known = false;
        for (const IntField& f : kInts) {
            if (k != f.key) continue;
            known = true;
            if (!val.is_int64())
                return Status::invalid({std::string(f.key) + " 须为整数", std::string(f.key) + " must be an integer"});
            const auto n = val.as_int64();
            if (n < f.lo || n > f.hi) return out_of_range(f);
            s.*f.member = static_cast<int>(n);
        }
        if (k == "single_session") {
            known = true;
            if (!val.is_bool())
                return Status::invalid({"single_session 须为 true 或 false", "single_session must be true or false"});
            s.single_session = val.as_bool();
        } else if (k == "password_hash") {
            known = true;
            if (!val.is_string())
                return Status::invalid({"password_hash 须为字符串", "password_hash must be a string"});
            s.password_hash = std::string(val.as_string());
        }
        if (!known)
            return Status::invalid(
                {"未知的设置项“" + std::string(k) + "”", "unknown setting \"" + std::string(k) + "\""});
    }
    if (auto st = s.validate(); !st) return st;
    return s;
}

Result<SecuritySettings> load_security_settings(db::Connection& c) {
    SecuritySettings s;
    auto rows = c.query("SELECT key, value FROM settings WHERE key LIKE 'security.%'");
    if (!rows) return rows.status();
    for (const db::Row& r : rows->rows) {
        const std::string key = r.str(0).substr(9);
        const std::string value = r.str(1);
        for (const IntField& f : kInts)
            if (key == f.key) {
                try {
                    s.*f.member = std::stoi(value);
                } catch (...) {
                }
            }
        if (key == "single_session") s.single_session = value == "true";
        if (key == "password_hash") s.password_hash = value;
    }
    if (!s.validate()) return SecuritySettings{};  // a damaged row falls back to the safe defaults
    return s;
}

Status save_security_settings(db::Connection& c, const SecuritySettings& s, const Principal& who,
                              const RequestContext& ctx) {
    if (auto st = s.validate(); !st) return st;
    auto before = load_security_settings(c);
    if (!before) return before.status();
    std::vector<std::pair<std::string, std::string>> kv;
    for (const IntField& f : kInts) kv.emplace_back(f.key, std::to_string(s.*f.member));
    kv.emplace_back("single_session", s.single_session ? "true" : "false");
    kv.emplace_back("password_hash", s.password_hash);
    const std::int64_t t = unix_now();
    for (const auto& [k, v] : kv) {
        const db::Value p[] = {"security." + k, v, who.user_id, t};
        auto r = c.exec(
            "INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            p);
        if (!r) return r.status();
    }
    return append_audit(c, who, ctx, {"security.settings", "settings", "security", before->to_json(), s.to_json()});
}

}  // namespace zx
