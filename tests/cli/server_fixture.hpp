// What the reliability tests of `zhenxing serve` share (server_reliability_test.cpp,
// server_operations_test.cpp): a raw-socket HTTP/1.1 client with "Connection: close", the real binary
// as a child process, the CLI run to completion, checks on the database file read with zx::db
// directly, and the fixture: one seeded database for the suite, copied per test.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "modules/audit/audit.hpp"
#include "modules/audit/audit_seal.hpp"
#include "platform/storage/db.hpp"

extern char** environ;

namespace zx::cli_test {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

inline const std::string kSrc = ZX_SOURCE_DIR;
inline constexpr int kDemoEnterprises = 300;

inline std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline void spit(const fs::path& p, const std::string& s) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(s.data(), static_cast<std::streamsize>(s.size()));
}

inline double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// ---- a minimal HTTP/1.1 client over a raw socket ----

struct Reply {
    int status = 0;  // 0: no response (refused, reset, closed early)
    std::string body;
    std::string error;
    // The body as a JSON object (empty when it is not one), so that lookups never throw.
    json::object js() const {
        boost::system::error_code ec;
        json::value v = json::parse(body, ec);
        return !ec && v.is_object() ? v.as_object() : json::object();
    }
    std::int64_t num(const char* key) const {
        const json::object o = js();
        const auto* v = o.if_contains(key);
        return v && v->is_int64() ? v->as_int64() : -1;
    }
    std::string str(const char* key) const {
        const json::object o = js();
        const auto* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    }
    std::vector<json::object> items() const {
        std::vector<json::object> out;
        const json::object o = js();
        if (const auto* a = o.if_contains("items"); a && a->is_array())
            for (const auto& it : a->as_array())
                if (it.is_object()) out.push_back(it.as_object());
        return out;
    }
};

// One request on its own connection. `after_send` runs once the whole request is written.
inline Reply http(int port, const std::string& method, const std::string& target, const std::string& body = {},
                  const std::string& token = {}, const std::string& content_type = "application/json",
                  const std::function<void()>& after_send = {}) {
    Reply r;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);  // never inherited by a server child
    if (fd < 0) {
        r.error = "socket";
        return r;
    }
    timeval tv{60, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        r.error = std::string("connect: ") + std::strerror(errno);
        ::close(fd);
        return r;
    }
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                      "\r\nConnection: close\r\nUser-Agent: zx-reliability-test\r\n";
    if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
    if (!body.empty() || method == "POST") {
        req += "Content-Type: " + content_type + "\r\n";
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    req += "\r\n";
    req += body;
    for (std::size_t off = 0; off < req.size();) {
        const ssize_t n = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            r.error = std::string("send: ") + std::strerror(errno);
            ::close(fd);
            return r;
        }
        off += static_cast<std::size_t>(n);
    }
    if (after_send) after_send();
    std::string in;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n < 0) r.error = std::string("recv: ") + std::strerror(errno);
            break;
        }
        in.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const auto head_end = in.find("\r\n\r\n");
    if (in.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos || in.size() < 12) {
        if (r.error.empty()) r.error = "no response";
        return r;
    }
    std::string head = in.substr(0, head_end);
    std::string rest = in.substr(head_end + 4);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto cl = head.find("\r\ncontent-length:");
    if (cl != std::string::npos) {
        const std::size_t len = std::stoul(head.substr(cl + 17));
        if (rest.size() < len) {
            r.error = "truncated body";
            return r;
        }
        rest.resize(len);
    }
    r.status = std::stoi(in.substr(9, 3));
    r.body = std::move(rest);
    return r;
}

inline std::string json_body(std::initializer_list<std::pair<const char*, json::value>> kv) {
    json::object o;
    for (const auto& [k, v] : kv) o[k] = v;
    return json::serialize(o);
}

// ---- the server as a child process ----

class ServerProcess {
  public:
    ServerProcess() = default;
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    ~ServerProcess() { kill_now(); }

    // Runs `zhenxing ARGS` with stdout to /dev/null and stderr captured, TMPDIR set to `tmpdir` (so
    // that what a killed server leaves in its temp directory is the test's to remove). With
    // `wait_listening`, returns once the "listening on" line is there (false if it exits or times out).
    bool start(const std::vector<std::string>& args, const fs::path& tmpdir, bool wait_listening = true,
               std::chrono::seconds timeout = 60s) {
        std::vector<std::string> argv_s = {ZX_CLI};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<std::string> env_s;
        for (char** e = environ; *e; ++e)
            if (std::string_view(*e).rfind("TMPDIR=", 0) != 0) env_s.emplace_back(*e);
        env_s.push_back("TMPDIR=" + tmpdir.string());
        std::vector<char*> argv, envp;
        for (auto& s : argv_s) argv.push_back(s.data());
        argv.push_back(nullptr);
        for (auto& s : env_s) envp.push_back(s.data());
        envp.push_back(nullptr);
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0) return false;
        const int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        const pid_t pid = ::fork();
        if (pid < 0) return false;
        if (pid == 0) {
            // Only async-signal-safe calls until exec. The server dies with the test.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::dup2(devnull, 0);
            ::dup2(devnull, 1);
            ::dup2(p[1], 2);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        ::close(p[1]);
        ::close(devnull);
        pid_ = pid;
        fd_ = p[0];
        reader_ = std::thread([this] { read_loop(); });
        if (!wait_listening) return true;
        std::unique_lock lock(mu_);
        // The start line in either language: "listening on http://127.0.0.1:PORT" or "已启动：http://127.0.0.1:PORT".
        const std::string marker = "http://127.0.0.1:";
        cv_.wait_for(lock, timeout, [&] {
            const auto at = log_.find(marker);
            return eof_ || (at != std::string::npos && log_.find('\n', at) != std::string::npos);
        });
        const auto at = log_.find(marker);
        if (at == std::string::npos) return false;
        listening_at_ = Clock::now();
        port_ = std::atoi(log_.c_str() + at + marker.size());
        return port_ > 0;
    }

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    bool running() const { return pid_ > 0; }

    void signal(int sig) {
        if (pid_ > 0) ::kill(pid_, sig);
    }

    // The wait status once the process has exited; nullopt on timeout (it keeps running).
    std::optional<int> wait(std::chrono::milliseconds timeout = 30s) {
        if (pid_ <= 0) return status_;
        const auto until = Clock::now() + timeout;
        for (;;) {
            int st = 0;
            const pid_t r = ::waitpid(pid_, &st, WNOHANG);
            if (r == pid_) {
                pid_ = -1;
                status_ = st;
                if (reader_.joinable()) reader_.join();
                return st;
            }
            if (r < 0) {  // not our child any more: nothing to wait for
                pid_ = -1;
                if (reader_.joinable()) reader_.join();
                return status_;
            }
            if (Clock::now() >= until) return std::nullopt;
            std::this_thread::sleep_for(5ms);
        }
    }

    // SIGTERM, then the exit code; -1 if it did not exit in time (it is killed then), 128 + N if
    // signal N ended it.
    int stop() {
        // `serve` installs its SIGTERM handler only after it prints "listening" (and may already answer
        // requests then): a SIGTERM in that window ends it by the default action (exit status 143).
        // Reported; until it is fixed, a stop waits for the server to have been up a moment.
        std::this_thread::sleep_until(listening_at_ + 300ms);
        signal(SIGTERM);
        auto st = wait(30s);
        if (!st) {
            kill_now();
            return -1;
        }
        return WIFEXITED(*st) ? WEXITSTATUS(*st) : WIFSIGNALED(*st) ? 128 + WTERMSIG(*st) : -1;
    }

    void kill_now() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int st = 0;
            ::waitpid(pid_, &st, 0);
            status_ = st;
            pid_ = -1;
        }
        if (reader_.joinable()) reader_.join();
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

    std::string log() {
        std::lock_guard lock(mu_);
        return log_;
    }

  private:
    void read_loop() {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            std::lock_guard lock(mu_);
            if (n <= 0) {
                eof_ = true;
                cv_.notify_all();
                return;
            }
            log_.append(buf, static_cast<std::size_t>(n));
            cv_.notify_all();
        }
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    int port_ = 0;
    Clock::time_point listening_at_ = Clock::now();
    std::optional<int> status_;
    std::thread reader_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::string log_;
    bool eof_ = false;
};

// A CLI command through the shell (stdout and stderr together).
struct CliRun {
    int code = -1;
    std::string out;
};

inline CliRun cli(const std::string& args, const std::string& stdin_text = {}, bool feed_stdin = false) {
    std::string cmd = std::string(ZX_CLI) + " " + args + " 2>&1";
    if (feed_stdin) {
        std::string quoted = "'";
        for (char c : stdin_text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        quoted += "'";
        cmd = "printf '%s' " + quoted + " | " + cmd;
    } else {
        cmd += " </dev/null";
    }
    CliRun r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int st = ::pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

// ---- the database, read directly ----

inline std::unique_ptr<zx::db::Database> open_db(const fs::path& p) {
    auto d = zx::db::Database::open("sqlite:" + p.string(), 1);
    if (!d) {
        ADD_FAILURE() << "open " << p << ": " << d.status().message();
        return nullptr;
    }
    return std::move(d).value();
}

// All rows, cells joined by '|' and rows by '\n'.
inline std::string q(zx::db::Database& d, const std::string& sql) {
    auto lease = d.acquire();
    if (!lease) return "ERROR " + lease.status().message();
    auto rows = (*lease)->query(sql);
    if (!rows) return "ERROR " + rows.status().message();
    std::string out;
    for (const auto& row : rows->rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + row.str(i);
        out += "\n";
    }
    if (!out.empty()) out.pop_back();
    return out;
}

// Integrity that must hold whatever was interrupted.
// The audit chain is keyed with the audit-key file the server keeps next to its database (copies of
// a database here travel with it, as an operator's would).
inline void expect_sound(zx::db::Database& d, const std::string& where, const fs::path& db_dir) {
    if (fs::exists(db_dir / "audit-key")) {
        auto keys = zx::load_or_create_audit_keys(db_dir / "audit-key");
        ASSERT_TRUE(keys) << where << ": " << keys.status().message();
        zx::set_audit_hmac_key(keys->hmac_key);
    } else {
        zx::set_audit_hmac_key({});
    }
    EXPECT_EQ(q(d, "PRAGMA integrity_check"), "ok") << where;
    EXPECT_EQ(q(d, "PRAGMA foreign_key_check"), "") << where;
    auto broken = zx::verify_audit_chain(d);
    ASSERT_TRUE(broken) << where << ": " << broken.status().message();
    EXPECT_EQ(*broken, 0) << where << ": the audit chain breaks at entry " << *broken;
}

// What an output upload changes: the output table, the accepted and refused uploads, their audit.
inline std::string upload_state(const fs::path& db) {
    auto d = open_db(db);
    if (!d) return "no database";
    expect_sound(*d, db.string(), db.parent_path());
    return "output: " +
           q(*d,
             "SELECT COUNT(*), COALESCE(SUM(output_fen), 0), COUNT(upload_id), "
             "SUM(CASE WHEN status = 'verified' THEN 1 ELSE 0 END) FROM output") +
           "\nuploads:\n" + q(*d, "SELECT kind, filename, status, rows_accepted, sha256 FROM uploads ORDER BY id") +
           "\naudit: " + q(*d, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'upload.%'");
}

// Runs are whole: each with exactly row_count rows and its audit entry, no rows or entries without
// a run, every run over the same data giving the same result.
inline void expect_runs_whole(const fs::path& db, const std::string& where) {
    auto d = open_db(db);
    ASSERT_TRUE(d);
    expect_sound(*d, where, db.parent_path());
    EXPECT_EQ(
        q(*d,
          "SELECT COUNT(*) FROM runs r WHERE r.row_count <> (SELECT COUNT(*) FROM run_rows x WHERE x.run_id = r.id)"),
        "0")
        << where << ": runs whose row_count differs from their rows:\n"
        << q(*d, "SELECT r.id, r.row_count, (SELECT COUNT(*) FROM run_rows x WHERE x.run_id = r.id) FROM runs r");
    EXPECT_EQ(q(*d, "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_rows x WHERE x.run_id = r.id)"),
              "0")
        << where;
    EXPECT_EQ(q(*d, "SELECT COUNT(*) FROM run_rows WHERE run_id NOT IN (SELECT id FROM runs)"), "0") << where;
    EXPECT_EQ(q(*d,
                "SELECT COUNT(*) FROM runs r WHERE r.total_yuan <> "
                "(SELECT COALESCE(SUM(amount_yuan), 0) FROM run_rows x WHERE x.run_id = r.id)"),
              "0")
        << where;
    EXPECT_EQ(
        q(*d, "SELECT COUNT(DISTINCT result_hash), COUNT(DISTINCT data_hash), COUNT(DISTINCT row_count) FROM runs"),
        "1|1|1")
        << where;
    EXPECT_EQ(q(*d,
                "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                "a.action = 'run.create' AND a.object_id = CAST(r.id AS TEXT))"),
              "0")
        << where;
    EXPECT_EQ(q(*d,
                "SELECT COUNT(*) FROM audit_log a WHERE a.action = 'run.create' AND "
                "NOT EXISTS (SELECT 1 FROM runs r WHERE CAST(r.id AS TEXT) = a.object_id)"),
              "0")
        << where;
}

inline void copy_db(const fs::path& from, const fs::path& to) {
    fs::create_directories(to.parent_path());
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(to.string() + suffix);
        if (fs::exists(from.string() + suffix))
            fs::copy_file(from.string() + suffix, to.string() + suffix, fs::copy_options::overwrite_existing);
    }
    if (fs::exists(from.parent_path() / "audit-key") && from.parent_path() != to.parent_path())
        fs::copy_file(from.parent_path() / "audit-key", to.parent_path() / "audit-key",
                      fs::copy_options::overwrite_existing);
}

inline std::vector<std::string> serve_args(const fs::path& db, bool demo = true) {
    std::vector<std::string> a = {"serve",
                                  "--db",
                                  "sqlite:" + db.string(),
                                  "--host",
                                  "127.0.0.1",
                                  "--port",
                                  "0",
                                  "--policies",
                                  kSrc + "/policies",
                                  "--static",
                                  (db.parent_path() / "no-web").string(),
                                  "--quiet-access-log"};
    if (demo) a.insert(a.end(), {"--demo", "--demo-enterprises", std::to_string(kDemoEnterprises)});
    return a;
}

// ---- the fixture: one seeded database for the suite, copied per test ----

class ServerReliability : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        try {
            seed_suite();
        } catch (const std::exception& e) {
            setup_error_ += std::string("seeding the suite's database: ") + e.what();
        }
    }

    static void seed_suite() {
        suite_dir_ = fs::temp_directory_path() / ("zx-reliability-" + std::to_string(::getpid()));
        fs::remove_all(suite_dir_);
        fs::create_directories(suite_dir_ / "base" / "tmp");
        base_db_ = suite_dir_ / "base" / "zx.db";
        ServerProcess s;
        if (!s.start(serve_args(base_db_), suite_dir_ / "base" / "tmp")) {
            setup_error_ = "the seeding server did not start:\n" + s.log();
            return;
        }
        // demo-accounts.txt: username TAB password TAB role TAB scope.
        std::istringstream lines(slurp(suite_dir_ / "base" / "demo-accounts.txt"));
        for (std::string line; std::getline(lines, line);) {
            if (line.empty() || line[0] == '#') continue;
            const auto t1 = line.find('\t');
            const auto t2 = line.find('\t', t1 + 1);
            if (t1 == std::string::npos || t2 == std::string::npos) continue;
            passwords_[line.substr(0, t1)] = line.substr(t1 + 1, t2 - t1 - 1);
        }
        Reply login = http(
            s.port(), "POST", "/api/auth/login",
            json_body(
                {{"username", "gxt_admin"}, {"password", json::string(passwords_["gxt_admin"])}, {"bearer", true}}));
        if (login.status != 200) {
            setup_error_ = "login as gxt_admin: " + std::to_string(login.status) + " " + login.body + " " + login.error;
            return;
        }
        admin_token_ = login.str("token");
        if (admin_token_.empty()) {
            setup_error_ = "login answered " + login.body;
            return;
        }
        // Every enterprise, page by page (the session above is in the database, so it holds in every copy).
        for (int page = 1;; ++page) {
            Reply r =
                http(s.port(), "GET", "/api/enterprises?page_size=100&page=" + std::to_string(page), {}, admin_token_);
            if (r.status != 200) {
                setup_error_ = "GET /api/enterprises: " + std::to_string(r.status) + " " + r.body;
                return;
            }
            const auto items = r.items();
            for (const auto& it : items) usccs_.emplace_back(it.at("uscc").as_string());
            if (items.empty() || static_cast<std::int64_t>(usccs_.size()) >= r.num("total")) break;
        }
        if (usccs_.size() != kDemoEnterprises)
            setup_error_ = "expected the demo enterprises, got " + std::to_string(usccs_.size());
        if (int code = s.stop(); code != 0)
            setup_error_ = "the seeding server exited with " + std::to_string(code) + ":\n" + s.log();
    }

    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(suite_dir_, ec);
    }

    void SetUp() override {
        ASSERT_TRUE(setup_error_.empty()) << setup_error_;
        dir_ = suite_dir_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "tmp");
    }

    void TearDown() override {
        for (auto& s : servers_) s->kill_now();
        servers_.clear();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // A server on `db` (kept until TearDown, which kills it if it still runs).
    ServerProcess& serve(const fs::path& db, bool demo = true) {
        servers_.push_back(std::make_unique<ServerProcess>());
        ServerProcess& s = *servers_.back();
        const bool up = s.start(serve_args(db, demo), dir_ / "tmp");
        EXPECT_TRUE(up) << "server did not start on " << db << ":\n" << s.log();
        return s;
    }

    // A copy of the seeded database at `db`.
    void fresh_db(const fs::path& db) { copy_db(base_db_, db); }

    std::string output_csv(int first_year, int last_year) const {
        std::string csv = "uscc,month,output_yuan\n";
        std::uint64_t x = 88172645463325252ull;
        for (int y = first_year; y <= last_year; ++y)
            for (int m = 1; m <= 12; ++m)
                for (const std::string& u : usccs_) {
                    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                    const std::uint64_t fen = 100000 + x % 5000000000ull;  // 1,000.00 to 50,001,000.00 yuan
                    char line[96];
                    std::snprintf(line, sizeof line, "%s,%04d-%02d,%llu.%02llu\n", u.c_str(), y, m,
                                  static_cast<unsigned long long>(fen / 100),
                                  static_cast<unsigned long long>(fen % 100));
                    csv += line;
                }
        return csv;
    }

    static inline fs::path suite_dir_;
    static inline fs::path base_db_;
    static inline std::string setup_error_;
    static inline std::map<std::string, std::string> passwords_;
    static inline std::string admin_token_;
    static inline std::vector<std::string> usccs_;

    fs::path dir_;
    std::vector<std::unique_ptr<ServerProcess>> servers_;
};

}  // namespace zx::cli_test
