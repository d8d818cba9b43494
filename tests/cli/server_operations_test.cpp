// `zhenxing serve` as an operator runs it, the real binary as a child process on a file SQLite
// database (helpers and fixture in server_fixture.hpp): an online backup and a restore (and a restore
// that must refuse a corrupt file); a port already in use; `user create` reading the password from
// stdin.
#include <gtest/gtest.h>

#include "cli/server_fixture.hpp"

namespace zx::cli_test {
namespace {

// c) An online backup is a consistent snapshot even while runs are being written; restore brings it
// back exactly, and refuses files that are not a sound Zhenxing database without touching anything.
TEST_F(ServerReliability, BackupWhileServingThenRestore) {
    const fs::path db = dir_ / "zx.db";
    const fs::path backup = dir_ / "backup.db";
    fresh_db(db);
    ServerProcess& s = serve(db);
    ASSERT_GT(s.port(), 0);
    const int port = s.port();
    Reply small = http(port, "POST", "/api/uploads/output?filename=small.csv",
                       "uscc,month,output_yuan\n" + usccs_[0] + ",2014-01,100.00\n" + usccs_[1] + ",2014-01,200.50\n",
                       admin_token_, "text/csv");
    ASSERT_EQ(small.status, 201) << small.body;

    // The backup while a client keeps creating runs.
    std::atomic<bool> stop{false};
    std::atomic<int> created{0};
    std::thread writer([&] {
        while (!stop) {
            Reply r =
                http(port, "POST", "/api/runs", R"({"policy":"guangxi-2023","confirm_pending":true})", admin_token_);
            if (r.status == 201)
                ++created;
            else
                break;
        }
    });
    while (created < 1) std::this_thread::sleep_for(5ms);
    CliRun b = cli("backup --db sqlite:" + db.string() + " --out " + backup.string());
    stop = true;
    writer.join();
    ASSERT_EQ(b.code, 0) << b.out;
    EXPECT_GE(created.load(), 1);
    EXPECT_EQ(cli("backup --db sqlite:" + db.string() + " --out " + backup.string()).code, 2) << "overwrote a backup";

    // What the backup holds (read from a copy: opening a file may switch its journal mode).
    copy_db(backup, dir_ / "inspect" / "backup.db");
    expect_runs_whole(dir_ / "inspect" / "backup.db", "the backup");
    std::string at_backup;
    {
        auto d = open_db(dir_ / "inspect" / "backup.db");
        ASSERT_TRUE(d);
        at_backup =
            q(*d,
              "SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM uploads), (SELECT COUNT(*) FROM output), "
              "(SELECT COUNT(*) FROM run_rows), (SELECT COUNT(*) FROM audit_log)");
    }

    // More changes after the backup point.
    Reply run = http(port, "POST", "/api/runs", R"({"policy":"guangxi-2023","confirm_pending":true})", admin_token_);
    ASSERT_EQ(run.status, 201) << run.body;
    Reply later = http(port, "POST", "/api/uploads/output?filename=later.csv",
                       "uscc,month,output_yuan\n" + usccs_[2] + ",2014-02,300.00\n", admin_token_, "text/csv");
    ASSERT_EQ(later.status, 201) << later.body;
    ASSERT_EQ(s.stop(), 0) << s.log();
    auto counts = [&](const fs::path& p) {
        auto d = open_db(p);
        return d ? q(*d,
                     "SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM uploads), (SELECT COUNT(*) FROM "
                     "output), "
                     "(SELECT COUNT(*) FROM run_rows), (SELECT COUNT(*) FROM audit_log)")
                 : std::string("no database");
    };
    const std::string at_stop = counts(db);
    ASSERT_NE(at_stop, at_backup);

    // Files restore must refuse, leaving the database byte for byte as it was.
    std::string random_bytes(256 << 10, '\0');
    std::mt19937_64 rng(7);
    for (char& c : random_bytes) c = static_cast<char>(rng());
    spit(dir_ / "random.db", random_bytes);
    const std::string whole = slurp(backup);
    spit(dir_ / "truncated.db", whole.substr(0, whole.size() / 2));
    spit(dir_ / "empty.db", "");
    const std::string bytes_before = slurp(db);
    for (const char* bad : {"random.db", "truncated.db", "empty.db"}) {
        CliRun r = cli("restore --db sqlite:" + db.string() + " --from " + (dir_ / bad).string());
        EXPECT_NE(r.code, 0) << bad << " was restored: " << r.out;
        EXPECT_TRUE(slurp(db) == bytes_before) << "restore of " << bad << " changed the database";
        EXPECT_FALSE(fs::exists(db.string() + ".restore-tmp")) << bad;
    }
    EXPECT_EQ(counts(db), at_stop);

    CliRun r = cli("restore --db sqlite:" + db.string() + " --from " + backup.string());
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(counts(db), at_backup);
    expect_runs_whole(db, "the restored database");

    // The restored database serves: the session of the backup point still holds, the runs are those
    // of the backup.
    ServerProcess& again = serve(db);
    ASSERT_GT(again.port(), 0) << again.log();
    Reply list = http(again.port(), "GET", "/api/runs", {}, admin_token_);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(std::to_string(list.items().size()), at_backup.substr(0, at_backup.find('|')));
    Reply gone = http(again.port(), "GET", "/api/output?month_from=2014-02&month_to=2014-02", {}, admin_token_);
    ASSERT_EQ(gone.status, 200);
    EXPECT_EQ(gone.num("total"), 0) << "a change after the backup point survived the restore";
    ASSERT_EQ(again.stop(), 0) << again.log();
    EXPECT_EQ(counts(db), at_backup);
    std::printf(
        "[ backup   ] %d runs created during the backup; runs|uploads|output|run_rows|audit at backup %s, "
        "at stop %s\n",
        created.load(), at_backup.c_str(), at_stop.c_str());
}

// d) Operators' mistakes: a port in use is exit 3 (not a server on another port); `user create`
// reads the password from stdin, refuses a weak one and a username that exists.
TEST_F(ServerReliability, PortInUseAndUserCreate) {
    const int busy = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(busy, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(busy, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(busy, 4), 0);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::getsockname(busy, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    const int port = ntohs(addr.sin_port);
    {
        servers_.push_back(std::make_unique<ServerProcess>());
        ServerProcess& s = *servers_.back();
        ASSERT_TRUE(s.start({"serve", "--db", "sqlite:" + (dir_ / "users.db").string(), "--host", "127.0.0.1", "--port",
                             std::to_string(port), "--quiet-access-log"},
                            dir_ / "tmp", false));
        auto st = s.wait(30s);
        ASSERT_TRUE(st) << "the server runs although its port is taken:\n" << s.log();
        EXPECT_TRUE(WIFEXITED(*st) && WEXITSTATUS(*st) == 3) << s.log();
        EXPECT_NE(s.log().find("无法在 127.0.0.1:" + std::to_string(port) + " 上监听"), std::string::npos) << s.log();
    }
    ::close(busy);

    const std::string url = "sqlite:" + (dir_ / "users.db").string();
    const std::string strong = "Gx-Zhenxing-2024!";
    const std::string create = "user create --db " + url + " --role province_admin --username ";
    CliRun weak = cli(create + "alice", "password\n", true);
    EXPECT_EQ(weak.code, 2) << weak.out;
    CliRun none = cli(create + "alice", "", true);
    EXPECT_EQ(none.code, 2) << "no password on stdin: " << none.out;
    CliRun ok = cli(create + "alice", strong + "\n", true);
    EXPECT_EQ(ok.code, 0) << ok.out;
    EXPECT_EQ(ok.out.find(strong), std::string::npos) << "the password was echoed";
    CliRun dup = cli(create + "alice", "An0ther-Passw0rd\n", true);
    EXPECT_EQ(dup.code, 2) << dup.out;
    EXPECT_NE(dup.out.find("用户名已存在"), std::string::npos) << dup.out;
    CliRun dup_en = cli("--lang en " + create + "alice", "An0ther-Passw0rd\n", true);
    EXPECT_EQ(dup_en.code, 2) << dup_en.out;
    EXPECT_NE(dup_en.out.find("username taken"), std::string::npos) << dup_en.out;
    CliRun no_city = cli("user create --db " + url + " --role city_official --username bob", strong + "\n", true);
    EXPECT_EQ(no_city.code, 2) << no_city.out;
    CliRun bad_role = cli("user create --db " + url + " --role emperor --username carol", strong + "\n", true);
    EXPECT_EQ(bad_role.code, 2) << bad_role.out;
    {
        auto d = open_db(dir_ / "users.db");
        ASSERT_TRUE(d);
        EXPECT_EQ(q(*d, "SELECT username, role, must_change_password FROM users ORDER BY id"),
                  "alice|province_admin|1");
        const std::string hash = q(*d, "SELECT password_hash FROM users");
        EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
        EXPECT_EQ(hash.find(strong), std::string::npos);
    }

    // The password typed on stdin is the one that logs in, and the first login must change it.
    ServerProcess& s = serve(dir_ / "users.db", false);
    ASSERT_GT(s.port(), 0);
    Reply wrong = http(s.port(), "POST", "/api/auth/login",
                       json_body({{"username", "alice"}, {"password", "An0ther-Passw0rd"}, {"bearer", true}}));
    EXPECT_EQ(wrong.status, 401) << wrong.body;
    Reply login = http(s.port(), "POST", "/api/auth/login",
                       json_body({{"username", "alice"}, {"password", json::string(strong)}, {"bearer", true}}));
    ASSERT_EQ(login.status, 200) << login.body;
    const json::object user = login.js()["user"].is_object() ? login.js()["user"].as_object() : json::object();
    EXPECT_TRUE(user.contains("must_change_password") && user.at("must_change_password") == true) << login.body;
    const std::string token = login.str("token");
    EXPECT_EQ(http(s.port(), "GET", "/api/runs", {}, token).status, 403) << "used before changing the password";
    ASSERT_EQ(s.stop(), 0) << s.log();
}

// Issue 8, items 6 and 20: a malformed --trusted-proxy is refused before anything starts; the audit
// key is created private next to the database, and the anchor file gets a signed head at start and
// at shutdown.
TEST_F(ServerReliability, TrustedProxyOptionAndAuditAnchoring) {
    const fs::path db = dir_ / "anchored.db";
    {
        servers_.push_back(std::make_unique<ServerProcess>());
        ServerProcess& bad = *servers_.back();
        std::vector<std::string> args = serve_args(db, false);
        args.insert(args.end(), {"--trusted-proxy", "10.0.0.0/33"});
        ASSERT_TRUE(bad.start(args, dir_ / "tmp", false));
        auto st = bad.wait(30s);
        ASSERT_TRUE(st) << bad.log();
        EXPECT_TRUE(WIFEXITED(*st) && WEXITSTATUS(*st) == 2) << bad.log();
        EXPECT_NE(bad.log().find("--trusted-proxy"), std::string::npos) << bad.log();
        EXPECT_FALSE(fs::exists(db)) << "nothing is opened before the options are checked";
    }
    servers_.push_back(std::make_unique<ServerProcess>());
    ServerProcess& s = *servers_.back();
    std::vector<std::string> args = serve_args(db, false);
    args.insert(args.end(), {"--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1"});
    ASSERT_TRUE(s.start(args, dir_ / "tmp")) << s.log();
    EXPECT_EQ(fs::status(dir_ / "audit-key").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    ASSERT_EQ(s.stop(), 0) << s.log();
    const std::string anchors = slurp(dir_ / "audit-anchors.txt");
    EXPECT_EQ(std::count(anchors.begin(), anchors.end(), '\n'), 2) << anchors;
    EXPECT_EQ(anchors.rfind("zx-audit-anchor v1 ", 0), 0u) << anchors;
}
}  // namespace
}  // namespace zx::cli_test
