// The platform's HTTP API end to end and in process: a fresh database (SQLite in memory, and
// PostgreSQL in a schema of its own when ZX_TEST_PG_URL is set), migrated and seeded with the demo
// population, behind the real server on a loopback port, driven by a deliberately dumb raw-socket
// client. What a caller can do is pinned from the outside: authentication, the role × endpoint
// matrix over every route, scope (IDOR) checks, crafted parameters, the data workflow, the run
// lifecycle and ledger, OpenAPI against the router, the audit trail, and fuzzed request bodies.
//
// Bugs found in src/ while writing this suite are pinned by tests marked "Regression": they assert
// the correct behaviour and fail if the bug comes back.
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
#include "modules/identity/captcha.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/http/http.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/migrations.hpp"
#include "support/raw_http_client.hpp"

namespace zx::api {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kNanning = "南宁市";
constexpr const char* kLiuzhou = "柳州市";
constexpr const char* kCsvHeader =
    "uscc,clause,period,eligible,amount_yuan,reason,name,city,clause_title,computed_yuan,capped_yuan\n";

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// The raw-socket client (tests/api/raw_http_client.hpp), with patience for slow endpoints.
using zx::test::Reply;

struct Client : zx::test::Client {
    explicit Client(std::uint16_t port) : zx::test::Client(port, 20) {}
};

// Percent-encodes a query value (UTF-8 city names, quotes, spaces, ...).
std::string enc(std::string_view s) {
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

std::optional<json::value> try_parse(const std::string& body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec) return std::nullopt;
    return v;
}

json::object obj(const Reply& r) {
    auto v = try_parse(r.body);
    if (!v || !v->is_object()) {
        ADD_FAILURE() << "not a JSON object (HTTP " << r.status << "): " << r.body.substr(0, 300);
        return {};
    }
    return v->as_object();
}

std::string S(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    if (it == o.end() || it->value().is_null()) return {};
    if (it->value().is_string()) return std::string(it->value().as_string());
    return json::serialize(it->value());
}
std::int64_t I(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    if (it == o.end()) return INT64_MIN;
    const json::value& v = it->value();
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64()) return static_cast<std::int64_t>(v.as_uint64());
    if (v.is_bool()) return v.as_bool() ? 1 : 0;
    return INT64_MIN;
}
bool B(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    return it != o.end() && it->value().is_bool() && it->value().as_bool();
}
json::array A(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_array()) return {};
    return it->value().as_array();
}
std::vector<json::object> items(const Reply& r) {
    std::vector<json::object> out;
    for (const json::value& v : A(obj(r), "items"))
        if (v.is_object()) out.push_back(v.as_object());
    return out;
}
std::string error_code(const Reply& r) {
    auto v = try_parse(r.body);
    if (!v || !v->is_object() || !v->as_object().contains("error") || !v->as_object().at("error").is_object())
        return {};
    return S(v->as_object().at("error").as_object(), "code");
}
std::string error_message(const Reply& r) {
    auto v = try_parse(r.body);
    if (!v || !v->is_object() || !v->as_object().contains("error") || !v->as_object().at("error").is_object())
        return {};
    return S(v->as_object().at("error").as_object(), "message");
}

std::string quote(std::string_view s) {
    return json::serialize(json::value(json::string(s)));
}

// "1234567.89" from fen, the way the API renders output amounts.
std::string yuan(std::int64_t fen) {
    char b[40];
    std::snprintf(b, sizeof b, "%s%lld.%02lld", fen < 0 ? "-" : "", static_cast<long long>(std::llabs(fen) / 100),
                  static_cast<long long>(std::llabs(fen) % 100));
    return b;
}
std::string strip_commas(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    return s;
}

// An error response carries the error and nothing else: no rows, no record fields.
void expect_bare_error(const Reply& r, const std::vector<std::string>& secrets, const std::string& what) {
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

const char* pg_url() {
    const char* url = std::getenv("ZX_TEST_PG_URL");
    return url != nullptr && *url != '\0' ? url : nullptr;
}

std::string unique_suffix() {
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
        if (auto m = db::migrate(*p->db_); !m) return error = "migrate: " + m.status().message(), nullptr;
        AppOptions options;
        options.policies_root = fs::path(ZX_SOURCE_DIR) / "policies";
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
            auto s = seed_demo(*p->db_, p->app_->runs(), 300, 7);
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
        if ((method == "POST" || method == "PUT") && !contains(headers, "Content-Type:"))
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

db::Value T(std::string s) {
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
    // Takes a draft run to `to` along the lifecycle (gxt_reviewer approves: the creator may not).
    void advance(std::int64_t run, const std::string& to) {
        const std::pair<const char*, const char*> steps[] = {{"reviewed", "gxt_admin"},
                                                             {"approved", "gxt_reviewer"},
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
                           "{\"policy\":\"guangxi-2023\",\"notice_days\":" + std::to_string(notice_days) + "}");
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? I(obj(r), "id") : 0;
    }

    std::unique_ptr<Platform> p_;
};

// ---- 1. Authentication ----

TEST_P(ApiTest, LoginFailuresAreIndistinguishableThenNeedACaptchaThenLock) {
    // Tokens first: after three failures from this address every login needs a captcha.
    const std::string sec = tok("secadmin");
    Reply wrong = P().post("/api/auth/login", {}, Platform::login_body("gxt_admin", "Wrong-Password-1", true));
    Reply unknown = P().post("/api/auth/login", {}, Platform::login_body("no_such_user", "Wrong-Password-1", true));
    EXPECT_EQ(wrong.status, 401) << wrong.body;
    EXPECT_EQ(unknown.status, 401) << unknown.body;
    EXPECT_EQ(error_code(wrong), error_code(unknown));
    EXPECT_EQ(error_message(wrong), error_message(unknown));
    expect_bare_error(wrong, {"gxt_admin"}, "wrong password");
    expect_bare_error(unknown, {"no_such_user"}, "unknown user");

    // Third failure, then the captcha gate: no password is checked without a solved captcha.
    EXPECT_EQ(P().post("/api/auth/login", {}, Platform::login_body("liuzhou", "Wrong-Password-0", true)).status, 401);
    Reply gate = P().post("/api/auth/login", {}, Platform::login_body("liuzhou", P().password("liuzhou"), true));
    EXPECT_EQ(gate.status, 401) << gate.body;
    EXPECT_EQ(error_code(gate), "captcha_required");
    EXPECT_FALSE(contains(gate.body, "\"token\""));
    Reply c = P().get("/api/auth/captcha");
    ASSERT_EQ(c.status, 200);
    EXPECT_TRUE(contains(S(obj(c), "svg"), "<svg")) << c.body.substr(0, 200);
    EXPECT_FALSE(contains(S(obj(c), "svg"), "<text"));
    auto solved = P().solve_captcha();
    std::string wrong_answer = solved.second;
    wrong_answer[0] = wrong_answer[0] == '9' ? '0' : static_cast<char>(wrong_answer[0] + 1);
    Reply bad_answer =
        P().post("/api/auth/login", {},
                 Platform::login_body("liuzhou", P().password("liuzhou"), true, {solved.first, wrong_answer}));
    EXPECT_EQ(error_code(bad_answer), "captcha_required") << bad_answer.body;
    // A captcha is good for one attempt, right or wrong.
    Reply reused =
        P().post("/api/auth/login", {}, Platform::login_body("liuzhou", P().password("liuzhou"), true, solved));
    EXPECT_EQ(error_code(reused), "captcha_required") << reused.body;

    // Five failures of the account lock it: the right password (and captcha) is refused afterwards.
    for (int i = 1; i < 5; ++i) {
        Reply r = P().login("liuzhou", "Wrong-Password-" + std::to_string(i));
        EXPECT_EQ(r.status, 401) << r.body;
        EXPECT_EQ(error_code(r), "unauthorized");
    }
    Reply locked = P().login("liuzhou", P().password("liuzhou"));
    EXPECT_EQ(locked.status, 429) << locked.body;
    EXPECT_EQ(error_code(locked), "too_many_requests");
    EXPECT_FALSE(contains(locked.body, "\"token\"")) << locked.body;
    // Other accounts are unaffected (with a captcha); the security administrator unlocks.
    EXPECT_EQ(P().login("gxt_admin", P().password("gxt_admin")).status, 200);
    const std::string liuzhou_id = P().one("SELECT id FROM users WHERE username = 'liuzhou'");
    Reply unlock = P().post("/api/users/" + liuzhou_id + "/unlock", sec, "{}");
    EXPECT_EQ(unlock.status, 200) << unlock.body;
    EXPECT_EQ(P().login("liuzhou", P().password("liuzhou")).status, 200);
}

TEST_P(ApiTest, CookieSessionNeedsCsrfForUnsafeMethodsAndLogoutEndsIt) {
    const auto [uscc, month] = city_month(kNanning, "pending");
    ASSERT_FALSE(uscc.empty());
    Reply login = P().login("nanning", P().password("nanning"), false);
    ASSERT_EQ(login.status, 200) << login.body;
    const json::object body = obj(login);
    EXPECT_FALSE(body.contains("token")) << "a cookie login must not expose the session token to scripts";
    const std::string csrf = S(body, "csrf_token");
    ASSERT_FALSE(csrf.empty());
    const std::string set_cookie = login.header("set-cookie");
    EXPECT_TRUE(contains(set_cookie, "HttpOnly")) << set_cookie;
    EXPECT_TRUE(contains(set_cookie, "SameSite=Strict")) << set_cookie;
    EXPECT_TRUE(contains(set_cookie, "Path=/")) << set_cookie;
    ASSERT_EQ(set_cookie.rfind("zx_session=", 0), 0u) << set_cookie;
    const std::string cookie = "Cookie: " + set_cookie.substr(0, set_cookie.find(';')) + "\r\n";

    Reply me = P().call("GET", "/api/auth/me", {}, {}, cookie);
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(S(obj(me), "csrf_token"), csrf);

    const std::string verify = "{\"uscc\":" + quote(uscc) + ",\"months\":[" + quote(month) + "],\"action\":\"verify\"}";
    Reply no_csrf = P().call("POST", "/api/output/verify", {}, verify, cookie);
    EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
    EXPECT_EQ(error_code(no_csrf), "csrf");
    Reply bad_csrf = P().call("POST", "/api/output/verify", {}, verify, cookie + "X-CSRF-Token: " + csrf + "x\r\n");
    EXPECT_EQ(bad_csrf.status, 403);
    EXPECT_EQ(error_code(bad_csrf), "csrf");
    EXPECT_EQ(P().one("SELECT status FROM output WHERE uscc = $1 AND month = $2", {T(uscc), T(month)}), "pending");
    Reply with_csrf = P().call("POST", "/api/output/verify", {}, verify, cookie + "X-CSRF-Token: " + csrf + "\r\n");
    EXPECT_EQ(with_csrf.status, 200) << with_csrf.body;
    EXPECT_EQ(P().one("SELECT status FROM output WHERE uscc = $1 AND month = $2", {T(uscc), T(month)}), "verified");
    // PUT counts as unsafe too.
    Reply put = P().call("PUT", "/api/enterprises/" + uscc + "/contact", {}, R"({"contact_name":"李四"})", cookie);
    EXPECT_EQ(put.status, 403);
    EXPECT_EQ(error_code(put), "csrf");

    // Logout is a POST as well; then the cookie is dead and cleared.
    EXPECT_EQ(P().call("POST", "/api/auth/logout", {}, "{}", cookie).status, 403);
    Reply out = P().call("POST", "/api/auth/logout", {}, "{}", cookie + "X-CSRF-Token: " + csrf + "\r\n");
    EXPECT_EQ(out.status, 200) << out.body;
    EXPECT_TRUE(contains(out.header("set-cookie"), "Max-Age=0")) << out.header("set-cookie");
    EXPECT_EQ(P().call("GET", "/api/auth/me", {}, {}, cookie).status, 401);

    // A bearer session: no CSRF needed, and logout kills the token too.
    const std::string bearer = tok("nanning");
    EXPECT_EQ(P().get("/api/auth/me", bearer).status, 200);
    EXPECT_EQ(P().post("/api/auth/logout", bearer, "{}").status, 200);
    EXPECT_EQ(P().get("/api/auth/me", bearer).status, 401);
    EXPECT_EQ(P().get("/api/enterprises", bearer).status, 401);
}

TEST_P(ApiTest, NewUserMustChangePasswordAndPolicyIsEnforced) {
    const std::string sys = tok("sysadmin");
    Reply weak = P().post("/api/users", sys,
                          R"({"username":"weak_user","role":"city_official","city":"南宁市","password":"abcdefgh"})");
    EXPECT_EQ(weak.status, 400) << weak.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM users WHERE username = 'weak_user'"), 0);

    Reply created =
        P().post("/api/users", sys,
                 R"({"username":"nn_clerk","role":"city_official","city":"南宁市","password":"Init-Pass-123"})");
    ASSERT_EQ(created.status, 201) << created.body;
    Reply login = P().login("nn_clerk", "Init-Pass-123");
    ASSERT_EQ(login.status, 200) << login.body;
    const json::object lo = obj(login);
    EXPECT_TRUE(B(lo.at("user").as_object(), "must_change_password"));
    const std::string t = S(lo, "token");

    Reply blocked = P().get("/api/enterprises", t);
    EXPECT_EQ(blocked.status, 403) << blocked.body;
    EXPECT_EQ(error_code(blocked), "password_change_required");
    expect_bare_error(blocked, {}, "password_change_required");
    EXPECT_EQ(P().get("/api/runs", t).status, 403);
    EXPECT_EQ(P().get("/api/auth/me", t).status, 200);

    Reply policy = P().post("/api/auth/password", t, R"({"old_password":"Init-Pass-123","new_password":"abcdefgh"})");
    EXPECT_EQ(policy.status, 400) << policy.body;
    Reply wrong_old =
        P().post("/api/auth/password", t, R"({"old_password":"Not-The-Pass-1","new_password":"New-Pass-456"})");
    EXPECT_GE(wrong_old.status, 400);
    EXPECT_LT(wrong_old.status, 500);
    EXPECT_EQ(P().get("/api/enterprises", t).status, 403);

    Reply changed =
        P().post("/api/auth/password", t, R"({"old_password":"Init-Pass-123","new_password":"New-Pass-456"})");
    ASSERT_EQ(changed.status, 200) << changed.body;
    Reply now = P().get("/api/enterprises?page_size=500", t);
    ASSERT_EQ(now.status, 200) << now.body;
    for (const auto& e : items(now)) {
        EXPECT_EQ(S(e, "city"), kNanning);
    }
    // The previous password may not come back.
    Reply back = P().post("/api/auth/password", t, R"({"old_password":"New-Pass-456","new_password":"Init-Pass-123"})");
    EXPECT_EQ(back.status, 400) << back.body;
    EXPECT_EQ(P().login("nn_clerk", "Init-Pass-123").status, 401);
    EXPECT_EQ(P().login("nn_clerk", "New-Pass-456").status, 200);

    // An expired password forces a change as well.
    ASSERT_TRUE(P().exec("UPDATE users SET password_changed_at = 1 WHERE username = 'nn_clerk'"));
    EXPECT_EQ(P().get("/api/enterprises", t).status, 403);
    EXPECT_EQ(error_code(P().get("/api/enterprises", t)), "password_change_required");
}

TEST_P(ApiTest, AccountAdministrationEndsSessions) {
    const std::string sys = tok("sysadmin");
    const std::string sec = tok("secadmin");
    const std::string nn = tok("nanning");
    const std::string nn_id = P().one("SELECT id FROM users WHERE username = 'nanning'");
    // Disabling ends the sessions and refuses logins; enabling lets the account back in.
    ASSERT_EQ(P().post("/api/users/" + nn_id + "/disable", sys, R"({"disabled":true})").status, 200);
    EXPECT_EQ(P().get("/api/auth/me", nn).status, 401);
    Reply refused = P().login("nanning", P().password("nanning"));
    EXPECT_GE(refused.status, 400);
    EXPECT_FALSE(contains(refused.body, "\"token\""));
    ASSERT_EQ(P().post("/api/users/" + nn_id + "/disable", sys, R"({"disabled":false})").status, 200);
    EXPECT_EQ(P().post("/api/users/" + P().one("SELECT id FROM users WHERE username = 'sysadmin'") + "/disable", sys,
                       R"({"disabled":true})")
                  .status,
              400);
    EXPECT_EQ(P().post("/api/users/999999/disable", sys, R"({"disabled":true})").status, 404);
    // A reset password must be changed at the next login.
    ASSERT_EQ(P().post("/api/users/" + nn_id + "/reset-password", sys, R"({"password":"Reset-Pass-123"})").status, 200);
    Reply again = P().login("nanning", "Reset-Pass-123");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(error_code(P().get("/api/output", S(obj(again), "token"))), "password_change_required");
    // The security administrator sees online sessions and ends one.
    Reply sessions = P().get("/api/security/sessions", sec);
    ASSERT_EQ(sessions.status, 200);
    std::string victim;
    for (const auto& s : items(sessions))
        if (S(s, "username") == "nanning") victim = S(s, "id");
    ASSERT_EQ(victim.size(), 64u) << sessions.body;
    EXPECT_EQ(P().call("DELETE", "/api/security/sessions/" + victim, sec).status, 200);
    EXPECT_EQ(P().get("/api/auth/me", S(obj(again), "token")).status, 401);
    EXPECT_EQ(P().call("DELETE", "/api/security/sessions/" + victim, sec).status, 404);
    // Single session: a new login ends the account's other sessions.
    ASSERT_EQ(P().call("PUT", "/api/security/settings", sec, R"({"single_session":true})").status, 200);
    const std::string first = S(obj(P().login("gxt_reviewer", P().password("gxt_reviewer"))), "token");
    ASSERT_EQ(P().get("/api/auth/me", first).status, 200);
    ASSERT_EQ(P().login("gxt_reviewer", P().password("gxt_reviewer")).status, 200);
    EXPECT_EQ(P().get("/api/auth/me", first).status, 401);
    // Idle and absolute expiry are enforced by the server, whatever the client keeps.
    const std::string idle = tok("hrss");
    ASSERT_EQ(P().get("/api/tasks", idle).status, 200);
    ASSERT_TRUE(
        P().exec("UPDATE sessions SET last_seen = last_seen - 1801 WHERE user_id = "
                 "(SELECT id FROM users WHERE username = 'hrss')"));
    EXPECT_EQ(P().get("/api/tasks", idle).status, 401);
    const std::string expiring = tok("auditor");
    ASSERT_TRUE(P().exec(
        "UPDATE sessions SET expires_at = 1 WHERE user_id = (SELECT id FROM users WHERE username = 'auditor')"));
    EXPECT_EQ(P().get("/api/runs", expiring).status, 401);
    Reply bad_setting = P().call("PUT", "/api/security/settings", sec, R"({"idle_timeout_minutes":600})");
    EXPECT_EQ(bad_setting.status, 400) << bad_setting.body;
    EXPECT_EQ(P().call("PUT", "/api/security/settings", sec, R"({"no_such_setting":1})").status, 400);
}

TEST_P(ApiTest, BrowserMayEncryptThePasswordWithSm2) {
    Reply key = P().get("/api/auth/login-key");
    ASSERT_EQ(key.status, 200);
    EXPECT_EQ(S(obj(key), "algorithm"), "SM2");
    EXPECT_EQ(S(obj(key), "public_key").size(), 130u);
    const std::string cipher = P().sm2_encrypt(P().password("nanning"));
    ASSERT_FALSE(cipher.empty());
    Reply ok = P().post("/api/auth/login", {},
                        "{\"username\":\"nanning\",\"password_sm2\":" + quote(cipher) + ",\"bearer\":true}");
    EXPECT_EQ(ok.status, 200) << ok.body;
    Reply garbage =
        P().post("/api/auth/login", {}, R"({"username":"nanning","password_sm2":"04deadbeef","bearer":true})");
    EXPECT_EQ(garbage.status, 400) << garbage.body;
    Reply wrong = P().post(
        "/api/auth/login", {},
        "{\"username\":\"nanning\",\"password_sm2\":" + quote(P().sm2_encrypt("Wrong-Pass-1")) + ",\"bearer\":true}");
    EXPECT_EQ(wrong.status, 401) << wrong.body;
}

// Regression (was a bug, fixed): AuthService::login answers an unknown user by "verifying" against a dummy argon2id
// string whose hash part ("Zm9v", 3 bytes) is shorter than argon2's minimum output, so libsodium rejects it without
// hashing: an unknown username is answered far faster than a wrong password, which tells an attacker which usernames
// exist (auth.cpp, the `if (!known)` branch).
TEST_P(ApiTest, UnknownUserCostsAsMuchAsWrongPassword) {
    using Clock = std::chrono::steady_clock;
    auto timed = [&](const std::string& user) {
        // The captcha (demanded after three failures) is solved before the clock starts.
        std::pair<std::string, std::string> captcha;
        if (P().count("SELECT COUNT(*) FROM login_failures") >= 3) captcha = P().solve_captcha();
        const std::string body = Platform::login_body(user, "Wrong-Password-1", true, captcha);
        const auto t0 = Clock::now();
        Reply r = P().post("/api/auth/login", {}, body);
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        EXPECT_EQ(r.status, 401) << r.body;
        EXPECT_EQ(error_code(r), "unauthorized") << r.body;
        return s;
    };
    double unknown = 1e9, wrong = 1e9;
    for (int i = 0; i < 3; ++i) {
        unknown = std::min(unknown, timed("nobody_" + std::to_string(i)));
        wrong = std::min(wrong, timed("auditor"));
    }
    if (unknown * 10 < wrong)
        ADD_FAILURE() << "regression: login of an unknown user takes " << unknown * 1000
                      << " ms, of a known user with a wrong "
                      << "password " << wrong * 1000 << " ms (timing reveals which usernames exist)";
    EXPECT_GT(unknown * 3, wrong);
}

// Regression (was a bug, fixed): 三员分立 is not enforced on account administration: the system administrator may
// create an audit_admin (or security_admin) account, or reset the audit administrator's password, and so read the audit
// log it is meant to be kept from (auth.cpp create_user / reset_password accept any role and any user). Expected:
// creating or resetting the other two administrators is refused (403).
TEST_P(ApiTest, SystemAdministratorCannotBecomeTheAuditor) {
    const std::string sys = tok("sysadmin");
    EXPECT_EQ(P().get("/api/audit", sys).status, 403);
    Reply mint =
        P().post("/api/users", sys, R"({"username":"shadow_audit","role":"audit_admin","password":"Shadow-Pass-1"})");
    const std::string audit_admin_id = P().one("SELECT id FROM users WHERE username = 'auditadmin'");
    Reply reset = P().post("/api/users/" + audit_admin_id + "/reset-password", sys, R"({"password":"Taken-Over-1"})");
    if (mint.status == 201 || reset.status == 200) {
        std::string how = mint.status == 201 ? "created an audit_admin account" : "";
        if (reset.status == 200) how += std::string(how.empty() ? "" : " and ") + "reset auditadmin's password";
        // Show that the door is really open: log in, change the password, read the log.
        Reply in = P().login(mint.status == 201 ? "shadow_audit" : "auditadmin",
                             mint.status == 201 ? "Shadow-Pass-1" : "Taken-Over-1");
        const std::string t = S(obj(in), "token");
        P().post("/api/auth/password", t,
                 std::string("{\"old_password\":") + (mint.status == 201 ? "\"Shadow-Pass-1\"" : "\"Taken-Over-1\"") +
                     ",\"new_password\":\"Mine-Now-789\"}");
        const int read = P().get("/api/audit", t).status;
        ADD_FAILURE() << "regression: the system administrator " << how << "; GET /api/audit with that account → "
                      << read;
    }
    EXPECT_EQ(mint.status, 403) << mint.body;
    EXPECT_EQ(reset.status, 403) << reset.body;
}

// ---- 2. The role × endpoint matrix ----

enum Who { kAnon, kProv, kCity, kDept, kEnt, kAud, kSys, kSec, kAudAdm, kWhoCount };
constexpr const char* kUserOf[kWhoCount] = {"",        "gxt_admin", "nanning",  "hrss",      "enterprise",
                                            "auditor", "sysadmin",  "secadmin", "auditadmin"};
constexpr const char* kWhoLabel[kWhoCount] = {"anon",    "province", "city:南宁", "dept",      "enterprise",
                                              "auditor", "sysadmin", "secadmin",  "auditadmin"};

// A valid 18-character resident ID: 17 digits and the GB 11643 check character.
std::string id_number(const std::string& first17) {
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
    std::int64_t task_id = 0;  // the seeded task (自治区人力资源社会保障厅, the own enterprise)
    std::int64_t run_id = 0;   // the demo run (draft, created by gxt_admin)
    std::int64_t user_id = 0;  // liuzhou, the account the administration routes act on
    std::string session_id;    // a session of gxt_reviewer, for the forced logout
};

// A body that is valid for each write route, so that an allowed role gets 2xx.
std::string write_body(const std::string& pattern, const Targets& t) {
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
    if (pattern == "/api/output/revise")
        return "{\"uscc\":" + quote(t.revise_uscc) + ",\"month\":" + quote(t.revise_month) +
               ",\"output_yuan\":\"123.45\",\"reason\":\"矩阵测试修订\"}";
    if (pattern == "/api/tasks")
        return "{\"department\":\"自治区商务厅\",\"title\":\"matrix task\",\"uscc\":" + quote(t.own_uscc) + "}";
    if (pattern == "/api/tasks/{id}/status") return R"({"status":"in_progress"})";
    if (pattern == "/api/runs") return R"({"policy":"guangxi-2023","notice_days":0})";
    if (pattern == "/api/runs/{id}/transition") return R"({"to":"reviewed","note":"matrix"})";
    return "{}";
}

std::string fill(std::string pattern, const Targets& t) {
    auto replace = [&](const std::string& from, const std::string& to) {
        for (std::size_t p; (p = pattern.find(from)) != std::string::npos;) pattern.replace(p, from.size(), to);
    };
    if (contains(pattern, "/explain/{uscc}")) replace("/explain/{uscc}", "/explain/" + t.explain_uscc);
    replace("{uscc}", t.own_uscc);
    replace("{kind}", "output");
    if (contains(pattern, "/api/uploads/")) replace("{id}", std::to_string(t.upload_id));
    if (contains(pattern, "/api/tasks/")) replace("{id}", std::to_string(t.task_id));
    if (contains(pattern, "/api/policies/")) replace("{id}", "guangxi-2023");
    if (contains(pattern, "/api/users/")) replace("{id}", std::to_string(t.user_id));
    if (contains(pattern, "/api/security/sessions/")) replace("{id}", t.session_id);
    replace("{id}", std::to_string(t.run_id));
    replace("{other}", std::to_string(t.run_id));
    return pattern;
}

Targets find_targets(Platform& p,
                     const std::function<Reply(const std::string&, const std::string&, const std::string&)>& upload) {
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
    Reply bad = upload("nanning", "output", "uscc,month,output_yuan\n" + t.own_uscc + ",2024-02,not-a-number\n");
    if (bad.status != 422) throw std::runtime_error("expected a refused upload: " + bad.body);
    t.upload_id = I(obj(bad), "upload_id");
    Reply reviewer = p.login("gxt_reviewer", p.password("gxt_reviewer"));
    if (reviewer.status != 200) throw std::runtime_error("gxt_reviewer cannot log in: " + reviewer.body);
    t.session_id =
        p.one("SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'gxt_reviewer'");
    return t;
}

struct Probe {
    std::string method, pattern;
    std::array<int, kWhoCount> expect;  // in the order of Who
};

TEST_P(ApiTest, RoleEndpointMatrixCoversEveryRoute) {
    Targets t = find_targets(
        P(), [&](const std::string& u, const std::string& k, const std::string& c) { return upload(u, k, c); });
    ASSERT_FALSE(t.explain_uscc.empty());
    ASSERT_GT(t.task_id, 0);
    ASSERT_EQ(t.session_id.size(), 64u);
    EXPECT_EQ(city_of(t.own_uscc), kNanning);

    // Expected status per role. Rows run in this order (the contact is recorded before it is
    // revealed); the last two change the sessions themselves.
    // clang-format off
  const std::vector<Probe> table = {
      //                                                   anon prov city dept ent  aud  sys  sec  audadm
      {"POST",   "/api/auth/login",                       {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/auth/login-key",                   {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/auth/captcha",                     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/auth/me",                          {401, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/users",                            {401, 403, 403, 403, 403, 403, 200, 200, 403}},
      {"POST",   "/api/users",                            {401, 403, 403, 403, 403, 403, 201, 403, 403}},
      {"POST",   "/api/users/{id}/unlock",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"POST",   "/api/users/{id}/disable",               {401, 403, 403, 403, 403, 403, 200, 403, 403}},
      {"POST",   "/api/users/{id}/reset-password",        {401, 403, 403, 403, 403, 403, 200, 403, 403}},
      {"GET",    "/api/security/settings",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"PUT",    "/api/security/settings",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"GET",    "/api/security/sessions",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"DELETE", "/api/security/sessions/{id}",           {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"GET",    "/api/enterprises",                      {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"GET",    "/api/enterprises/{uscc}",               {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"GET",    "/api/enterprises/{uscc}/ledger",        {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"PUT",    "/api/enterprises/{uscc}/contact",       {401, 403, 200, 403, 200, 403, 403, 403, 403}},
      {"GET",    "/api/enterprises/{uscc}/contact",       {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"POST",   "/api/enterprises/{uscc}/contact/reveal", {401, 200, 200, 403, 200, 403, 403, 403, 403}},
      {"POST",   "/api/uploads/{kind}",                   {401, 201, 201, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/uploads/{id}/defects.csv",         {401, 200, 200, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/output",                           {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"POST",   "/api/output/verify",                    {401, 403, 200, 403, 403, 403, 403, 403, 403}},
      {"POST",   "/api/output/revise",                    {401, 403, 200, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/verification/progress",            {401, 200, 200, 403, 403, 200, 403, 403, 403}},
      {"GET",    "/api/tasks",                            {401, 200, 200, 200, 403, 200, 403, 403, 403}},
      {"GET",    "/api/tasks/{id}",                       {401, 200, 200, 200, 403, 200, 403, 403, 403}},
      {"POST",   "/api/tasks",                            {401, 201, 403, 403, 403, 403, 403, 403, 403}},
      {"POST",   "/api/tasks/{id}/status",                {401, 200, 403, 200, 403, 403, 403, 403, 403}},
      {"GET",    "/api/policies",                         {401, 200, 200, 200, 200, 200, 200, 403, 403}},
      {"GET",    "/api/policies/{id}",                    {401, 200, 200, 200, 200, 200, 200, 403, 403}},
      {"POST",   "/api/runs",                             {401, 201, 403, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/runs",                             {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}",                        {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/rows",                   {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"POST",   "/api/runs/{id}/transition",             {401, 200, 403, 403, 404, 403, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/compare/{other}",        {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/export.xlsx",            {401, 200, 200, 403, 403, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/export.csv",             {401, 200, 200, 403, 403, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/explain/{uscc}",         {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"GET",    "/api/audit",                            {401, 403, 403, 403, 403, 403, 403, 403, 200}},
      {"GET",    "/api/audit/verify",                     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
      {"GET",    "/api/audit/export.csv",                 {401, 403, 403, 403, 403, 403, 403, 403, 200}},
      {"GET",    "/api/openapi.json",                     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/cities",                           {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"POST",   "/api/auth/password",                    {401, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"POST",   "/api/auth/logout",                      {401, 200, 200, 200, 200, 200, 200, 200, 200}},
  };
    // clang-format on

    // Every route is in the table, and the table names only routes.
    std::set<std::pair<std::string, std::string>> in_table, in_router;
    for (const Probe& pr : table) {
        EXPECT_TRUE(in_table.insert({pr.method, pr.pattern}).second) << pr.pattern << " twice";
    }
    for (const auto& r : P().app().router()->routes()) {
        in_router.insert(r);
        EXPECT_TRUE(in_table.count(r)) << "route not covered by the role matrix: " << r.first << " " << r.second;
    }
    for (const auto& r : in_table) {
        EXPECT_TRUE(in_router.count(r)) << "matrix row for a route that does not exist: " << r.first << " " << r.second;
    }

    // Tokens first, so that logins are not part of what is measured.
    std::array<std::string, kWhoCount> token;
    for (int w = kProv; w < kWhoCount; ++w) token[static_cast<std::size_t>(w)] = tok(kUserOf[w]);

    const std::vector<std::string> secrets = {t.own_uscc,
                                              t.own_name,
                                              t.verify_uscc,
                                              t.revise_uscc,
                                              name_of(t.verify_uscc),
                                              name_of(t.explain_uscc),
                                              "13800138000",
                                              "6222020200112233445"};
    // Readers first, writers last, so that a successful state change by one role cannot turn another
    // role's 403 into a 409.
    const Who order[] = {kAnon, kCity, kDept, kEnt, kAud, kAudAdm, kSec, kSys, kProv};
    std::ostringstream report;
    int mismatches = 0, probes = 0;
    for (const Probe& pr : table) {
        const std::string target = fill(pr.pattern, t);
        std::array<int, kWhoCount> got{};
        for (Who w : order) {
            const std::string user = kUserOf[w];
            std::string body, headers;
            if (pr.method != "GET" && pr.method != "DELETE") {
                if (pr.pattern == "/api/auth/login") {
                    body = "{\"username\":\"gxt_reviewer\",\"password\":" + quote(P().password("gxt_reviewer")) +
                           ",\"bearer\":true}";
                } else if (pr.pattern == "/api/auth/password") {
                    const std::string old_pw = w == kAnon ? std::string("Anything-1") : P().password(user);
                    body = "{\"old_password\":" + quote(old_pw) + ",\"new_password\":" + quote(old_pw + "N2") + "}";
                } else {
                    body = write_body(pr.pattern, t);
                }
                if (pr.pattern == "/api/uploads/{kind}") headers = "Content-Type: text/csv\r\n";
            }
            Reply r = P().call(pr.method, target, token[static_cast<std::size_t>(w)], body, headers);
            ++probes;
            got[static_cast<std::size_t>(w)] = r.status;
            if (pr.pattern == "/api/auth/password" && r.status == 200)
                P().set_password(user, P().password(user) + "N2");
            if (r.status == 401 || r.status == 403 || r.status == 404)
                expect_bare_error(r, secrets, pr.method + " " + target + " as " + kWhoLabel[w]);
            if (r.status >= 200 && r.status < 300 && contains(r.header("content-type"), "json")) {
                EXPECT_TRUE(try_parse(r.body).has_value()) << pr.method << " " << target << ": invalid JSON";
            }
            // Masked unless revealed: GET contact never shows the full phone or account number.
            if (pr.method == "GET" && contains(pr.pattern, "/contact") && r.status == 200) {
                EXPECT_EQ(S(obj(r), "phone"), "138****8000") << kWhoLabel[w];
                EXPECT_FALSE(contains(r.body, "6222020200112233445"));
            }
        }
        report << (got == pr.expect ? "  " : "! ") << pr.method << " " << pr.pattern;
        for (int w = 0; w < kWhoCount; ++w) {
            const auto i = static_cast<std::size_t>(w);
            report << "  " << kWhoLabel[w] << "=" << got[i];
            if (got[i] != pr.expect[i]) {
                report << "(want " << pr.expect[i] << ")";
                ++mismatches;
            }
        }
        report << "\n";
    }
    EXPECT_EQ(mismatches, 0) << "role × endpoint matrix (" << probes << " requests):\n" << report.str();
    EXPECT_EQ(probes, static_cast<int>(table.size()) * kWhoCount);
    if (std::getenv("ZX_API_TEST_VERBOSE")) std::cout << report.str();

    // After the logout row every session is gone.
    for (int w = kProv; w < kWhoCount; ++w) {
        EXPECT_EQ(P().get("/api/auth/me", token[static_cast<std::size_t>(w)]).status, 401) << kWhoLabel[w];
    }
}

// ---- IDOR: records of another city, enterprise or department ----

TEST_P(ApiTest, RecordsOutsideTheScopeAreNotFound) {
    const std::int64_t run = P().demo_run();
    const std::string nn = tok("nanning");
    const std::string lz = P().one("SELECT uscc FROM run_rows WHERE run_id = $1 AND city = $2 ORDER BY uscc LIMIT 1",
                                   {db::Value(run), T(kLiuzhou)});
    ASSERT_FALSE(lz.empty());
    const std::string lz_name = name_of(lz);
    ASSERT_FALSE(lz_name.empty());
    const std::vector<std::string> secrets = {lz, lz_name};

    Reply e = P().get("/api/enterprises/" + lz, nn);
    EXPECT_EQ(e.status, 404) << e.body;
    expect_bare_error(e, secrets, "nanning reads a 柳州 enterprise");
    Reply led = P().get("/api/enterprises/" + lz + "/ledger", nn);
    EXPECT_EQ(led.status, 404) << led.body;
    expect_bare_error(led, secrets, "nanning reads a 柳州 ledger");

    Reply rows = P().get(run_path(run, "/rows?uscc=" + lz), nn);
    ASSERT_EQ(rows.status, 200) << rows.body;
    EXPECT_EQ(I(obj(rows), "total"), 0);
    EXPECT_TRUE(items(rows).empty());
    EXPECT_FALSE(contains(rows.body, lz_name));
    EXPECT_GT(P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND uscc = $2", {db::Value(run), T(lz)}), 0);

    Reply out = P().get("/api/output?uscc=" + lz, nn);
    ASSERT_EQ(out.status, 200);
    EXPECT_EQ(I(obj(out), "total"), 0);

    Reply ex = P().get(run_path(run, "/explain/" + lz), nn);
    EXPECT_EQ(ex.status, 404) << ex.body;
    expect_bare_error(ex, secrets, "nanning explains a 柳州 enterprise");

    // Exports hold the caller's scope whatever city is asked for.
    Reply csv = P().get(run_path(run, "/export.csv?city=" + enc(kLiuzhou)), nn);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.body, std::string("\xEF\xBB\xBF") + kCsvHeader);
    EXPECT_FALSE(contains(csv.body, "柳州"));
    Reply own_csv = P().get(run_path(run, "/export.csv"), nn);
    ASSERT_EQ(own_csv.status, 200);
    EXPECT_FALSE(contains(own_csv.body, kLiuzhou));
    for (const db::Row& r :
         P().sql("SELECT DISTINCT uscc FROM run_rows WHERE run_id = $1 AND city <> $2", {db::Value(run), T(kNanning)})
             .rows)
        ASSERT_FALSE(contains(own_csv.body, r.str(0))) << "nanning's export holds " << r.str(0);
    EXPECT_EQ(
        std::count(own_csv.body.begin(), own_csv.body.end(), '\n'),
        1 + P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND city = $2", {db::Value(run), T(kNanning)}));
    Reply xlsx = P().get(run_path(run, "/export.xlsx?city=" + enc(kLiuzhou)), nn);
    EXPECT_LT(xlsx.status, 500) << xlsx.body;

    // The contact of another city's enterprise: no reading, writing or revealing.
    const std::string contact = "/api/enterprises/" + lz + "/contact";
    ASSERT_EQ(P().call("PUT", contact, tok("liuzhou"), R"({"contact_name":"王五","phone":"13912345678"})").status, 200);
    for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", contact, ""},
             {"PUT", contact, R"({"contact_name":"篡改","phone":"13000000000"})"},
             {"POST", contact + "/reveal", R"({"field":"phone"})"}}) {
        Reply r = P().call(method, path, nn, body);
        EXPECT_EQ(r.status, 404) << method << " " << path << ": " << r.body;
        expect_bare_error(r, {lz, lz_name, "13912345678", "王五", "139****5678"}, "nanning " + method + " " + path);
        Reply re = P().call(method, path, tok("enterprise"), body);
        EXPECT_EQ(re.status, 404) << "enterprise " << method << " " << path << ": " << re.body;
    }
    EXPECT_EQ(S(obj(P().get(contact, tok("liuzhou"))), "contact_name"), "王五");
    EXPECT_EQ(S(obj(P().post(contact + "/reveal", tok("liuzhou"), R"({"field":"phone"})")), "value"), "13912345678");

    // Writes to another city's data: refused, nothing changed.
    const std::string lz_month = month_with(lz, "verified");
    ASSERT_FALSE(lz_month.empty());
    const std::string before = output_status(lz, lz_month);
    Reply v = P().post(
        "/api/output/verify", nn,
        "{\"uscc\":" + quote(lz) + ",\"months\":[" + quote(lz_month) + "],\"action\":\"reject\",\"reason\":\"x\"}");
    EXPECT_TRUE(v.status == 404 || v.status == 403) << v.body;
    expect_bare_error(v, secrets, "nanning verifies a 柳州 month");
    Reply rv = P().post("/api/output/revise", nn,
                        "{\"uscc\":" + quote(lz) + ",\"month\":" + quote(lz_month) +
                            ",\"output_yuan\":\"1.00\",\"reason\":\"越权修订测试\"}");
    EXPECT_TRUE(rv.status == 404 || rv.status == 403) << rv.body;
    expect_bare_error(rv, secrets, "nanning revises a 柳州 month");
    EXPECT_EQ(output_status(lz, lz_month), before);
    // Nor can an upload take over another city's enterprise or its output.
    db::Rows lzrow = P().sql("SELECT industry, scale_since FROM enterprises WHERE uscc = $1", {T(lz)});
    Reply hijack = upload("nanning", "enterprises",
                          "uscc,name,city,industry,scale_since\n" + lz + ",被改名企业,南宁市," + lzrow.rows[0].str(0) +
                              "," + lzrow.rows[0].str(1) + "\n");
    EXPECT_EQ(hijack.status, 422) << hijack.body;
    EXPECT_EQ(city_of(lz), kLiuzhou);
    EXPECT_EQ(name_of(lz), lz_name);
    Reply des =
        upload("nanning", "designations", "uscc,designation,valid_from,valid_to\n" + lz + ",dragon_head,2020-01-01,\n");
    EXPECT_EQ(des.status, 403) << des.body;

    // Another city's defect report.
    Reply bad = upload("nanning", "output", "uscc,month,output_yuan\n" + own_uscc() + ",2024-02,abc\n");
    ASSERT_EQ(bad.status, 422);
    const std::string report = "/api/uploads/" + std::to_string(I(obj(bad), "upload_id")) + "/defects.csv";
    EXPECT_EQ(P().get(report, nn).status, 200);
    Reply other_city = P().get(report, tok("liuzhou"));
    EXPECT_EQ(other_city.status, 404) << other_city.body;
    expect_bare_error(other_city, {"abc"}, "liuzhou reads nanning's defect report");

    // Tasks of another department, or of another city's enterprise.
    const std::string admin = tok("gxt_admin");
    Reply task = P().post("/api/tasks", admin,
                          "{\"uscc\":" + quote(lz) +
                              ",\"department\":\"自治区商务厅\",\"title\":\"出口订单对接\",\"detail\":\"秘密细节\"}");
    ASSERT_EQ(task.status, 201) << task.body;
    const std::string task_path = "/api/tasks/" + std::to_string(I(obj(task), "id"));
    const std::string hrss = tok("hrss");
    Reply ht = P().get(task_path, hrss);
    EXPECT_EQ(ht.status, 404) << ht.body;
    expect_bare_error(ht, {"出口订单对接", "秘密细节", lz}, "hrss reads another department's task");
    Reply hs = P().post(task_path + "/status", hrss, R"({"status":"resolved"})");
    EXPECT_EQ(hs.status, 404) << hs.body;
    EXPECT_EQ(P().one("SELECT status FROM tasks WHERE id = $1", {db::Value(I(obj(task), "id"))}), "open");
    Reply hl = P().get("/api/tasks?page_size=500", hrss);
    ASSERT_EQ(hl.status, 200);
    for (const auto& it : items(hl)) {
        EXPECT_EQ(S(it, "department"), "自治区人力资源社会保障厅");
    }
    EXPECT_EQ(I(obj(hl), "total"), 1);
    EXPECT_EQ(P().get(task_path, nn).status, 404);
    EXPECT_EQ(P().get(task_path, admin).status, 200);

    // The enterprise: a draft run does not exist for it; a public one shows only its own rows.
    const std::string ent = tok("enterprise");
    const std::string own = own_uscc();
    Reply draft = P().get(run_path(run), ent);
    EXPECT_EQ(draft.status, 404) << draft.body;
    expect_bare_error(draft, {}, "enterprise reads a draft run");
    EXPECT_EQ(P().get(run_path(run, "/rows"), ent).status, 404);
    Reply listed = P().get("/api/runs", ent);
    ASSERT_EQ(listed.status, 200);
    EXPECT_TRUE(items(listed).empty()) << listed.body;

    advance(run, "publicized");
    Reply pub = P().get(run_path(run), ent);
    EXPECT_EQ(pub.status, 200) << pub.body;
    Reply own_rows = P().get(run_path(run, "/rows?page_size=500"), ent);
    ASSERT_EQ(own_rows.status, 200);
    const auto own_items = items(own_rows);
    EXPECT_EQ(static_cast<std::int64_t>(own_items.size()),
              P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND uscc = $2", {db::Value(run), T(own)}));
    for (const auto& r : own_items) {
        EXPECT_EQ(S(r, "uscc"), own);
    }
    EXPECT_EQ(I(obj(P().get(run_path(run, "/rows?uscc=" + lz), ent)), "total"), 0);
    EXPECT_EQ(I(obj(P().get(run_path(run, "/rows?city=" + enc(kLiuzhou)), ent)), "total"), 0);
    EXPECT_EQ(P().get(run_path(run, "/explain/" + lz), ent).status, 404);
    EXPECT_EQ(P().get("/api/enterprises/" + lz, ent).status, 404);
    EXPECT_EQ(P().get("/api/enterprises/" + lz + "/ledger", ent).status, 404);
    Reply ents = P().get("/api/enterprises?page_size=500", ent);
    ASSERT_EQ(ents.status, 200);
    EXPECT_EQ(I(obj(ents), "total"), 1);
    for (const auto& r : items(ents)) {
        EXPECT_EQ(S(r, "uscc"), own);
    }
    Reply outs = P().get("/api/output?page_size=500", ent);
    ASSERT_EQ(outs.status, 200);
    for (const auto& r : items(outs)) {
        EXPECT_EQ(S(r, "uscc"), own);
    }
    EXPECT_EQ(I(obj(P().get("/api/output?uscc=" + lz, ent)), "total"), 0);
    Reply cmp = P().get(run_path(run, "/compare/" + std::to_string(run)), ent);
    EXPECT_EQ(cmp.status, 200);
    EXPECT_TRUE(items(cmp).empty());
}

TEST_P(ApiTest, AuditorCannotWriteAnything) {
    Targets t = find_targets(
        P(), [&](const std::string& u, const std::string& k, const std::string& c) { return upload(u, k, c); });
    const std::string aud = tok("auditor");
    const char* tables[] = {"users",    "tasks",       "runs",     "run_events",          "uploads",     "ledger",
                            "sessions", "enterprises", "settings", "enterprise_contacts", "designations"};
    std::map<std::string, std::int64_t> before;
    for (const char* table : tables) before[table] = P().count(std::string("SELECT COUNT(*) FROM ") + table);
    const std::string output_sql =
        "SELECT COUNT(*) || '/' || SUM(output_fen) || '/' || SUM(revision) || '/' || "
        "SUM(CASE WHEN status = 'verified' THEN 1 ELSE 0 END) FROM output";
    const std::string output_before = P().one(output_sql);
    const std::string users_before =
        P().one("SELECT SUM(disabled) || '/' || SUM(failed_logins) || '/' || MIN(password_hash) FROM users");
    int writes = 0;
    for (const auto& [method, pattern] : P().app().router()->routes()) {
        if (method == "GET" || pattern.rfind("/api/auth/", 0) == 0) continue;  // the own session is not a write
        for (const std::string kind : {"output", "enterprises", "designations"}) {
            if (pattern != "/api/uploads/{kind}" && kind != "output") continue;
            std::string target = fill(pattern, t);
            std::string body = method == "DELETE" ? std::string() : write_body(pattern, t);
            if (pattern == "/api/uploads/{kind}") {
                target = "/api/uploads/" + kind + "?filename=" + kind + ".csv";
                if (kind == "enterprises")
                    body = "uscc,name,city,industry,scale_since\n" + t.own_uscc + ",改名,南宁市,3311,\n";
                if (kind == "designations")
                    body = "uscc,designation,valid_from,valid_to\n" + t.own_uscc + ",dragon_head,2020-01-01,\n";
            }
            Reply r = P().call(method, target, aud, body);
            ++writes;
            EXPECT_EQ(r.status, 403) << "auditor " << method << " " << target << ": " << r.body;
            expect_bare_error(r, {t.own_uscc, t.own_name}, "auditor " + method + " " + target);
        }
    }
    EXPECT_GE(writes, 17);
    for (const char* table : tables) {
        EXPECT_EQ(P().count(std::string("SELECT COUNT(*) FROM ") + table), before[table]) << table;
    }
    EXPECT_EQ(P().one(output_sql), output_before);
    EXPECT_EQ(P().one("SELECT SUM(disabled) || '/' || SUM(failed_logins) || '/' || MIN(password_hash) FROM users"),
              users_before);
    EXPECT_EQ(P().one("SELECT status FROM runs WHERE id = $1", {db::Value(t.run_id)}), "draft");
    EXPECT_EQ(P().one("SELECT status FROM tasks WHERE id = $1", {db::Value(t.task_id)}), "open");
}

// ---- 3. Crafted parameters ----

TEST_P(ApiTest, CraftedParametersCannotWidenTheScope) {
    const std::int64_t run = P().demo_run();
    const std::string nn = tok("nanning");
    const std::int64_t nn_enterprises = P().count("SELECT COUNT(*) FROM enterprises WHERE city = $1", {T(kNanning)});
    ASSERT_GT(nn_enterprises, 0);
    const std::int64_t users = P().count("SELECT COUNT(*) FROM users");
    const std::string lz = "?city=" + enc(kLiuzhou);

    for (const std::string& path :
         {std::string("/api/enterprises"), std::string("/api/output"), run_path(run, "/rows")}) {
        Reply r = P().get(path + lz, nn);
        ASSERT_EQ(r.status, 200) << path << ": " << r.body;
        EXPECT_EQ(I(obj(r), "total"), 0) << path;
        EXPECT_TRUE(items(r).empty()) << path;
    }
    Reply both = P().get("/api/enterprises?city=" + enc(kNanning) + "&city=" + enc(kLiuzhou) + "&page_size=500", nn);
    ASSERT_EQ(both.status, 200);
    for (const auto& e : items(both)) {
        EXPECT_EQ(S(e, "city"), kNanning);
    }

    // Each must answer 200 (or 400) and never return anything outside 南宁市.
    const std::vector<std::string> crafted = {
        "/api/enterprises?sort=" + enc("name; DROP TABLE users--"),
        "/api/enterprises?sort=" + enc("(SELECT password_hash FROM users)"),
        "/api/enterprises?q=" + enc("' OR 1=1 --"),
        "/api/enterprises?q=" + enc("%"),
        "/api/enterprises?q=" + enc("_"),
        "/api/enterprises?q=" + enc("\" OR \"\"=\""),
        "/api/enterprises?q=" + std::string(5000, 'a'),
        "/api/enterprises?city=" + enc("南宁市' OR '1'='1"),
        "/api/enterprises?page_size=999999",
        "/api/enterprises?page=-1",
        "/api/enterprises?page=0&page_size=0",
        "/api/enterprises?page=99999999999999999999",
        "/api/enterprises?page=abc",
        "/api/enterprises?page_size=1e3",
        "/api/output?uscc=" + enc("%"),
        "/api/output?uscc=" + enc("' OR 1=1 --"),
        "/api/output?status=" + enc("' OR '1'='1"),
        "/api/output?month_from=" + enc("2023-01' OR 1=1 --"),
        "/api/output?month_to=" + enc("9999") + "&page_size=999999",
        "/api/output?city=" + enc("%"),
        run_path(run, "/rows?uscc=" + enc("%")),
        run_path(run, "/rows?city=" + enc("' OR 1=1 --")),
        run_path(run, "/rows?clause=" + enc("1' OR '1'='1")),
        run_path(run, "/rows?eligible=1"),
        run_path(run, "/rows?page=-1&page_size=999999"),
        "/api/tasks?status=" + enc("' OR 1=1 --"),
        "/api/enterprises/" + enc("' OR 1=1 --"),
        "/api/enterprises/" + enc("%"),
        "/api/enterprises/" + enc("%") + "/ledger",
        run_path(run, "/explain/" + enc("%")),
        run_path(run, "/explain/" + enc("' OR '1'='1")),
        run_path(run, "/export.csv?city=" + enc("' OR 1=1 --")),
        run_path(run, "/export.xlsx?city=" + enc("' OR 1=1 --")),
        run_path(run, "/export.xlsx?city=" + enc("不存在市")),
        "/api/runs/1%20OR%201=1",
        "/api/runs/-1",
        "/api/runs/999999999999999999999",
        "/api/uploads/0%20OR%201=1/defects.csv",
    };
    std::set<std::string> other_usccs;
    for (const db::Row& r : P().sql("SELECT uscc FROM enterprises WHERE city <> $1", {T(kNanning)}).rows)
        other_usccs.insert(r.str(0));
    for (const std::string& target : crafted) {
        Reply r = P().get(target, nn);
        EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404)
            << target << " → " << r.status << " " << r.body.substr(0, 300);
        if (r.status == 200 && contains(r.header("content-type"), "json")) {
            json::object o = obj(r);
            if (o.contains("total")) {
                EXPECT_LE(I(o, "total"), nn_enterprises * 24 * 10) << target;
            }
            for (const auto& it : items(r))
                if (it.contains("city")) {
                    EXPECT_EQ(S(it, "city"), kNanning) << target;
                }
            if (o.contains("page_size")) {
                EXPECT_GE(I(o, "page_size"), 1) << target;
                EXPECT_LE(I(o, "page_size"), 500) << target;
                EXPECT_GE(I(o, "page"), 1) << target;
            }
        }
        if (r.status == 200 && target.find("/export.") != std::string::npos && target.find(".csv") != std::string::npos)
            for (const std::string& u : other_usccs) {
                ASSERT_FALSE(contains(r.body, u)) << target;
            }
    }
    // The whole of 南宁市, not more, however the list is sorted.
    Reply sorted = P().get("/api/enterprises?sort=" + enc("name; DROP TABLE users--") + "&page_size=999999", nn);
    ASSERT_EQ(sorted.status, 200);
    EXPECT_EQ(I(obj(sorted), "total"), nn_enterprises);
    EXPECT_EQ(I(obj(sorted), "page_size"), 500);
    Reply injected = P().get("/api/enterprises?q=" + enc("' OR 1=1 --"), nn);
    EXPECT_EQ(I(obj(injected), "total"), 0);
    EXPECT_EQ(I(obj(P().get("/api/output?uscc=" + enc("%"), nn)), "total"), 0);
    EXPECT_EQ(I(obj(P().get(run_path(run, "/rows?uscc=" + enc("%")), nn)), "total"), 0);
    Reply paged = P().get("/api/enterprises?page=-1", nn);
    EXPECT_EQ(I(obj(paged), "page"), 1);
    EXPECT_EQ(P().get("/api/enterprises?page=abc", nn).status, 400);

    // The same against the province and the auditor, whose scope is everything.
    const std::string admin = tok("gxt_admin");
    for (const std::string& target : crafted) {
        Reply r = P().get(target, admin);
        EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404) << target << " as gxt_admin → " << r.status;
    }
    Reply aud = P().get("/api/audit?after_id=" + enc("1 OR 1=1") + "&action=" + enc("' OR 1=1 --"), tok("auditadmin"));
    EXPECT_TRUE(aud.status == 200 || aud.status == 400) << aud.body;
    if (aud.status == 200) {
        EXPECT_TRUE(items(aud).empty());
    }
    EXPECT_EQ(P().get("/api/audit?after_id=abc", tok("auditadmin")).status, 400);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM users"), users);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM enterprises"), 300);
}

// ---- 4. The data workflow ----

TEST_P(ApiTest, UploadVerifyRejectReviseWorkflow) {
    const std::string nn = tok("nanning");
    const std::string x =
        P().one("SELECT uscc FROM enterprises WHERE city = $1 ORDER BY uscc DESC LIMIT 1", {T(kNanning)});
    const std::string lz = P().one("SELECT uscc FROM enterprises WHERE city = $1 ORDER BY uscc LIMIT 1", {T(kLiuzhou)});
    ASSERT_FALSE(x.empty());
    ASSERT_FALSE(lz.empty());
    auto output_count = [&] { return P().count("SELECT COUNT(*) FROM output"); };

    Reply ok = upload("nanning", "output",
                      "uscc,month,output_yuan\n" + x + ",2024-01,1234567.89\n" + x + ",2024-02,2000000\n");
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_TRUE(B(obj(ok), "accepted"));
    EXPECT_EQ(I(obj(ok), "rows"), 2);
    EXPECT_EQ(I(obj(ok), "defects_total"), 0);
    Reply pending = P().get("/api/output?status=pending&month_from=2024-01&uscc=" + x, nn);
    ASSERT_EQ(pending.status, 200);
    auto pend = items(pending);
    ASSERT_EQ(pend.size(), 2u) << pending.body;
    EXPECT_EQ(S(pend[0], "month"), "2024-01");
    EXPECT_EQ(S(pend[0], "output_yuan"), "1234567.89");
    EXPECT_EQ(S(pend[0], "status"), "pending");
    EXPECT_EQ(S(pend[1], "output_yuan"), "2000000.00");

    // One bad row: nothing of the file is written; the defect names file, line and field.
    const std::int64_t n0 = output_count();
    Reply bad =
        upload("nanning", "output",
               "uscc,month,output_yuan\n" + x + ",2024-03,100.00\n" + x + ",2024-04,12abc\n" + x + ",2024-05,200\n");
    ASSERT_EQ(bad.status, 422) << bad.body;
    json::object bo = obj(bad);
    EXPECT_FALSE(B(bo, "accepted"));
    EXPECT_EQ(I(bo, "defects_total"), 1);
    ASSERT_EQ(A(bo, "defects").size(), 1u) << bad.body;
    const json::object d = A(bo, "defects")[0].as_object();
    EXPECT_EQ(S(d, "file"), "output.csv");
    EXPECT_EQ(I(d, "line"), 3);
    EXPECT_EQ(S(d, "field"), "output_yuan");
    EXPECT_EQ(S(d, "value"), "12abc");
    EXPECT_EQ(output_count(), n0);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM output WHERE uscc = $1 AND month IN ('2024-03', '2024-05')", {T(x)}), 0);
    const std::string report_path = S(bo, "defect_report");
    ASSERT_FALSE(report_path.empty());
    Reply report = P().get(report_path, nn);
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_TRUE(contains(report.header("content-type"), "text/csv"));
    EXPECT_EQ(report.body.rfind("\xEF\xBB\xBF"
                                "file,line,field,value,message_zh,message_en\n",
                                0),
              0u)
        << report.body;
    EXPECT_TRUE(contains(report.body, "output.csv,3,output_yuan,12abc,")) << report.body;

    // A 柳州 enterprise in nanning's file.
    Reply foreign =
        upload("nanning", "output", "uscc,month,output_yuan\n" + x + ",2024-03,1.00\n" + lz + ",2024-01,100.00\n");
    ASSERT_EQ(foreign.status, 422) << foreign.body;
    const auto fd = A(obj(foreign), "defects");
    ASSERT_EQ(fd.size(), 1u) << foreign.body;
    EXPECT_EQ(I(fd[0].as_object(), "line"), 3);
    EXPECT_EQ(S(fd[0].as_object(), "field"), "uscc");
    EXPECT_TRUE(contains(S(fd[0].as_object(), "message_en"), "not among your city's enterprises")) << foreign.body;
    EXPECT_TRUE(contains(S(fd[0].as_object(), "message_zh"), "不在本市企业名录中")) << foreign.body;
    EXPECT_FALSE(contains(foreign.body, name_of(lz)));
    EXPECT_EQ(output_count(), n0);

    // 核定: verify one month, reject the other (a reason is required).
    Reply verified = P().post("/api/output/verify", nn,
                              "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-01\"],\"action\":\"verify\"}");
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(I(obj(verified), "changed"), 1);
    Reply no_reason = P().post("/api/output/verify", nn,
                               "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-02\"],\"action\":\"reject\"}");
    EXPECT_EQ(no_reason.status, 400) << no_reason.body;
    Reply rejected = P().post(
        "/api/output/verify", nn,
        "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-02\"],\"action\":\"reject\",\"reason\":\"与税务数据不符\"}");
    ASSERT_EQ(rejected.status, 200) << rejected.body;
    auto now = items(P().get("/api/output?month_from=2024-01&uscc=" + x, nn));
    ASSERT_EQ(now.size(), 2u);
    EXPECT_EQ(S(now[0], "status"), "verified");
    EXPECT_NE(S(now[0], "verified_at"), "");
    EXPECT_EQ(S(now[1], "status"), "rejected");
    EXPECT_EQ(S(now[1], "reject_reason"), "与税务数据不符");
    EXPECT_EQ(
        P().post("/api/output/verify", nn, "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-01\"],\"action\":\"verify\"}")
            .status,
        409);

    // A verified month cannot be overwritten by an upload; the same value is harmless.
    Reply overwrite = upload("nanning", "output", "uscc,month,output_yuan\n" + x + ",2024-01,999.00\n");
    ASSERT_EQ(overwrite.status, 422) << overwrite.body;
    const auto od = A(obj(overwrite), "defects");
    ASSERT_EQ(od.size(), 1u);
    EXPECT_EQ(I(od[0].as_object(), "line"), 2);
    EXPECT_TRUE(contains(S(od[0].as_object(), "message_en"), "revision")) << overwrite.body;
    EXPECT_TRUE(contains(S(od[0].as_object(), "message_zh"), "修订")) << overwrite.body;
    EXPECT_EQ(output_status(x, "2024-01"), "verified/123456789/1");
    Reply same = upload("nanning", "output",
                        "uscc,month,output_yuan\n" + x + ",2024-01,1234567.89\n" + x + ",2024-02,2100000\n");
    EXPECT_EQ(same.status, 201) << same.body;
    EXPECT_EQ(output_status(x, "2024-01"), "verified/123456789/1");
    EXPECT_EQ(output_status(x, "2024-02"), "pending/210000000/1");  // a rejected month is uploaded again

    // Revision with a reason: the old value stays in the audit log.
    EXPECT_EQ(P().post("/api/output/revise", nn,
                       "{\"uscc\":" + quote(x) + ",\"month\":\"2024-01\",\"output_yuan\":\"2000000.00\"}")
                  .status,
              400);
    EXPECT_EQ(
        P().post("/api/output/revise", nn,
                 "{\"uscc\":" + quote(x) + ",\"month\":\"2024-01\",\"output_yuan\":\"2000000.00\",\"reason\":\"ab\"}")
            .status,
        400);
    EXPECT_EQ(P().post("/api/output/revise", nn,
                       "{\"uscc\":" + quote(x) +
                           ",\"month\":\"2024-02\",\"output_yuan\":\"1.00\",\"reason\":\"未核定的月份\"}")
                  .status,
              409);
    Reply revised =
        P().post("/api/output/revise", nn,
                 "{\"uscc\":" + quote(x) +
                     ",\"month\":\"2024-01\",\"output_yuan\":\"2000000.50\",\"reason\":\"企业更正统计报表\"}");
    ASSERT_EQ(revised.status, 200) << revised.body;
    EXPECT_EQ(output_status(x, "2024-01"), "verified/200000050/2");
    Reply audit = P().get("/api/audit?action=output.revise&page_size=500", tok("auditadmin"));
    ASSERT_EQ(audit.status, 200);
    bool found = false;
    for (const auto& e : items(audit)) {
        if (S(e, "object_id") != x + "/2024-01") continue;
        found = true;
        EXPECT_EQ(S(e, "username"), "nanning");
        EXPECT_TRUE(contains(strip_commas(S(e, "before")), "1234567.89")) << S(e, "before");
        EXPECT_TRUE(contains(strip_commas(S(e, "after")), "2000000.50")) << S(e, "after");
        EXPECT_TRUE(contains(S(e, "after"), "企业更正统计报表")) << S(e, "after");
    }
    EXPECT_TRUE(found) << audit.body;

    // Progress: the province sees every city, a city only itself, with the same numbers.
    Reply prov = P().get("/api/verification/progress", tok("gxt_admin"));
    ASSERT_EQ(prov.status, 200);
    std::map<std::string, json::object> by_city;
    std::int64_t enterprises = 0, pending_total = 0;
    for (const auto& r : items(prov)) {
        by_city[S(r, "city")] = r;
        enterprises += I(r, "enterprises");
        pending_total += I(r, "pending");
    }
    EXPECT_GT(by_city.size(), 2u);
    EXPECT_TRUE(by_city.count(kNanning) && by_city.count(kLiuzhou));
    EXPECT_EQ(enterprises, P().count("SELECT COUNT(*) FROM enterprises"));
    EXPECT_EQ(pending_total, P().count("SELECT COUNT(*) FROM output WHERE status = 'pending'"));
    Reply city = P().get("/api/verification/progress", nn);
    ASSERT_EQ(city.status, 200);
    auto ci = items(city);
    ASSERT_EQ(ci.size(), 1u) << city.body;
    EXPECT_EQ(S(ci[0], "city"), kNanning);
    for (const char* k : {"enterprises", "pending", "verified", "rejected"}) {
        EXPECT_EQ(I(ci[0], k), I(by_city[kNanning], k)) << k;
    }
    EXPECT_EQ(I(ci[0], "rejected"), 0);
    EXPECT_EQ(P().get("/api/verification/progress", tok("enterprise")).status, 403);
}

// ---- 5. Runs: reproducible, lifecycle, ledger, compare, exports ----

TEST_P(ApiTest, RunLifecycleLedgerCompareAndExports) {
    const std::string admin = tok("gxt_admin");
    Reply first = P().get(run_path(P().demo_run()), admin);
    ASSERT_EQ(first.status, 200);
    Reply ra = P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0})");
    ASSERT_EQ(ra.status, 201) << ra.body;
    const json::object a = obj(ra);
    const std::int64_t run_a = I(a, "id");
    EXPECT_EQ(S(a, "status"), "draft");
    EXPECT_EQ(S(a, "result_hash").size(), 64u);
    EXPECT_GT(I(a, "row_count"), 0);
    EXPECT_GT(I(a, "total_yuan"), 0);
    Reply ra2 = P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0})");
    ASSERT_EQ(ra2.status, 201);
    const json::object a2 = obj(ra2);
    EXPECT_NE(I(a2, "id"), run_a);
    for (const char* k : {"result_hash", "data_hash", "policy_hash", "total_yuan", "row_count"}) {
        EXPECT_EQ(S(a2, k), S(a, k)) << k;
        EXPECT_EQ(S(obj(first), k), S(a, k)) << k << " of the seeded run";
    }
    EXPECT_EQ(P().post("/api/runs", admin, R"({"policy":"../guangxi-2023"})").status, 400);
    EXPECT_EQ(P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":61})").status, 400);
    EXPECT_EQ(P().post("/api/runs", admin, R"({"policy":"guangxi-2023","budget_yuan":-1})").status, 400);

    // The lifecycle, with two-person approval.
    EXPECT_EQ(transition("gxt_admin", run_a, "approved").status, 409);
    EXPECT_EQ(transition("gxt_admin", run_a, "disbursed").status, 409);
    EXPECT_EQ(transition("nanning", run_a, "reviewed").status, 403);
    ASSERT_EQ(transition("gxt_admin", run_a, "reviewed").status, 200);
    Reply self = transition("gxt_admin", run_a, "approved");
    EXPECT_EQ(self.status, 403) << self.body;
    EXPECT_EQ(P().one("SELECT status FROM runs WHERE id = $1", {db::Value(run_a)}), "reviewed");
    ASSERT_EQ(transition("gxt_reviewer", run_a, "approved").status, 200);
    Reply pub = transition("gxt_admin", run_a, "publicized");
    ASSERT_EQ(pub.status, 200) << pub.body;
    EXPECT_NE(S(obj(pub), "notice_until"), "");
    Reply dis = transition("gxt_admin", run_a, "disbursed");
    ASSERT_EQ(dis.status, 200) << dis.body;
    EXPECT_EQ(S(obj(dis), "status"), "disbursed");
    EXPECT_EQ(transition("gxt_admin", run_a, "withdrawn").status, 409);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM run_events WHERE run_id = $1", {db::Value(run_a)}), 4);

    // A 7-day notice period holds disbursal back.
    const std::int64_t run1 = P().demo_run();
    advance(run1, "publicized");
    Reply early = transition("gxt_admin", run1, "disbursed");
    EXPECT_EQ(early.status, 409) << early.body;
    EXPECT_TRUE(contains(early.body, "notice period")) << early.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM ledger WHERE run_id = $1", {db::Value(run1)}), 0);

    // The ledger holds one 'award' per non-zero row of the disbursed run.
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM ledger WHERE run_id = $1 AND kind = 'award'", {db::Value(run_a)}),
              P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND amount_yuan <> 0", {db::Value(run_a)}));
    EXPECT_EQ(P().count("SELECT SUM(amount_yuan) FROM ledger WHERE run_id = $1", {db::Value(run_a)}),
              I(a, "total_yuan"));

    // Two beneficiaries of cities with an official, far from their yearly cap: one revised up, one down.
    struct Pick {
        std::string uscc, city, clause, period, month;
        std::int64_t amount = 0, month_fen = 0;
    };
    std::vector<Pick> picks;
    // The yearly caps: 1,000,000 yuan for clause (一), 5,000,000 for (二) and (三); the revision adds 100,000.
    db::Rows cand = P().sql(
        "SELECT r.uscc, r.city, r.clause, r.period, r.amount_yuan, (SELECT SUM(x.amount_yuan) FROM run_rows x WHERE "
        "x.run_id = r.run_id AND x.uscc = r.uscc AND x.clause = r.clause) FROM run_rows r WHERE r.run_id = $1 AND "
        "r.eligible = 1 AND r.amount_yuan > 1000 AND r.amount_yuan = r.capped_yuan AND r.capped_yuan = r.computed_yuan "
        "AND "
        "r.clause IN ('1', '2', '3') AND r.city IN ($2, $3) ORDER BY r.uscc, r.clause, r.period",
        {db::Value(run_a), T(kNanning), T(kLiuzhou)});
    for (const db::Row& r : cand.rows) {
        if (!picks.empty() && picks.back().uscc == r.str(0)) continue;
        if (r.i64(5) + 200000 > (r.str(2) == "1" ? 1000000 : 5000000)) continue;
        Pick p{r.str(0), r.str(1), r.str(2), r.str(3), "", r.i64(4), 0};
        db::Rows m = P().sql(
            "SELECT month, output_fen FROM output WHERE uscc = $1 AND month >= $2 AND month <= $3 AND "
            "status = 'verified' AND output_fen > 0 ORDER BY month LIMIT 1",
            {T(p.uscc), T(p.period.substr(0, 7)), T(p.period.substr(8, 7))});
        if (m.empty()) continue;
        p.month = m.rows[0].str(0);
        p.month_fen = m.rows[0].i64(1);
        picks.push_back(p);
        if (picks.size() == 2) break;
    }
    ASSERT_EQ(picks.size(), 2u) << "the demo population has too few uncapped beneficiaries in 南宁市/柳州市";
    const Pick& up = picks[0];
    const Pick& down = picks[1];
    auto revise = [&](const Pick& p, std::int64_t new_fen) {
        const std::string official = p.city == kNanning ? "nanning" : "liuzhou";
        Reply r = P().post("/api/output/revise", tok(official),
                           "{\"uscc\":" + quote(p.uscc) + ",\"month\":" + quote(p.month) +
                               ",\"output_yuan\":" + quote(yuan(new_fen)) + ",\"reason\":\"统计部门更正数据\"}");
        ASSERT_EQ(r.status, 200) << r.body;
    };
    revise(up, up.month_fen +
                   1'000'000'000);  // +10,000,000 yuan of output: +100,000 yuan at 1% (of the increment or output)
    revise(down, 0);

    Reply rc = P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0})");
    ASSERT_EQ(rc.status, 201) << rc.body;
    const json::object c = obj(rc);
    const std::int64_t run_c = I(c, "id");
    EXPECT_NE(S(c, "data_hash"), S(a, "data_hash"));
    EXPECT_NE(S(c, "result_hash"), S(a, "result_hash"));
    auto amount_in = [&](std::int64_t run, const Pick& p) {
        return P().count(
            "SELECT amount_yuan FROM run_rows WHERE run_id = $1 AND uscc = $2 AND clause = $3 AND period = $4",
            {db::Value(run), T(p.uscc), T(p.clause), T(p.period)});
    };
    const std::int64_t up_after = amount_in(run_c, up);
    const std::int64_t down_after = amount_in(run_c, down);
    EXPECT_EQ(up_after - up.amount, 100000) << up.uscc << " clause " << up.clause << " " << up.period;
    EXPECT_LT(down_after, down.amount) << down.uscc;

    Reply cmp = P().get(run_path(run_a, "/compare/" + std::to_string(run_c)), admin);
    ASSERT_EQ(cmp.status, 200) << cmp.body;
    bool up_listed = false, down_listed = false;
    for (const auto& it : items(cmp)) {
        if (S(it, "uscc") == up.uscc && S(it, "clause") == up.clause && S(it, "period") == up.period) {
            up_listed = true;
            EXPECT_EQ(I(it, "amount_before"), up.amount);
            EXPECT_EQ(I(it, "amount_after"), up_after);
        }
        if (S(it, "uscc") == down.uscc && S(it, "clause") == down.clause && S(it, "period") == down.period)
            down_listed = true;
    }
    EXPECT_TRUE(up_listed) << cmp.body.substr(0, 500);
    EXPECT_TRUE(down_listed);
    // Only differences are listed.
    EXPECT_TRUE(items(P().get(run_path(run_a, "/compare/" + std::to_string(I(a2, "id"))), admin)).empty());

    advance(run_c, "disbursed");
    auto ledger_entry = [&](const Pick& p, std::int64_t run, const std::string& kind) -> std::optional<std::int64_t> {
        Reply l = P().get("/api/enterprises/" + p.uscc + "/ledger", admin);
        EXPECT_EQ(l.status, 200);
        for (const auto& e : items(l))
            if (I(e, "run_id") == run && S(e, "clause") == p.clause && S(e, "period") == p.period &&
                S(e, "kind") == kind)
                return I(e, "amount_yuan");
        return std::nullopt;
    };
    EXPECT_EQ(ledger_entry(up, run_a, "award"), up.amount);
    EXPECT_EQ(ledger_entry(up, run_c, "补发"), up_after - up.amount);
    EXPECT_EQ(ledger_entry(down, run_a, "award"), down.amount);
    EXPECT_EQ(ledger_entry(down, run_c, "追回"), down_after - down.amount);
    // Paid in total = what the latest disbursed run awards.
    EXPECT_EQ(P().count("SELECT SUM(amount_yuan) FROM ledger"), I(c, "total_yuan"));
    // The city official sees the ledger of its own enterprise.
    const std::string official = up.city == kNanning ? "nanning" : "liuzhou";
    EXPECT_EQ(P().get("/api/enterprises/" + up.uscc + "/ledger", tok(official)).status, 200);
    EXPECT_EQ(
        P().get("/api/enterprises/" + up.uscc + "/ledger", tok(official == "nanning" ? "liuzhou" : "nanning")).status,
        404);

    // Exports.
    Reply xlsx = P().get(run_path(run_a, "/export.xlsx"), admin);
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
    EXPECT_TRUE(contains(xlsx.header("content-type"), "spreadsheetml"));
    EXPECT_TRUE(contains(xlsx.header("content-disposition"), "attachment")) << xlsx.header("content-disposition");
    Reply csv = P().get(run_path(run_a, "/export.csv"), admin);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.rfind(std::string("\xEF\xBB\xBF") + kCsvHeader, 0), 0u) << csv.body.substr(0, 200);
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 1 + I(a, "row_count"));
    Reply city_xlsx = P().get(run_path(run_a, "/export.xlsx?city=" + enc(kNanning)), tok("nanning"));
    EXPECT_EQ(city_xlsx.status, 200);
    EXPECT_EQ(city_xlsx.body.rfind("PK", 0), 0u);
}

// Regression (was a bug, fixed): POST /api/runs casts notice_days with static_cast<int>(int64) before the 0–60 check
// (app.cpp), so 4294967296 (2^32) becomes 0 and 4294967303 becomes 7: out-of-range input is
// accepted as a different, valid notice period instead of being refused with 400.
TEST_P(ApiTest, NoticeDaysOutOfRangeIsRefused) {
    const std::int64_t runs = P().count("SELECT COUNT(*) FROM runs");
    Reply r = P().post("/api/runs", tok("gxt_admin"), R"({"policy":"guangxi-2023","notice_days":4294967296})");
    if (r.status == 201)
        ADD_FAILURE() << "regression: notice_days 4294967296 accepted as " << I(obj(r), "notice_days")
                      << " days (int truncation)";
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM runs"), runs);
}

// Regression (was a bug, fixed): check() in support.cpp treats every Status whose message contains " SQL" (or "[SQL: ")
// as a database failure and answers 500, so a validation message that echoes user input ("unknown policy: <policy>",
// "months: \"<m>\" is not YYYY-MM", "cannot move a draft run to <to>") becomes a 500 "internal error" when the input
// contains " SQL".
TEST_P(ApiTest, UserTextMentioningSqlIsStillA4xx) {
    const std::string admin = tok("gxt_admin");
    const std::string nn = tok("nanning");
    const std::string own = own_uscc();
    struct Case {
        std::string path, token, body;
    };
    const std::vector<Case> cases = {
        {"/api/runs", admin, R"({"policy":"no SQL"})"},
        {run_path(P().demo_run(), "/transition"), admin, R"({"to":"a SQL"})"},
        {"/api/output/verify", nn, "{\"uscc\":" + quote(own) + ",\"months\":[\"2023 SQL\"],\"action\":\"verify\"}"},
    };
    std::string failures;
    for (const Case& c : cases) {
        Reply r = P().post(c.path, c.token, c.body);
        EXPECT_GE(r.status, 400) << c.path;
        if (r.status >= 500)
            failures += " POST " + c.path + " " + c.body + " → " + std::to_string(r.status) + ";";
        else
            EXPECT_LT(r.status, 500);
    }
    if (!failures.empty())
        ADD_FAILURE() << "regression: user input containing \" SQL\" turns a 4xx into 500:" << failures;
}

// An error from a service (Status → check()) reaches the client in its Accept-Language, with both
// languages beside it and nothing of the log's detail.
TEST_P(ApiTest, ErrorsAnswerInTheRequestsLanguage) {
    const std::string admin = tok("gxt_admin");
    const std::string body = R"({"policy":"no-such-policy"})";
    Reply en = P().call("POST", "/api/runs", admin, body, "Accept-Language: en-GB,en;q=0.9\r\n");
    EXPECT_EQ(en.status, 400) << en.body;
    EXPECT_EQ(error_code(en), "bad_request");
    const json::object reply = obj(en);
    const json::object& e = reply.at("error").as_object();
    EXPECT_EQ(S(e, "message"), "unknown policy: no-such-policy") << en.body;
    EXPECT_EQ(S(e, "message_en"), "unknown policy: no-such-policy") << en.body;
    EXPECT_EQ(S(e, "message_zh"), "未知政策：no-such-policy") << en.body;
    EXPECT_FALSE(e.contains("detail")) << en.body;

    Reply zh = P().post("/api/runs", admin, body);  // no Accept-Language: Chinese
    EXPECT_EQ(error_message(zh), "未知政策：no-such-policy") << zh.body;
    Reply zh_first = P().call("POST", "/api/runs", admin, body, "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8\r\n");
    EXPECT_EQ(error_message(zh_first), "未知政策：no-such-policy") << zh_first.body;

    // The server's own refusals follow the header too.
    Reply anon = P().call("GET", "/api/enterprises", {}, {}, "Accept-Language: en\r\n");
    EXPECT_EQ(anon.status, 401);
    EXPECT_EQ(error_message(anon), "login required") << anon.body;
}

// Regression (was a bug, fixed): on PostgreSQL a NUL character in any request text (JSON string "\u0000", query "%00",
// path segment "%00") reaches a query as a parameter; PostgreSQL refuses text containing 0x00
// ("invalid byte sequence for encoding UTF8") and the API answers 500 instead of 400 — including on
// the anonymous login endpoint. SQLite accepts the same requests. Expected: NUL rejected as a bad
// request (or treated as data that matches nothing), never 5xx. (The fuzz test leaves "\u0000" to
// this test so that it stays green.)
TEST_P(ApiTest, NulCharactersInRequestTextAreNot5xx) {
    const std::string admin = tok("gxt_admin");
    const std::string nn = tok("nanning");
    struct Case {
        std::string method, target, token, body;
    };
    const std::vector<Case> cases = {
        {"POST", "/api/auth/login", "", R"({"username":"a\u0000b","password":"Wrong-Pass-1","bearer":true})"},
        {"GET", "/api/enterprises?q=%00", nn, ""},
        {"GET", "/api/output?uscc=%00", nn, ""},
        {"GET", "/api/enterprises/a%00b", nn, ""},
        {"GET", run_path(P().demo_run(), "/explain/a%00b"), nn, ""},
        {"POST", "/api/tasks", admin, R"({"department":"d","title":"t\u0000"})"},
        {"POST", "/api/output/verify", nn, "{\"uscc\":\"\\u0000\",\"months\":[\"2023-10\"],\"action\":\"verify\"}"},
    };
    std::string failures;
    for (const Case& c : cases) {
        Reply r = P().call(c.method, c.target, c.token, c.body);
        EXPECT_NE(r.status, 0) << c.target;
        if (r.status >= 500)
            failures += " " + c.method + " " + c.target + " " + c.body + " → " + std::to_string(r.status) + ";";
    }
    if (!failures.empty() && GetParam() == Backend::kPostgres)
        ADD_FAILURE() << "regression: NUL in request text gives 5xx on PostgreSQL:" << failures;
    EXPECT_TRUE(failures.empty()) << failures;
    EXPECT_EQ(P().get("/healthz").status, 200);
}

// ---- 6. OpenAPI ----

using RouteSet = std::set<std::pair<std::string, std::string>>;

RouteSet router_routes(Platform& p) {
    RouteSet out;
    for (const auto& r : p.app().router()->routes()) out.insert(r);
    return out;
}

TEST(ApiOpenApi, OperationListMatchesTheRouterBothWays) {
    std::string error;
    auto p = Platform::start(Backend::kSqlite, false, error);
    ASSERT_TRUE(p) << error;
    const RouteSet routed = router_routes(*p);
    RouteSet listed;
    for (const auto& rt : openapi_routes())
        EXPECT_TRUE(listed.insert(rt).second) << "listed twice: " << rt.first << " " << rt.second;
    for (const auto& rt : routed) {
        EXPECT_TRUE(listed.count(rt)) << "openapi_routes() lacks " << rt.first << " " << rt.second;
    }
    for (const auto& rt : listed) {
        EXPECT_TRUE(routed.count(rt)) << "openapi_routes() names a missing route: " << rt.first << " " << rt.second;
    }
    EXPECT_EQ(openapi_routes().size(), p->app().router()->routes().size());
}

// Regression (was a bug, fixed): openapi_json() builds each path with `paths[op.path].emplace_object()`, which replaces
// what is there, so of a path with several methods only the last one survives in the document: GET /api/users, GET
// /api/tasks, POST /api/runs, GET /api/security/settings and GET /api/enterprises/{uscc}/contact are missing from
// /api/openapi.json (openapi.cpp).
TEST(ApiOpenApi, DocumentMatchesTheRouterBothWays) {
    std::string error;
    auto p = Platform::start(Backend::kSqlite, false, error);
    ASSERT_TRUE(p) << error;
    Reply r = p->get("/api/openapi.json");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(contains(r.header("content-type"), "application/json"));
    auto doc = try_parse(r.body);
    ASSERT_TRUE(doc && doc->is_object()) << r.body.substr(0, 200);
    EXPECT_EQ(S(doc->as_object(), "openapi").rfind("3.", 0), 0u);
    ASSERT_TRUE(doc->as_object().contains("paths"));
    RouteSet documented;
    for (const auto& path : doc->as_object().at("paths").as_object()) {
        for (const auto& op : path.value().as_object()) {
            std::string method(op.key());
            for (char& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            documented.insert({method, std::string(path.key())});
            const json::object& o = op.value().as_object();
            EXPECT_TRUE(o.contains("responses")) << method << " " << path.key();
            // Every {param} of the path is declared as a path parameter.
            const std::string pk(path.key());
            for (std::size_t i = pk.find('{'); i != std::string::npos; i = pk.find('{', i + 1)) {
                const std::string name = pk.substr(i + 1, pk.find('}', i) - i - 1);
                bool declared = false;
                for (const auto& prm : A(o, "parameters")) {
                    if (S(prm.as_object(), "name") == name && S(prm.as_object(), "in") == "path") declared = true;
                }
                EXPECT_TRUE(declared) << method << " " << pk << ": {" << name << "} not declared";
            }
        }
    }
    const RouteSet routed = router_routes(*p);
    for (const auto& rt : documented) {
        EXPECT_TRUE(routed.count(rt)) << "documented but not routed: " << rt.first << " " << rt.second;
    }
    std::string missing;
    for (const auto& rt : routed)
        if (!documented.count(rt)) missing += " " + rt.first + " " + rt.second + ";";
    if (!missing.empty()) {
        // Only the known bug may explain it: every missing operation shares its path with a documented one.
        for (const auto& rt : routed) {
            if (documented.count(rt)) continue;
            bool path_documented = false;
            for (const auto& d : documented) path_documented |= d.second == rt.second;
            ASSERT_TRUE(path_documented) << "undocumented route: " << rt.first << " " << rt.second;
        }
        ADD_FAILURE() << "regression: /api/openapi.json keeps one method per path; missing:" << missing;
    }
    EXPECT_EQ(documented, routed);
}

// ---- 7. Audit ----

TEST_P(ApiTest, AuditTrailRecordsActionsAndCannotBeRewritten) {
    const std::string nn = tok("nanning");
    const std::string admin = tok("gxt_admin");
    EXPECT_EQ(P().login("auditor", "Wrong-Password-1").status, 401);
    const auto [uscc, month] = city_month(kNanning, "pending");
    ASSERT_EQ(upload("nanning", "output", "uscc,month,output_yuan\n" + uscc + ",2024-01,100.00\n").status, 201);
    ASSERT_EQ(P().post("/api/output/verify", nn,
                       "{\"uscc\":" + quote(uscc) + ",\"months\":[" + quote(month) + "],\"action\":\"verify\"}")
                  .status,
              200);
    const std::int64_t run = create_run(0);
    ASSERT_GT(run, 0);
    advance(run, "disbursed");
    ASSERT_EQ(P().get(run_path(run, "/export.csv"), admin).status, 200);
    ASSERT_EQ(P().get(run_path(run, "/export.xlsx"), nn).status, 200);

    const std::string aud = tok("auditadmin");
    const std::string sec = tok("secadmin");
    ASSERT_EQ(P().call("PUT", "/api/security/settings", sec, R"({"lockout_minutes":20})").status, 200);
    ASSERT_EQ(P().call("PUT", "/api/enterprises/" + uscc + "/contact", nn, R"({"phone":"13712345678"})").status, 200);
    ASSERT_EQ(P().post("/api/enterprises/" + uscc + "/contact/reveal", admin, R"({"field":"phone"})").status, 200);
    struct Expect {
        const char* action;
        const char* username;
        const char* result;
    };
    const Expect expected[] = {
        {"auth.login", "nanning", "ok"},        {"auth.login", "auditor", "failed"},
        {"upload.output", "nanning", "ok"},     {"output.verify", "nanning", "ok"},
        {"run.create", "gxt_admin", "ok"},      {"run.reviewed", "gxt_admin", "ok"},
        {"run.approved", "gxt_reviewer", "ok"}, {"run.publicized", "gxt_admin", "ok"},
        {"run.disbursed", "gxt_admin", "ok"},   {"run.export", "gxt_admin", "ok"},
        {"run.export", "nanning", "ok"},        {"security.settings", "secadmin", "ok"},
        {"contact.update", "nanning", "ok"},    {"contact.reveal", "gxt_admin", "ok"},
    };
    for (const Expect& e : expected) {
        Reply r = P().get(std::string("/api/audit?page_size=500&action=") + e.action + "&username=" + e.username, aud);
        ASSERT_EQ(r.status, 200) << r.body;
        bool found = false;
        for (const auto& it : items(r)) {
            if (S(it, "action") != e.action || S(it, "result") != e.result) continue;
            found = true;
            EXPECT_EQ(S(it, "hash").size(), 64u);
            EXPECT_FALSE(S(it, "request_id").empty());
            EXPECT_FALSE(S(it, "scope").empty());
            EXPECT_EQ(S(it, "ip"), "127.0.0.1");
            if (std::string(e.action).rfind("run.", 0) == 0 && std::string(e.action) != "run.create") {
                EXPECT_EQ(S(it, "object_id"), std::to_string(run));
            }
        }
        EXPECT_TRUE(found) << "no audit entry " << e.action << " by " << e.username << " (" << e.result << ")";
    }
    Reply scoped = P().get("/api/audit?page_size=500&action=run.export&username=nanning", aud);
    for (const auto& it : items(scoped)) {
        EXPECT_EQ(S(it, "scope"), "city:南宁市");
    }

    Reply intact = P().get("/api/audit/verify", aud);
    ASSERT_EQ(intact.status, 200) << intact.body;
    EXPECT_TRUE(B(obj(intact), "intact")) << intact.body;
    EXPECT_EQ(I(obj(intact), "first_broken_id"), 0);

    // The database refuses to rewrite history, whoever asks.
    const std::int64_t n = P().count("SELECT COUNT(*) FROM audit_log");
    const std::string first = P().one("SELECT action FROM audit_log ORDER BY id LIMIT 1");
    EXPECT_FALSE(P().exec("UPDATE audit_log SET action = 'tampered' WHERE id = (SELECT MIN(id) FROM audit_log)"));
    EXPECT_FALSE(P().exec("UPDATE audit_log SET result = 'ok'"));
    EXPECT_FALSE(P().exec("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"));
    EXPECT_FALSE(P().exec("DELETE FROM audit_log"));
    if (GetParam() == Backend::kPostgres) {
        EXPECT_FALSE(P().exec("TRUNCATE audit_log"));
    }
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log"), n);
    EXPECT_EQ(P().one("SELECT action FROM audit_log ORDER BY id LIMIT 1"), first);
    EXPECT_TRUE(B(obj(P().get("/api/audit/verify", aud)), "intact"));

    // The secrets stay out of the log: contact changes are logged masked.
    Reply contact_log = P().get("/api/audit?page_size=500&action=contact.", aud);
    EXPECT_FALSE(contains(contact_log.body, "13712345678")) << contact_log.body;
    EXPECT_TRUE(contains(contact_log.body, "137****5678")) << contact_log.body;

    // Who reads it: the audit administrator only (三员分立), not the business auditor.
    for (const char* user : {"nanning", "enterprise", "auditor", "gxt_admin", "sysadmin", "secadmin"}) {
        EXPECT_EQ(P().get("/api/audit", tok(user)).status, 403) << user;
        EXPECT_EQ(P().get("/api/audit/verify", tok(user)).status, 403) << user;
        EXPECT_EQ(P().get("/api/audit/export.csv", tok(user)).status, 403) << user;
    }
    EXPECT_EQ(P().get("/api/audit", aud).status, 200);
    const std::int64_t before_export = P().count("SELECT COUNT(*) FROM audit_log");
    Reply exported = P().get("/api/audit/export.csv", aud);
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.body.rfind("\xEF\xBB\xBF"
                                  "id,at,user_id,username,",
                                  0),
              0u);
    EXPECT_EQ(std::count(exported.body.begin(), exported.body.end(), '\n'), 1 + before_export);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log WHERE action = 'audit.export'"), 1);

    // A row forged behind the application's back (INSERT is the one thing left) breaks the chain.
    ASSERT_TRUE(
        P().exec("INSERT INTO audit_log (at, user_id, username, role, scope, action, object_type, object_id, "
                 "before_json, after_json, ip, request_id, result, prev_hash, hash) VALUES (1, NULL, 'x', 'none', "
                 "'none', 'forged', 'run', '1', '', '', '', '', 'ok', 'bogus', 'bogus')"));
    Reply broken = P().get("/api/audit/verify", aud);
    ASSERT_EQ(broken.status, 200);
    EXPECT_FALSE(B(obj(broken), "intact")) << broken.body;
    EXPECT_EQ(I(obj(broken), "first_broken_id"), P().count("SELECT MAX(id) FROM audit_log"));
}

// ---- 8. Robustness: fuzzed bodies ----

std::string deep(const std::string& open, const std::string& inner, const std::string& close, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += open;
    s += inner;
    for (int i = 0; i < n; ++i) s += close;
    return s;
}

// Whole bodies that are not (or not quite) the JSON object an endpoint wants.
std::vector<std::string> malformed_bodies() {
    std::vector<std::string> v = {
        "",
        " ",
        "{",
        "}",
        "{\"",
        "{\"a\":",
        "{\"a\":1,",
        "[",
        "[1,2",
        "nul",
        "tru",
        "null",
        "true",
        "0",
        "-1",
        "1e999",
        "\"s\"",
        "[]",
        "{}",
        "[{}]",
        "{\"a\":1}{\"b\":2}",
        "{} trailing",
        "\xEF\xBB\xBF{}",
        "{\"a\":\"\xff\xfe\"}",
        "{\"a\":1,\"a\":2}",
        "{'a':1}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "/* c */ {}",
        std::string("{\0}", 3),
        "{\"a\":\"\\u0000\"}",
        "{\"a\":\"\\ud800\"}",
        "\x80\x81\x82",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":-}",
    };
    v.push_back(deep("[", "", "]", 1000));
    v.push_back(deep("{\"a\":", "1", "}", 1000));
    v.push_back(deep("[", "{}", "]", 100000));
    v.push_back("{\"a\":" + deep("[", "", "]", 1000) + "}");
    v.push_back(std::string(900000, ' ') + "{}");
    v.push_back("{\"a\":\"" + std::string(900000, 'a') + "\"}");
    v.push_back(std::string(1100000, 'x'));  // beyond the 1 MiB body limit: 413
    return v;
}

// Values for one field: wrong types, edge numbers, hostile strings, deep nesting.
std::vector<std::string> field_values() {
    return {"null",
            "true",
            "false",
            "0",
            "-1",
            "1.5",
            "-0",
            "1e400",
            "1e-400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "4294967296",
            "\"\"",
            "\"7\"",
            "\"x\"",
            "\"' OR 1=1 --\"",
            "\"%\"",
            "\"中文é\"",
            "\"../../etc/passwd\"",
            "[]",
            "{}",
            "[\"2023-01\",1,null]",
            "[[]]",
            "\"" + std::string(200000, 'a') + "\"",
            deep("[", "", "]", 1000),
            "{\"$ne\":1}"};
}

TEST_P(ApiTest, FuzzedJsonBodiesNeverCause5xx) {
    const std::string admin = tok("gxt_admin");
    const std::string nn = tok("nanning");
    const std::string sys = tok("sysadmin");
    const std::string sec = tok("secadmin");
    const std::string own = own_uscc();
    const auto [vu, vm] = city_month(kNanning, "pending");
    const auto [ru, rm] = city_month(kNanning, "verified");
    const std::string liuzhou = "/api/users/" + P().one("SELECT id FROM users WHERE username = 'liuzhou'");
    const std::string contact = "/api/enterprises/" + own + "/contact";
    ASSERT_EQ(P().call("PUT", contact, nn, R"({"phone":"13800138000"})").status, 200);
    struct Target {
        std::string method, path, token, base;
        bool extra_field;  // also add an unknown field with each value (only where that costs no password hashing)
    };
    const std::string run = std::to_string(P().demo_run());
    const std::vector<Target> targets = {
        {"POST", "/api/auth/login", "",
         R"({"username":"fuzz_nobody","password":"Wrong-Pass-1","bearer":true,"captcha_id":"c","captcha_answer":"1234"})",
         false},
        {"POST", "/api/auth/login", "", R"({"username":"fuzz_nobody","password_sm2":"04abcdef","bearer":true})", false},
        {"POST", "/api/auth/password", admin, R"({"old_password":"Wrong-Pass-1","new_password":"Fuzz-Pass-12"})",
         false},
        {"POST", "/api/users", sys,
         R"({"username":"fuzz_user","role":"city_official","city":"南宁市","password":"Fuzz-Pass-12"})", false},
        {"POST", liuzhou + "/unlock", sec, "{}", true},
        {"POST", liuzhou + "/disable", sys, R"({"disabled":false})", true},
        {"POST", liuzhou + "/reset-password", sys, R"({"password":"Reset-Pass-123"})", false},
        {"PUT", "/api/security/settings", sec,
         R"({"password_min_length":8,"single_session":false,"password_hash":"argon2id"})", false},
        {"PUT", contact, nn,
         "{\"contact_name\":\"张三\",\"phone\":\"13800138000\",\"id_number\":\"" + id_number("45010219800101123") +
             "\",\"bank_account\":\"6222020200112233445\"}",
         true},
        {"POST", contact + "/reveal", nn, R"({"field":"phone"})", true},
        {"POST", "/api/output/verify", admin,
         "{\"uscc\":" + quote(vu) + ",\"months\":[" + quote(vm) + "],\"action\":\"verify\"}", false},
        {"POST", "/api/output/verify", nn,
         "{\"uscc\":" + quote(vu) + ",\"months\":[" + quote(vm) + "],\"action\":\"reject\",\"reason\":\"r\"}", true},
        {"POST", "/api/output/revise", admin,
         "{\"uscc\":" + quote(ru) + ",\"month\":" + quote(rm) + ",\"output_yuan\":\"1.00\",\"reason\":\"fuzzing\"}",
         false},
        {"POST", "/api/output/revise", nn,
         "{\"uscc\":" + quote(ru) + ",\"month\":" + quote(rm) + ",\"output_yuan\":\"1.00\",\"reason\":\"fuzzing\"}",
         true},
        {"POST", "/api/tasks", admin,
         "{\"uscc\":" + quote(own) + ",\"department\":\"d\",\"title\":\"t\",\"detail\":\"x\"}", true},
        {"POST", "/api/tasks/1/status", admin, R"({"status":"in_progress"})", true},
        {"POST", "/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0,"budget_yuan":1000000})", false},
        {"POST", "/api/runs/" + run + "/transition", admin, R"({"to":"withdrawn","note":"fuzz"})", true},
        {"POST", "/api/auth/logout", admin, "{}", false},  // last: it ends the session
    };
    // Ciphertexts that are not what SM2 decryption expects.
    const std::vector<std::string> sm2_values = {"\"\"",
                                                 "\"0\"",
                                                 "\"zz\"",
                                                 "\"04\"",
                                                 "\"" + std::string(130, '0') + "\"",
                                                 "\"04" + std::string(300, 'f') + "\"",
                                                 "\"30\"",
                                                 "\"3081\"",
                                                 "\"" + std::string(100001, 'a') + "\"",
                                                 "\"" + std::string(97 * 2, '1') + "\""};
    int requests = 0;
    std::string failures;
    auto probe = [&](const Target& t, const std::string& body) {
        Reply r = P().call(t.method, t.path, t.token, body);
        ++requests;
        if (r.status == 0 || r.status >= 500)
            failures += t.method + " " + t.path + " body=" + body.substr(0, 80) + (body.size() > 80 ? "…" : "") +
                        " → " + std::to_string(r.status) + " " + r.body.substr(0, 120) + "\n";
        else if (r.status >= 400 && r.status != 413 && r.status != 429) {
            EXPECT_FALSE(error_code(r).empty()) << t.path << " " << body.substr(0, 80) << ": " << r.body.substr(0, 200);
        }
    };
    const std::string slot = "\"@@FUZZ@@\"";
    for (const Target& t : targets) {
        for (const std::string& b : malformed_bodies()) probe(t, b);
        json::object base = try_parse(t.base)->as_object();
        std::vector<std::string> fields;
        for (const auto& kv : base) fields.emplace_back(kv.key());
        if (t.extra_field) fields.push_back("zz_unknown");
        for (const std::string& f : fields) {
            json::object missing = base;
            missing.erase(f);
            probe(t, json::serialize(missing));
            json::object slotted = base;
            slotted[f] = "@@FUZZ@@";
            const std::string templ = json::serialize(slotted);
            std::vector<std::string> values = field_values();
            if (f == "password_sm2") values.insert(values.end(), sm2_values.begin(), sm2_values.end());
            for (const std::string& v : values) {
                std::string body = templ;
                body.replace(body.find(slot), slot.size(), v);
                probe(t, body);
            }
        }
    }
    // Uploads: bytes that are not a table.
    const std::vector<std::pair<std::string, std::string>> files = {
        {"output.csv", ""},
        {"output.csv", "uscc,month,output_yuan\n"},
        {"output.csv", "uscc,month,output_yuan\n\"unterminated,2023-01,1\n"},
        {"output.csv", std::string("uscc,month,output_yuan\n\0\0\0,2023-01,1\n", 32)},
        {"output.csv", "\xff\xfe\x00u\x00s\x00c\x00c"},
        {"output.csv",
         "uscc,month,output_yuan\n" + own + ",2023-13,1\n" + own + ",0000-00,-1\n" + own + ",2023-01,1e9\n"},
        {"output.csv", "uscc,month,output_yuan\n" + own + ",2023-01,99999999999999999999999\n"},
        {"output.csv", "a" + std::string(100000, ',') + "\n"},
        {"output.csv", std::string(200000, '\n')},
        {"output.xlsx", "PK\x03\x04 truncated zip"},
        {"output.xlsx", "not a zip at all"},
        {"enterprises.csv", "uscc,name,city,industry,scale_since\n" + own + ",\"x\"\"y\",不存在市,99999,2023-99\n"},
        {"enterprises.xlsx", std::string("PK\x05\x06", 4) + std::string(18, '\0')},
        {"designations.csv", "uscc,designation,valid_from,valid_to\n" + own + ",no_such,2023-02-30,2022-01-01\n"},
        {"output.exe", "MZ"},
    };
    for (const auto& [name, bytes] : files) {
        const std::string kind = name.substr(0, name.find('.'));
        Reply r = P().call("POST", "/api/uploads/" + kind + "?filename=" + enc(name), admin, bytes,
                           "Content-Type: text/csv\r\n");
        ++requests;
        if (r.status == 0 || r.status >= 500)
            failures += "upload " + name + " → " + std::to_string(r.status) + " " + r.body.substr(0, 120) + "\n";
    }
    EXPECT_TRUE(failures.empty()) << "5xx or no answer:\n" << failures;
    EXPECT_GT(requests, 2000);
    if (std::getenv("ZX_API_TEST_VERBOSE")) std::cout << requests << " fuzzed requests\n";
    Reply health = P().get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(P().get("/api/cities").status, 200);
    EXPECT_EQ(P().get("/api/auth/me", nn).status, 200);
    EXPECT_EQ(P().get("/api/auth/me", admin).status, 401);  // the logout target ran last
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                             return info.param == Backend::kSqlite ? std::string("Sqlite") : std::string("Postgres");
                         });

}  // namespace
}  // namespace zx::api
