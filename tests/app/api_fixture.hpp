// The platform under test for the API suite (api_*_test.cpp): a fresh database (SQLite in memory,
// and PostgreSQL in a schema of its own when ZX_TEST_PG_URL is set), migrated and seeded with the demo
// population, behind the real server on a loopback port, driven by a deliberately dumb raw-socket
// client; the JSON helpers the tests read answers with, the ApiTest fixture (one seeded platform per
// test, on each backend; instantiated once, in api_test.cpp) and the records the role checks point at.
//
// Everything is in a named namespace so that every api_*_test.cpp sees the same ApiTest type, which
// GoogleTest requires of one parameterized suite spread over several files.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "app/app.hpp"
#include "app/demo_seed.hpp"
#include "app/schema.hpp"
#include "modules/identity/captcha.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/http/http.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/migrations.hpp"
#include "support/raw_http_client.hpp"

namespace zx::api::apitest {

namespace fs = std::filesystem;
namespace json = boost::json;

inline constexpr const char* kNanning = "南宁市";
inline constexpr const char* kLiuzhou = "柳州市";
inline constexpr const char* kCsvHeader =
    "uscc,clause,period,eligible,amount_yuan,reason,name,city,clause_title,computed_yuan,capped_yuan\n";

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// The raw-socket client (tests/api/raw_http_client.hpp), with patience for slow endpoints.
using zx::test::Reply;

struct Client : zx::test::Client {
    explicit Client(std::uint16_t port) : zx::test::Client(port, 20) {}
};

// Percent-encodes a query value (UTF-8 city names, quotes, spaces, ...).
inline std::string enc(std::string_view s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

// ---- JSON helpers ----

inline std::optional<json::value> try_parse(const std::string& body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec) return std::nullopt;
    return v;
}

inline json::object obj(const Reply& r) {
    auto v = try_parse(r.body);
    if (!v || !v->is_object()) {
        ADD_FAILURE() << "not a JSON object (HTTP " << r.status << "): " << r.body.substr(0, 300);
        return {};
    }
    return v->as_object();
}

inline std::string S(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    if (it == o.end() || it->value().is_null()) return {};
    if (it->value().is_string()) return std::string(it->value().as_string());
    return json::serialize(it->value());
}
inline std::int64_t I(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    if (it == o.end()) return INT64_MIN;
    const json::value& v = it->value();
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64()) return static_cast<std::int64_t>(v.as_uint64());
    if (v.is_bool()) return v.as_bool() ? 1 : 0;
    return INT64_MIN;
}
inline bool B(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    return it != o.end() && it->value().is_bool() && it->value().as_bool();
}
inline json::array A(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_array()) return {};
    return it->value().as_array();
}
inline std::vector<json::object> items(const Reply& r) {
    std::vector<json::object> out;
    for (const json::value& v : A(obj(r), "items"))
        if (v.is_object()) out.push_back(v.as_object());
    return out;
}
inline std::string error_code(const Reply& r) {
    auto v = try_parse(r.body);
    if (!v || !v->is_object() || !v->as_object().contains("error") || !v->as_object().at("error").is_object())
        return {};
    return S(v->as_object().at("error").as_object(), "code");
}
inline std::string error_message(const Reply& r) {
    auto v = try_parse(r.body);
    if (!v || !v->is_object() || !v->as_object().contains("error") || !v->as_object().at("error").is_object())
        return {};
    return S(v->as_object().at("error").as_object(), "message");
}

inline std::string quote(std::string_view s) {
    return json::serialize(json::value(json::string(s)));
}

// "1234567.89" from fen, the way the API renders output amounts.
inline std::string yuan(std::int64_t fen) {
    char b[40];
    std::snprintf(b, sizeof b, "%s%lld.%02lld", fen < 0 ? "-" : "", static_cast<long long>(std::llabs(fen) / 100),
                  static_cast<long long>(std::llabs(fen) % 100));
    return b;
}
inline std::string strip_commas(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    return s;
}

// An error response carries the error and nothing else: no rows, no record fields.
inline void expect_bare_error(const Reply& r, const std::vector<std::string>& secrets, const std::string& what) {
    auto v = try_parse(r.body);
    ASSERT_TRUE(v && v->is_object()) << what << ": error body is not JSON: " << r.body.substr(0, 200);
    const json::object& o = v->as_object();
    EXPECT_EQ(o.size(), 1u) << what << ": error body has more than \"error\": " << r.body.substr(0, 300);
    ASSERT_TRUE(o.contains("error") && o.at("error").is_object()) << what << ": " << r.body.substr(0, 300);
    for (const auto& kv : o.at("error").as_object()) {
        const std::string key(kv.key());
        EXPECT_TRUE(key == "code" || key == "message" || key == "message_zh" || key == "message_en" ||
                    key == "request_id")
            << what << ": unexpected error field " << key;
    }
    for (const std::string& s : secrets)
        if (!s.empty()) {
            EXPECT_FALSE(contains(r.body, s)) << what << ": error body leaks \"" << s << "\": " << r.body;
        }
}

// ---- the platform under test ----

enum class Backend { kSqlite, kPostgres };

inline const char* pg_url() {
    const char* url = std::getenv("ZX_TEST_PG_URL");
    return url != nullptr && *url != '\0' ? url : nullptr;
}

inline std::string unique_suffix() {
    static std::atomic<int> next{0};
    return std::to_string(::getpid()) + "_" + std::to_string(next++);
}

class Platform {
  public:
    // A migrated database, the App over it (seeded with the demo population when `seed`), and the
    // server on a free loopback port. nullptr with `error` set when any step fails.
    static std::unique_ptr<Platform> start(Backend backend, bool seed, std::string& error) {
        std::unique_ptr<Platform> p(new Platform);
        std::string url = "sqlite::memory:";
        if (backend == Backend::kPostgres) {
            // A schema of its own (every pooled connection gets it as search_path): fresh every time, and
            // dropped with everything in it afterwards.
            p->schema_ = "zx_api_" + unique_suffix();
            const std::string base = pg_url();
            auto admin = db::Database::open(base, 1);
            if (!admin) return error = admin.status().message(), nullptr;
            {
                auto c = (*admin)->acquire();
                if (!c) return error = c.status().message(), nullptr;
                (*c)->exec("DROP SCHEMA IF EXISTS " + p->schema_ + " CASCADE");
                if (auto r = (*c)->exec("CREATE SCHEMA " + p->schema_); !r)
                    return error = r.status().message(), nullptr;
            }
            url = base + (contains(base, "?") ? "&" : "?") + "options=-csearch_path%3D" + p->schema_;
        }
        auto d = db::Database::open(url, 4);
        if (!d) return error = d.status().message(), nullptr;
        p->db_ = std::move(d).value();
        if (auto m = migrate_all(*p->db_); !m) return error = "migrate: " + m.status().message(), nullptr;
        AppOptions options;
        options.policies_root = fs::path(ZX_SOURCE_DIR) / "policies";
        options.schemes_root = fs::path(ZX_SOURCE_DIR) / "schemes";
        options.awards.min_notice_days = 0;  // as `serve --demo`: lifecycles are walked through at once
        auto cipher = gm::FieldCipher::from_hex("3f9a0c27d14e8b5566a1f0e2c3b4d5e6");
        if (!cipher) return error = cipher.status().message(), nullptr;
        auto login_key = gm::Sm2KeyPair::generate();
        if (!login_key) return error = login_key.status().message(), nullptr;
        // A second copy of the login key, for the test to encrypt passwords the way the browser does.
        auto pem = login_key->private_pem();
        if (!pem) return error = pem.status().message(), nullptr;
        auto client_key = gm::Sm2KeyPair::from_pem(*pem);
        if (!client_key) return error = client_key.status().message(), nullptr;
        p->browser_key_ = std::make_unique<gm::Sm2KeyPair>(std::move(client_key).value());
        p->app_ =
            std::make_unique<App>(*p->db_, options, AppKeys{std::move(cipher).value(), std::move(login_key).value()});
        if (seed) {
            auto s = seed_demo(*p->db_, p->app_->runs(), 300, 2023, &p->app_->desk(), &p->app_->parks(),
                               &p->app_->monitoring());  // 南宁市 has awarded enterprises
            if (!s) return error = "seed_demo: " + s.status().message(), nullptr;
            if (!s->seeded || s->run_id == 0) return error = "seed_demo seeded nothing or made no run", nullptr;
            for (const DemoAccount& a : s->accounts) p->passwords_[a.username] = a.password;
            p->demo_run_ = s->run_id;
        }
        http::ServerOptions so;
        so.port = 0;
        so.threads = 2;
        so.access_log = false;
        p->server_ = std::make_unique<http::Server>(so, p->app_->router());
        if (!p->server_->start(&error)) return nullptr;
        return p;
    }

    ~Platform() {
        if (server_) server_->stop();
        server_.reset();
        app_.reset();
        db_.reset();
        if (!schema_.empty()) {
            if (auto admin = db::Database::open(pg_url(), 1))
                if (auto c = (*admin)->acquire()) (*c)->exec("DROP SCHEMA " + schema_ + " CASCADE");
        }
    }

    db::Database& db() { return *db_; }
    App& app() { return *app_; }
    std::uint16_t port() const { return server_->port(); }
    std::int64_t demo_run() const { return demo_run_; }
    // Encrypts like sm-crypto in the browser, with the server's public login key.
    std::string sm2_encrypt(const std::string& plain) {
        auto c = browser_key_->encrypt_hex(plain);
        return c ? *c : std::string();
    }
    const std::string& password(const std::string& user) { return passwords_.at(user); }
    void set_password(const std::string& user, const std::string& pw) { passwords_[user] = pw; }

    Reply call(const std::string& method, const std::string& target, const std::string& token = {},
               const std::string& body = {}, std::string headers = {}) {
        if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
        if ((method == "POST" || method == "PUT" || method == "PATCH") && !contains(headers, "Content-Type:"))
            headers += "Content-Type: application/json\r\n";
        Client c(port());
        auto r = c.request(method, target, headers, body);
        return r.value_or(Reply{});
    }
    Reply get(const std::string& target, const std::string& token = {}) { return call("GET", target, token); }
    Reply post(const std::string& target, const std::string& token, const std::string& body) {
        return call("POST", target, token, body);
    }

    // A fresh captcha and its answer, found the way only a test can: from the stored hash, by trying
    // the 10^4 answers.
    std::pair<std::string, std::string> solve_captcha() {
        Reply c = get("/api/auth/captcha");
        const std::string id = S(obj(c), "id");
        const std::string hash = one("SELECT answer_hash FROM captchas WHERE id = $1", {db::Value(id)});
        for (int i = 0; i < 10000; ++i) {
            char answer[8];
            std::snprintf(answer, sizeof answer, "%04d", i);
            if (captcha_answer_hash(id, answer) == hash) return {id, answer};
        }
        throw std::runtime_error("captcha " + id + " has no four-digit answer");
    }
    static std::string login_body(const std::string& user, const std::string& pw, bool bearer,
                                  const std::pair<std::string, std::string>& captcha = {}) {
        std::string b = "{\"username\":" + quote(user) + ",\"password\":" + quote(pw);
        if (bearer) b += ",\"bearer\":true";
        if (!captcha.first.empty())
            b += ",\"captcha_id\":" + quote(captcha.first) + ",\"captcha_answer\":" + quote(captcha.second);
        return b + "}";
    }
    // Logs in; when the server demands a captcha (after failures from this address), solves one and
    // tries once more.
    Reply login(const std::string& user, const std::string& pw, bool bearer = true) {
        Reply r = post("/api/auth/login", {}, login_body(user, pw, bearer));
        if (r.status == 401 && error_code(r) == "captcha_required")
            r = post("/api/auth/login", {}, login_body(user, pw, bearer, solve_captcha()));
        return r;
    }
    // The bearer token of a seeded account; logs in once per platform ("" stays anonymous).
    std::string token(const std::string& user) {
        if (user.empty()) return {};
        auto it = tokens_.find(user);
        if (it != tokens_.end()) return it->second;
        Reply r = login(user, password(user));
        if (r.status != 200)
            throw std::runtime_error("login " + user + " failed: " + std::to_string(r.status) + " " + r.body);
        const std::string t = S(obj(r), "token");
        if (t.empty()) throw std::runtime_error("login " + user + ": no token in " + r.body);
        return tokens_[user] = t;
    }

    db::Rows sql(const std::string& q, const std::vector<db::Value>& params = {}) {
        auto lease = db_->acquire();
        if (!lease) throw std::runtime_error(lease.status().message());
        auto r = (*lease)->query(q, params);
        if (!r) throw std::runtime_error(q + ": " + r.status().message());
        return std::move(r).value();
    }
    std::int64_t count(const std::string& q, const std::vector<db::Value>& params = {}) {
        db::Rows r = sql(q, params);
        return r.empty() ? 0 : r.rows[0].i64(0);
    }
    std::string one(const std::string& q, const std::vector<db::Value>& params = {}) {
        db::Rows r = sql(q, params);
        return r.empty() ? std::string() : r.rows[0].str(0);
    }
    // Runs a statement directly against the database (outside the API).
    Status exec(const std::string& q) {
        auto lease = db_->acquire();
        if (!lease) return lease.status();
        auto r = (*lease)->exec(q);
        return r ? Status::ok() : r.status();
    }

  private:
    Platform() = default;
    std::string schema_;
    std::unique_ptr<db::Database> db_;
    std::unique_ptr<App> app_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<gm::Sm2KeyPair> browser_key_;
    std::map<std::string, std::string> passwords_, tokens_;
    std::int64_t demo_run_ = 0;
};

inline db::Value T(std::string s) {
    return db::Value(std::move(s));
}

// One seeded platform per test, on each backend.
class ApiTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        if (GetParam() == Backend::kPostgres && !pg_url())
            GTEST_SKIP() << "ZX_TEST_PG_URL is not set; for PostgreSQL coverage run "
                            "eval \"$(scripts/pg-test-cluster.sh start /tmp/zx-pg 55432)\" first";
        std::string error;
        p_ = Platform::start(GetParam(), true, error);
        ASSERT_TRUE(p_) << error;
    }
    void TearDown() override { p_.reset(); }

    Platform& P() { return *p_; }
    std::string tok(const std::string& user) { return p_->token(user); }
    std::string run_path(std::int64_t id, const std::string& rest = {}) {
        return "/api/runs/" + std::to_string(id) + rest;
    }

    // The enterprise account's own USCC (an enterprise of 南宁市).
    std::string own_uscc() { return P().one("SELECT uscc FROM users WHERE username = 'enterprise'"); }
    std::string name_of(const std::string& uscc) {
        return P().one("SELECT name FROM enterprises WHERE uscc = $1", {T(uscc)});
    }
    std::string city_of(const std::string& uscc) {
        return P().one("SELECT city FROM enterprises WHERE uscc = $1", {T(uscc)});
    }
    // A month of `uscc` with the given status, or "".
    std::string month_with(const std::string& uscc, const std::string& status) {
        return P().one("SELECT month FROM output WHERE uscc = $1 AND status = $2 ORDER BY month LIMIT 1",
                       {T(uscc), T(status)});
    }
    // (uscc, month) of the first output month in `city` with `status`.
    std::pair<std::string, std::string> city_month(const std::string& city, const std::string& status) {
        db::Rows r = P().sql(
            "SELECT o.uscc, o.month FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE e.city = $1 "
            "AND o.status = $2 ORDER BY o.uscc, o.month LIMIT 1",
            {T(city), T(status)});
        if (r.empty()) return {};
        return {r.rows[0].str(0), r.rows[0].str(1)};
    }
    std::string output_status(const std::string& uscc, const std::string& month) {
        return P().one(
            "SELECT status || '/' || output_fen || '/' || revision FROM output WHERE uscc = $1 AND month = $2",
            {T(uscc), T(month)});
    }
    Reply upload(const std::string& user, const std::string& kind, const std::string& csv,
                 const std::string& filename = {}) {
        const std::string name = filename.empty() ? kind + ".csv" : filename;
        return P().call("POST", "/api/uploads/" + kind + "?filename=" + enc(name), tok(user), csv,
                        "Content-Type: text/csv\r\n");
    }
    Reply transition(const std::string& user, std::int64_t run, const std::string& to) {
        return P().post(run_path(run, "/transition"), tok(user), "{\"to\":" + quote(to) + ",\"note\":\"api test\"}");
    }
    // Takes a draft run (created by gxt_admin) to `to` along the lifecycle: three people, since the
    // reviewer is not the creator and the approver neither of them.
    void advance(std::int64_t run, const std::string& to) {
        const std::pair<const char*, const char*> steps[] = {{"reviewed", "gxt_reviewer"},
                                                             {"approved", "gxt_approver"},
                                                             {"publicized", "gxt_admin"},
                                                             {"disbursed", "gxt_admin"}};
        for (const auto& [step, user] : steps) {
            Reply r = transition(user, run, step);
            ASSERT_EQ(r.status, 200) << "run " << run << " → " << step << ": " << r.body;
            ASSERT_EQ(S(obj(r), "status"), step);
            if (to == step) return;
        }
    }
    std::int64_t create_run(int notice_days, const std::string& user = "gxt_admin") {
        Reply r = P().post("/api/runs", tok(user),
                           "{\"policy\":\"guangxi-2023\",\"confirm_pending\":true,\"notice_days\":" +
                               std::to_string(notice_days) + "}");
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? I(obj(r), "id") : 0;
    }

    std::unique_ptr<Platform> p_;
};
inline std::string id_number(const std::string& first17) {
    static constexpr int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * kW[i];
    return first17 + "10X98765432"[sum % 11];
}

// The records the matrix and the write checks point at.
struct Targets {
    std::string own_uscc, own_name;         // the enterprise account's own enterprise (南宁市)
    std::string verify_uscc, verify_month;  // a pending month in 南宁市
    std::string revise_uscc, revise_month;  // a verified month in 南宁市
    std::string explain_uscc;               // a 南宁市 enterprise with rows in the demo run
    std::int64_t upload_id = 0;             // a refused upload by nanning
    std::int64_t task_id = 0;            // the seeded task (自治区人力资源社会保障厅, the own enterprise)
    std::int64_t run_id = 0;             // the demo run (draft, created by gxt_admin)
    std::int64_t user_id = 0;            // liuzhou, the account the administration routes act on
    std::string session_id;              // a session of gxt_reviewer, for the forced logout
    std::int64_t desk_case_id = 0;       // the demo enterprise's case, dispatched to 人社厅, with an attachment
    std::string desk_sha;                // its attachment
    std::int64_t desk_subtask_id = 0;    // a co-handler's sub-task (not 人社厅's)
    std::int64_t commissioner_id = 0;    // tpy_nanning
    std::int64_t park_eval_id = 0;       // the demo's 亩均 evaluation (the enterprise account is rated in it)
    std::int64_t park_year = 0;          // its year
    std::int64_t park_draft_id = 0;      // a draft evaluation of the same year (the lifecycle's steps act on it)
    std::int64_t park_objection_id = 0;  // the demo enterprise's open objection to the evaluation
    std::string bulletin_issued;         // the demo's issued 通报 (a month)
    std::string bulletin_draft;          // the demo's draft 通报 (the latest month)
};

// A body that is valid for each write route, so that an allowed role gets 2xx.
inline std::string write_body(const std::string& pattern, const Targets& t) {
    if (pattern == "/api/users")
        return R"({"username":"matrix_user","display_name":"矩阵","role":"auditor","password":"Matrix-Pass-1"})";
    if (pattern == "/api/users/{id}/disable") return R"({"disabled":false})";
    if (pattern == "/api/users/{id}/reset-password") return R"({"password":"Reset-Pass-123"})";
    if (pattern == "/api/security/settings") return R"({"password_min_length":8,"captcha_after_failures":3})";
    if (pattern == "/api/enterprises/{uscc}/contact")
        return "{\"contact_name\":\"张三\",\"phone\":\"13800138000\",\"id_number\":\"" +
               id_number("45010219800101123") + "\",\"bank_account\":\"6222020200112233445\"}";
    if (pattern == "/api/enterprises/{uscc}/contact/reveal") return R"({"field":"phone"})";
    if (pattern == "/api/uploads/{kind}") return "uscc,month,output_yuan\n" + t.own_uscc + ",2024-01,100.00\n";
    if (pattern == "/api/output/verify")
        return "{\"uscc\":" + quote(t.verify_uscc) + ",\"months\":[" + quote(t.verify_month) +
               "],\"action\":\"verify\"}";
    if (pattern == "/api/output/verify-bulk")  // a dry run: counts, changes nothing
        return "{\"filter\":{\"month_from\":" + quote(t.verify_month) + "},\"action\":\"verify\"}";
    if (pattern == "/api/output/revise")
        return "{\"uscc\":" + quote(t.revise_uscc) + ",\"month\":" + quote(t.revise_month) +
               ",\"output_yuan\":\"123.45\",\"reason\":\"矩阵测试修订\"}";
    if (pattern == "/api/tasks")
        return "{\"department\":\"自治区商务厅\",\"title\":\"matrix task\",\"uscc\":" + quote(t.own_uscc) + "}";
    if (pattern == "/api/tasks/{id}/status") return R"({"status":"in_progress"})";
    if (pattern == "/api/runs") return R"({"policy":"guangxi-2023","notice_days":0,"confirm_pending":true})";
    if (pattern == "/api/runs/{id}/transition") return R"({"to":"reviewed","note":"matrix"})";
    if (pattern == "/api/runs/{id}/recompute") return R"({"confirm_pending":true})";
    if (pattern == "/api/runs/{id}/objections") return R"({"text":"矩阵测试异议"})";
    if (pattern == "/api/runs/{id}/objections/{objection}/decision")
        return R"({"decision":"rejected","reason":"矩阵测试理由"})";
    if (pattern == "/api/simulate") return R"({"policy":"guangxi-2023","set":{"clause2.growth_min":"10%"}})";
    if (pattern == "/api/scenarios")
        return R"({"name":"矩阵方案","policy":"guangxi-2023","set":{"clause2.rate":"2%"}})";
    if (pattern == "/api/desk/cases")
        return "{\"uscc\":" + quote(t.own_uscc) + R"(,"category":"other","urgency":"normal","title":"矩阵测试问题"})";
    if (pattern == "/api/desk/cases/{id}/actions") return R"({"action":"accept"})";
    if (pattern == "/api/desk/subtasks/{id}/actions") return R"({"action":"accept"})";
    if (pattern == "/api/desk/assignments")
        return "{\"uscc\":[" + quote(t.own_uscc) + "],\"commissioner_id\":" + std::to_string(t.commissioner_id) + "}";
    if (pattern == "/api/desk/notifications/read") return R"({"all":true})";
    // One parcel of the enterprise's, outside every park: valid on its own.
    if (pattern == "/api/parks/data/{table}")
        return "uscc,parcel_id,area_mu,tenure,park_id\n" + t.own_uscc + ",MATRIX-1,12.50,owned,\n";
    if (pattern == "/api/parks/evaluations")
        return "{\"scheme\":\"guangxi-default\",\"year\":" + std::to_string(t.park_year) + "}";
    if (pattern == "/api/parks/evaluations/{id}/what-if") return R"({"weights":{"tax_per_mu":"40"}})";
    if (pattern == "/api/parks/evaluations/{id}/transition") return R"({"to":"withdrawn","note":"矩阵测试"})";
    if (pattern == "/api/parks/evaluations/{id}/objections") return R"({"clause":"land_mu","text":"矩阵测试异议"})";
    if (pattern == "/api/parks/evaluations/{id}/objections/{objection}/decision")
        return R"({"decision":"rejected","reason":"矩阵测试理由"})";
    if (pattern == "/api/monitoring/data/{table}")  // city_indicators (fill): one published row
        return "city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,"
               "special_bonds_used_yuan,manufacturing_share_pct\n南宁市," +
               t.bulletin_draft + ",5.1,-2.3,100000000,80000000,30.5\n";
    if (pattern == "/api/monitoring/bulletins") return "{\"month\":" + quote(t.bulletin_draft) + "}";
    if (pattern == "/api/monitoring/warnings/scan") return "{\"month\":" + quote(t.bulletin_draft) + "}";
    if (pattern == "/api/desk/webhooks")
        return R"({"department":"自治区人力资源社会保障厅","url":"http://127.0.0.1:9/hook"})";
    if (pattern == "/api/desk/exchange/import")
        return "{\"cases\":[{\"source\":\"12345\",\"external_id\":\"M-1\",\"uscc\":" + quote(t.own_uscc) +
               R"(,"category":"other","urgency":"normal","title":"矩阵测试外部案件"}]})";
    return "{}";
}

inline std::string fill(std::string pattern, const Targets& t) {
    auto replace = [&](const std::string& from, const std::string& to) {
        for (std::size_t p; (p = pattern.find(from)) != std::string::npos;) pattern.replace(p, from.size(), to);
    };
    if (contains(pattern, "/explain/{uscc}")) replace("/explain/{uscc}", "/explain/" + t.explain_uscc);
    replace("{uscc}", t.own_uscc);
    replace("{kind}", "output");
    if (contains(pattern, "/api/uploads/")) replace("{id}", std::to_string(t.upload_id));
    if (contains(pattern, "/api/tasks/")) replace("{id}", std::to_string(t.task_id));
    if (contains(pattern, "/api/desk/cases/")) replace("{id}", std::to_string(t.desk_case_id));
    if (contains(pattern, "/api/desk/subtasks/")) replace("{id}", std::to_string(t.desk_subtask_id));
    if (contains(pattern, "/api/parks/evaluations/{id}/transition")) replace("{id}", std::to_string(t.park_draft_id));
    if (contains(pattern, "/api/parks/evaluations/")) {
        replace("{id}", std::to_string(t.park_eval_id));
        replace("{objection}", std::to_string(t.park_objection_id));
    }
    if (contains(pattern, "/api/monitoring/")) {
        replace("{table}", "city_indicators");
        replace("{month}", t.bulletin_issued);
        replace("{city}", "%E5%8D%97%E5%AE%81%E5%B8%82");  // 南宁市
    }
    replace("{table}", "land");
    replace("{sha256}", t.desk_sha);
    if (contains(pattern, "/api/policies/")) replace("{id}", "guangxi-2023");
    if (contains(pattern, "/api/users/")) replace("{id}", std::to_string(t.user_id));
    if (contains(pattern, "/api/security/sessions/")) replace("{id}", t.session_id);
    replace("{id}", std::to_string(t.run_id));
    replace("{other}", std::to_string(t.run_id));
    replace("{objection}", "1");
    return pattern;
}

inline Targets find_targets(
    Platform& p, const std::function<Reply(const std::string&, const std::string&, const std::string&)>& upload) {
    Targets t;
    t.own_uscc = p.one("SELECT uscc FROM users WHERE username = 'enterprise'");
    t.own_name = p.one("SELECT name FROM enterprises WHERE uscc = $1", {T(t.own_uscc)});
    db::Rows pend = p.sql(
        "SELECT o.uscc, o.month FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE e.city = $1 AND "
        "o.status = 'pending' ORDER BY o.uscc, o.month LIMIT 1",
        {T(kNanning)});
    db::Rows ver = p.sql(
        "SELECT o.uscc, o.month FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE e.city = $1 AND "
        "o.status = 'verified' ORDER BY o.uscc DESC, o.month LIMIT 1",
        {T(kNanning)});
    if (pend.empty() || ver.empty()) throw std::runtime_error("no pending or verified month in 南宁市");
    t.verify_uscc = pend.rows[0].str(0);
    t.verify_month = pend.rows[0].str(1);
    t.revise_uscc = ver.rows[0].str(0);
    t.revise_month = ver.rows[0].str(1);
    t.run_id = p.demo_run();
    t.explain_uscc = p.one("SELECT uscc FROM run_rows WHERE run_id = $1 AND city = $2 ORDER BY uscc LIMIT 1",
                           {db::Value(t.run_id), T(kNanning)});
    t.task_id = p.count("SELECT MIN(id) FROM tasks");
    t.user_id = p.count("SELECT id FROM users WHERE username = 'liuzhou'");
    t.desk_case_id = p.count("SELECT id FROM desk_cases WHERE idempotency_key = 'demo-own-case'");
    t.desk_sha = p.one("SELECT sha256 FROM desk_attachments WHERE case_id = $1", {db::Value(t.desk_case_id)});
    t.desk_subtask_id = p.count("SELECT MIN(id) FROM desk_subtasks");
    t.commissioner_id = p.count("SELECT id FROM users WHERE username = 'tpy_nanning'");
    t.park_eval_id = p.count("SELECT MIN(id) FROM park_evaluations WHERE status = 'publicized'");
    t.park_year = p.count("SELECT MAX(year) FROM park_evaluations");
    t.park_draft_id = p.count("SELECT MAX(id) FROM park_evaluations WHERE status = 'draft'");
    t.park_objection_id = p.count("SELECT MIN(id) FROM park_eval_objections WHERE status = 'open'");
    t.bulletin_issued = p.one("SELECT MAX(month) FROM monitoring_bulletins WHERE status = 'issued'");
    t.bulletin_draft = p.one("SELECT MAX(month) FROM monitoring_bulletins WHERE status = 'draft'");
    Reply bad = upload("nanning", "output", "uscc,month,output_yuan\n" + t.own_uscc + ",2024-02,not-a-number\n");
    if (bad.status != 422) throw std::runtime_error("expected a refused upload: " + bad.body);
    t.upload_id = I(obj(bad), "upload_id");
    Reply reviewer = p.login("gxt_reviewer", p.password("gxt_reviewer"));
    if (reviewer.status != 200) throw std::runtime_error("gxt_reviewer cannot log in: " + reviewer.body);
    t.session_id =
        p.one("SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'gxt_reviewer'");
    return t;
}

}  // namespace zx::api::apitest
