#include "cli/server_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "app/demo_seed.hpp"
#include "app/schema.hpp"
#include "core/clock.hpp"
#include "modules/audit/audit_seal.hpp"
#include "modules/identity/auth.hpp"
#include "modules/service_desk/calendar_files.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/http/http.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/migrations.hpp"

namespace zx::cli {

std::filesystem::path resolve_data_dir(const std::string& given, const char* default_name) {
    std::error_code ec;
    if (std::filesystem::is_directory(given, ec) || given != default_name) return given;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (const auto& cand : {exe.parent_path() / default_name, exe.parent_path().parent_path() / default_name})
            if (std::filesystem::is_directory(cand, ec)) return cand;
    return given;
}

namespace {

std::filesystem::path resolve_policies(const std::string& given);

struct ServeArgs {
    std::string db = "sqlite:data/zhenxing.db";
    std::string host = "127.0.0.1";
    int port = 8080;
    int threads = 2;
    int handler_threads = 8;
    std::string policies = "policies";
    std::string schemes = "schemes";
    std::string static_dir = "web/dist";
    bool demo = false;
    std::size_t demo_enterprises = 3000;
    std::optional<int> min_notice_days;
    std::string calendars = "calendars";
    std::string calendar_region = "guangxi";
    bool secure_cookies = false;
    bool quiet = false;
    std::string field_key_file;                // default: <data dir>/field-key.hex
    std::string sm2_key_file;                  // default: <data dir>/sm2-login-key.pem
    std::vector<std::string> trusted_proxies;  // CIDRs whose X-Forwarded-For is believed
    std::string audit_key_file;                // default: <data dir>/audit-key (HMAC-SM3 + SM2 keys)
    std::string audit_anchor_file;             // default: <data dir>/audit-anchors.txt
    int audit_anchor_minutes = 10;
};

struct UserArgs {
    std::string db = "sqlite:data/zhenxing.db";
    std::string username, role, city, department, uscc, display_name;
};

struct BackupArgs {
    std::string db = "sqlite:data/zhenxing.db";
    std::string file;
};

ServeArgs serve_args;
UserArgs user_args;
BackupArgs backup_args, restore_args;
CLI::App* serve_cmd = nullptr;
CLI::App* user_cmd = nullptr;
CLI::App* user_create_cmd = nullptr;
CLI::App* backup_cmd = nullptr;
CLI::App* restore_cmd = nullptr;
CLI::App* openapi_cmd = nullptr;

Lang lang = Lang::kZh;  // --lang

// Prints the text in the chosen language; printf-style arguments follow (pass each twice if both use it).
template <typename... Args>
void say(const Text& t, Args... args) {
    std::fprintf(stderr, t.in(lang).c_str(), args...);  // NOLINT(cppcoreguidelines-pro-type-vararg)
}

// The operator reads the detail too: on this machine it is theirs (database paths, driver messages).
int fail(const Status& s) {
    std::string line = s.message(lang);
    if (!s.text().in(lang).empty() && !s.detail().empty()) line += " (" + s.detail() + ")";
    std::fprintf(stderr, "zhenxing: %s\n", line.c_str());
    return s.code() == StatusCode::kIoError || s.code() == StatusCode::kNotFound ? 3 : 2;
}

Result<std::unique_ptr<db::Database>> open_migrated(const std::string& url, int pool_size = 4) {
    auto db = db::Database::open(url, pool_size);
    if (!db) return db.status();
    auto v = api::migrate_all(**db);
    if (!v) return v.status();
    return std::move(db).value();
}

// A password typed by the operator: without echo on a terminal, twice; from stdin otherwise.
std::optional<std::string> read_password() {
    auto read_line = [](bool echo_off) -> std::optional<std::string> {
        termios old{};
        const bool tty = isatty(0) && tcgetattr(0, &old) == 0;
        if (tty && echo_off) {
            termios t = old;
            t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(0, TCSANOW, &t);
        }
        std::string line;
        const bool ok = static_cast<bool>(std::getline(std::cin, line));
        if (tty && echo_off) {
            tcsetattr(0, TCSANOW, &old);
            std::fprintf(stderr, "\n");
        }
        if (!ok) return std::nullopt;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    };
    if (isatty(0)) {
        say({"密码：", "password: "});
        auto a = read_line(true);
        say({"再次输入：", "again: "});
        auto b = read_line(true);
        if (!a || !b || *a != *b) {
            say({"zhenxing: 两次输入的密码不一致\n", "zhenxing: the passwords differ\n"});
            return std::nullopt;
        }
        return a;
    }
    return read_line(false);
}

int cmd_user_create() {
    auto db = open_migrated(user_args.db);
    if (!db) return fail(db.status());
    NewUser u;
    u.username = user_args.username;
    u.display_name = user_args.display_name;
    auto role = parse_role(user_args.role);
    if (!role) {
        say(
            {"zhenxing: --role 须为 system_admin、security_admin、audit_admin、province_admin、city_official、"
             "dept_handler、enterprise、commissioner 或 auditor\n",
             "zhenxing: --role: system_admin | security_admin | audit_admin | province_admin | city_official | "
             "dept_handler | enterprise | commissioner | auditor\n"});
        return 2;
    }
    u.role = *role;
    u.city = user_args.city;
    u.department = user_args.department;
    u.uscc = user_args.uscc;
    u.must_change_password = true;  // the first login forces a change
    auto pw = read_password();
    if (!pw) return 2;
    // Department accounts must name a department of the list the server loads.
    if (auto s = api::load_responsible_departments(resolve_policies("policies")); !s && u.role == Role::kDeptHandler)
        return fail(s);
    AuthService auth(**db);
    Principal operator_principal;
    operator_principal.username = "cli";
    auto id = auth.create_user(u, *pw, operator_principal, {"local", "cli"});
    if (!id) return fail(id.status());
    say({"已创建用户 %s（%s），首次登录须修改密码\n",
         "created user %s (%s); the first login must change the password\n"},
        u.username.c_str(), user_args.role.c_str());
    return 0;
}

std::string sqlite_path(const std::string& url) {
    if (url.rfind("sqlite:", 0) == 0) return url.substr(7);
    if (url.size() > 3 && url.compare(url.size() - 3, 3, ".db") == 0) return url;
    return {};
}

std::string sql_quote(const std::string& s) {
    std::string o = "'";
    for (char c : s) {
        if (c == '\'') o += '\'';
        o += c;
    }
    return o + "'";
}

int cmd_backup() {
    const std::string path = sqlite_path(backup_args.db);
    if (path.empty() || path == ":memory:") {
        say({"zhenxing: backup 仅用于默认的SQLite数据库（PostgreSQL 请用 pg_dump）\n",
             "zhenxing: backup is for the SQLite default (PostgreSQL: use pg_dump)\n"});
        return 2;
    }
    if (std::filesystem::exists(backup_args.file)) {
        say({"zhenxing: %s 已存在，请另选文件\n", "zhenxing: %s exists; choose a new file\n"},
            backup_args.file.c_str());
        return 2;
    }
    auto db = db::Database::open(backup_args.db, 1);
    if (!db) return fail(db.status());
    auto lease = (*db)->acquire();
    if (!lease) return fail(lease.status());
    // VACUUM INTO writes a consistent, compact copy while the server keeps running.
    if (auto s = (*lease)->exec_script("VACUUM INTO " + sql_quote(backup_args.file)); !s) return fail(s);
    say({"已备份到 %s\n", "backed up to %s\n"}, backup_args.file.c_str());
    return 0;
}

int cmd_restore() {
    const std::string path = sqlite_path(restore_args.db);
    if (path.empty() || path == ":memory:") {
        say({"zhenxing: restore 仅用于默认的SQLite数据库\n", "zhenxing: restore is for the SQLite default\n"});
        return 2;
    }
    {
        auto check = db::Database::open("sqlite:" + restore_args.file, 1);
        if (!check) return fail(check.status());
        auto lease = (*check)->acquire();
        if (!lease) return fail(lease.status());
        auto r = (*lease)->query("PRAGMA integrity_check");
        if (!r || r->empty() || r->rows[0].str(0) != "ok") {
            say({"zhenxing: %s 未通过完整性检查，未做任何恢复\n",
                 "zhenxing: %s failed the integrity check; nothing restored\n"},
                restore_args.file.c_str());
            return 1;
        }
        auto v = (*lease)->query("SELECT MAX(version) FROM schema_version");
        if (!v) {
            say({"zhenxing: %s 不是振兴平台的数据库\n", "zhenxing: %s is not a Zhenxing database\n"},
                restore_args.file.c_str());
            return 1;
        }
    }
    // Copy next to the target, then rename: the database is either the old one or the backup.
    std::error_code ec;
    const std::filesystem::path target(path);
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
    const std::filesystem::path tmp = target.string() + ".restore-tmp";
    std::filesystem::copy_file(restore_args.file, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) {
        std::fprintf(stderr, "zhenxing: %s\n", ec.message().c_str());
        return 3;
    }
    std::filesystem::remove(target.string() + "-wal", ec);
    std::filesystem::remove(target.string() + "-shm", ec);
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
        std::fprintf(stderr, "zhenxing: %s\n", ec.message().c_str());
        return 3;
    }
    say({"已从 %s 恢复（请先停止服务）\n", "restored from %s (stop the server first)\n"}, restore_args.file.c_str());
    return 0;
}

// The policies root as given, or, when the default is not found from the working directory, the
// one next to the executable's build directory (build/zhenxing → policies/).

std::filesystem::path resolve_policies(const std::string& given) {
    return resolve_data_dir(given, "policies");
}

std::string slurp(const std::filesystem::path& p) {
    std::string out;
    if (FILE* f = std::fopen(p.c_str(), "rb")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

// Writes a secret readable by the service account only.
bool write_secret(const std::filesystem::path& p, const std::string& content) {
    std::error_code ec;
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
    FILE* f = std::fopen(p.c_str(), "wx");  // never overwrite an existing key
    if (!f) return false;
    std::filesystem::permissions(p, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, ec);
    const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    return std::fclose(f) == 0 && ok;
}

// The operator's keys, or, on first start of an installation, keys generated for it and kept in files.
// There is no built-in key: a missing file is created with fresh random bytes, a weak one refused.
Result<api::AppKeys> load_keys(const ServeArgs& a, const std::filesystem::path& data_dir) {
    const std::filesystem::path field_file =
        a.field_key_file.empty() ? data_dir / "field-key.hex" : std::filesystem::path(a.field_key_file);
    const std::filesystem::path sm2_file =
        a.sm2_key_file.empty() ? data_dir / "sm2-login-key.pem" : std::filesystem::path(a.sm2_key_file);
    std::error_code ec;
    if (!std::filesystem::exists(field_file, ec)) {
        if (!a.field_key_file.empty())
            return Status::not_found({field_file.string() + "：SM4字段加密密钥文件不存在",
                                      field_file.string() + ": the SM4 field key file does not exist"});
        if (!write_secret(field_file, random_token_hex(16) + "\n"))
            return Status::io_error({field_file.string() + "：无法创建SM4字段加密密钥",
                                     field_file.string() + ": cannot create the SM4 field key"});
        say({"已生成SM4字段加密密钥：%s（请备份：加密字段离不开它）\n",
             "generated the SM4 field key: %s (back it up: encrypted fields need it)\n"},
            field_file.c_str());
    }
    std::string hex = slurp(field_file);
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.pop_back();
    // Keys printed in standards and documentation are public: refusing them keeps a copied example
    // from becoming a production secret.
    std::string lower = hex;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* sample : {"0123456789abcdeffedcba9876543210", "00112233445566778899aabbccddeeff",
                               "ffffffffffffffffffffffffffffffff", "0123456789abcdef0123456789abcdef"})
        if (lower == sample)
            return Status::invalid(
                {field_file.string() + "：这是公开的示例密钥，请生成随机密钥（例如 openssl rand -hex 16）",
                 field_file.string() + ": this is a published sample key; generate a random one "
                                       "(e.g. openssl rand -hex 16)"});
    auto cipher = gm::FieldCipher::from_hex(hex);
    if (!cipher) return cipher.status().with_context({field_file.string() + "：", field_file.string() + ": "});
    if (!std::filesystem::exists(sm2_file, ec)) {
        if (!a.sm2_key_file.empty())
            return Status::not_found({sm2_file.string() + "：SM2登录密钥文件不存在",
                                      sm2_file.string() + ": the SM2 login key file does not exist"});
        auto kp = gm::Sm2KeyPair::generate();
        if (!kp) return kp.status();
        auto pem = kp->private_pem();
        if (!pem || !write_secret(sm2_file, *pem))
            return Status::io_error(
                {sm2_file.string() + "：无法创建SM2登录密钥", sm2_file.string() + ": cannot create the SM2 login key"});
        say({"已生成SM2登录密钥：%s\n", "generated the SM2 login key: %s\n"}, sm2_file.c_str());
    }
    auto kp = gm::Sm2KeyPair::from_pem(slurp(sm2_file));
    if (!kp) return kp.status().with_context({sm2_file.string() + "：", sm2_file.string() + ": "});
    return api::AppKeys{std::move(cipher).value(), std::move(kp).value()};
}

int cmd_serve() {
    const ServeArgs& a = serve_args;
    std::vector<http::Cidr> proxies;
    for (const std::string& text : a.trusted_proxies) {
        auto net = http::Cidr::parse(text);
        if (!net) {
            say({"zhenxing: --trusted-proxy：%s 不是IPv4或IPv6网段（如 10.0.0.0/8、2001:db8::/32）\n",
                 "zhenxing: --trusted-proxy: %s is not an IPv4 or IPv6 network (e.g. 10.0.0.0/8, 2001:db8::/32)\n"},
                text.c_str());
            return 2;
        }
        proxies.push_back(*net);
    }
    // One connection per handler thread, and two for the odd background task.
    auto db = open_migrated(a.db, a.handler_threads + 2);
    if (!db) return fail(db.status());
    api::AppOptions options;
    options.policies_root = resolve_policies(a.policies);
    options.schemes_root = resolve_data_dir(a.schemes, "schemes");
    options.secure_cookies = a.secure_cookies;
    // A demonstration walks the whole lifecycle at once; a real installation keeps 公示 open.
    options.awards.min_notice_days = a.min_notice_days.value_or(a.demo ? 0 : 5);
    // 公示 periods count working days of the region's calendar (calendars/), when it loads.
    {
        auto cal = load_working_calendar(resolve_data_dir(a.calendars, "calendars"), a.calendar_region);
        if (cal)
            options.awards.calendar = std::make_shared<const WorkingCalendar>(std::move(cal).value());
        else
            say({"警告：工作日历未载入（公示期按自然日计）：%s\n",
                 "warning: no working calendar (notice periods in calendar days): %s\n"},
                cal.status().message(Lang::kZh).c_str());
    }
    const std::string dbpath = sqlite_path(a.db);
    const std::filesystem::path data_dir = dbpath.empty() || dbpath == ":memory:"
                                               ? std::filesystem::path("data")
                                               : std::filesystem::path(dbpath).parent_path();
    auto keys = load_keys(a, data_dir.empty() ? std::filesystem::path(".") : data_dir);
    if (!keys) return fail(keys.status());
    const std::filesystem::path dir = data_dir.empty() ? std::filesystem::path(".") : data_dir;
    const std::filesystem::path audit_key_file =
        a.audit_key_file.empty() ? dir / "audit-key" : std::filesystem::path(a.audit_key_file);
    std::error_code key_ec;
    const bool new_audit_key = !std::filesystem::exists(audit_key_file, key_ec);
    auto audit_keys = load_or_create_audit_keys(audit_key_file);
    if (!audit_keys) return fail(audit_keys.status());
    if (new_audit_key)
        say({"已生成审计密钥：%s（请备份并另存：审计链的校验离不开它）\n",
             "generated the audit key: %s (back it up elsewhere: verifying the audit chain needs it)\n"},
            audit_key_file.c_str());
    set_audit_hmac_key(audit_keys->hmac_key);
    keys->audit_signer = std::move(audit_keys->signer);
    options.audit_anchor_file =
        a.audit_anchor_file.empty() ? dir / "audit-anchors.txt" : std::filesystem::path(a.audit_anchor_file);
    api::App app(**db, options, std::move(keys).value());
    if (!app.departments_status()) return fail(app.departments_status());
    if (!app.desk_status()) return fail(app.desk_status());
    if (!app.monitoring().rules_status()) return fail(app.monitoring().rules_status());
    app.start_background(std::chrono::seconds(60));
    if (app.runs().policies().empty())
        say({"警告：%s 下没有可用的政策\n", "warning: no policy found under %s\n"}, options.policies_root.c_str());
    if (a.demo) {
        auto seeded =
            seed_demo(**db, app.runs(), a.demo_enterprises, 2023, &app.desk(), &app.parks(), &app.monitoring());
        if (!seeded) return fail(seeded.status());
        if (seeded->seeded) {
            say({"演示数据：%zu 家企业，%zu 行月度产值\n", "demo data: %zu enterprises, %zu monthly rows\n"},
                seeded->enterprises, seeded->output_rows);
            if (seeded->run_id > 0)
                say({"首个计算批次 #%lld（草稿）\n", "first award run #%lld (draft)\n"},
                    static_cast<long long>(seeded->run_id));
            else
                say({"未能生成首个计算批次：%s\n", "no first run: %s\n"}, seeded->run_error.in(lang).c_str());
            std::string creds = "# Zhenxing demo accounts (generated once; change or delete them)\n";
            for (const auto& acc : seeded->accounts)
                creds += acc.username + "\t" + acc.password + "\t" + acc.role + "\t" + acc.scope + "\n";
            const std::string path = sqlite_path(a.db);
            const std::filesystem::path file =
                (path.empty() ? std::filesystem::path("data") : std::filesystem::path(path).parent_path()) /
                "demo-accounts.txt";
            std::error_code ec;
            std::filesystem::create_directories(file.parent_path(), ec);
            if (FILE* f = std::fopen(file.c_str(), "w")) {
                std::fputs(creds.c_str(), f);
                std::fclose(f);
                std::filesystem::permissions(file,
                                             std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                             std::filesystem::perm_options::replace, ec);
            }
            say({"演示账号（仅显示一次，另存于 %s）：\n%s", "demo accounts (shown once, kept in %s):\n%s"},
                file.c_str(), creds.c_str());
        }
    }
    if (app.auth().user_count() == 0)
        say({"尚无用户。由运维人员创建三员（系统、安全、审计管理员），再由系统管理员创建业务账号：\n"
             "  zhenxing user create --db %s --username sysadmin --role system_admin\n"
             "  zhenxing user create --db %s --username secadmin --role security_admin\n"
             "  zhenxing user create --db %s --username auditadmin --role audit_admin\n",
             "no users yet; the operator creates the three administrators, then the system administrator "
             "creates the business accounts:\n"
             "  zhenxing user create --db %s --username sysadmin --role system_admin\n"
             "  zhenxing user create --db %s --username secadmin --role security_admin\n"
             "  zhenxing user create --db %s --username auditadmin --role audit_admin\n"},
            a.db.c_str(), a.db.c_str(), a.db.c_str());
    http::ServerOptions so;
    so.host = a.host;
    so.port = static_cast<std::uint16_t>(a.port);
    so.threads = a.threads;
    so.access_log = !a.quiet;
    so.handler_threads = a.handler_threads;
    so.handle_signals = true;
    so.trusted_proxies = http::TrustedProxies(std::move(proxies));
    std::error_code ec;
    if (std::filesystem::is_directory(a.static_dir, ec)) so.static_dir = a.static_dir;
    http::Server server(so, app.router());
    server.metrics().add_gauge("zx_users", "Number of user accounts",
                               [&app] { return static_cast<double>(app.auth().user_count()); });
    std::string error;
    if (!server.start(&error)) {
        say({"zhenxing: 无法在 %s:%d 上监听：%s\n", "zhenxing: cannot listen on %s:%d: %s\n"}, a.host.c_str(), a.port,
            error.c_str());
        return 3;
    }
    say({"振兴 Zhenxing 已启动：http://%s:%u（数据库 %s）\n", "Zhenxing listening on http://%s:%u  (database %s)\n"},
        a.host.c_str(), static_cast<unsigned>(server.port()), (*db)->describe().c_str());
    // Signed heads of the audit chain: every few minutes, and once more on shutdown.
    std::mutex anchor_mu;
    std::condition_variable anchor_cv;
    bool stopping = false;
    auto anchor = [&] {
        const gm::Sm2KeyPair* signer = app.audit_signer();
        auto line = append_audit_anchor(**db, *signer, options.audit_anchor_file, unix_now());
        if (!line)
            say({"zhenxing: 审计锚点写入失败：%s\n", "zhenxing: audit anchor failed: %s\n"},
                line.status().message(lang).c_str());
    };
    anchor();  // at start, so that a chain rewritten while the server was down shows at once
    std::thread anchoring([&] {
        std::unique_lock lock(anchor_mu);
        while (!anchor_cv.wait_for(lock, std::chrono::minutes(a.audit_anchor_minutes), [&] { return stopping; })) {
            lock.unlock();
            anchor();
            lock.lock();
        }
    });
    server.wait();
    server.stop();
    {
        std::lock_guard lock(anchor_mu);
        stopping = true;
    }
    anchor_cv.notify_all();
    anchoring.join();
    anchor();
    return 0;
}

}  // namespace

void add_server_commands(CLI::App& app) {
    serve_cmd = app.add_subcommand("serve", "启动平台服务（HTTP API与网页）/ run the platform server");
    serve_cmd->add_option("--db", serve_args.db, "数据库 sqlite:PATH 或 postgresql://... / database URL");
    serve_cmd->add_option("--host", serve_args.host, "监听地址 listen address");
    serve_cmd->add_option("--port", serve_args.port, "端口 port (0: any free port)")->check(CLI::Range(0, 65535));
    serve_cmd->add_option("--threads", serve_args.threads, "网络线程 I/O threads")->check(CLI::Range(1, 64));
    serve_cmd->add_option("--handler-threads", serve_args.handler_threads, "请求处理线程（访问数据库）handler threads")
        ->check(CLI::Range(1, 256));
    serve_cmd->add_option("--policies", serve_args.policies, "政策目录根 policies root directory");
    serve_cmd->add_option("--schemes", serve_args.schemes, "亩均评价方案目录根 schemes root directory");
    serve_cmd->add_option("--static", serve_args.static_dir, "网页文件目录 built web front end");
    serve_cmd->add_flag("--demo", serve_args.demo,
                        "空库时生成演示数据和账号 seed demo data and accounts into an empty database");
    serve_cmd
        ->add_option("--min-notice-days", serve_args.min_notice_days,
                     "最短公示天数（默认5，--demo 时默认0）minimum notice period in days (5; 0 with --demo)")
        ->check(CLI::Range(0, 60));
    serve_cmd->add_option("--demo-enterprises", serve_args.demo_enterprises, "演示企业数 number of demo enterprises")
        ->check(CLI::Range(10, 2000000));
    serve_cmd->add_flag("--secure-cookies", serve_args.secure_cookies, "Cookie加Secure（部署于HTTPS后）behind TLS");
    serve_cmd->add_flag("--quiet-access-log", serve_args.quiet, "不输出访问日志 no access log");
    serve_cmd->add_option(
        "--field-key-file", serve_args.field_key_file,
        "SM4字段加密密钥文件（32位十六进制）SM4 field key file (32 hex); default <data>/field-key.hex, generated once");
    serve_cmd->add_option("--sm2-key-file", serve_args.sm2_key_file,
                          "SM2登录密钥（PEM）SM2 login key (PEM); default <data>/sm2-login-key.pem, generated once");
    serve_cmd->add_option(
        "--audit-key", serve_args.audit_key_file,
        "审计HMAC-SM3与SM2签名密钥文件 audit HMAC-SM3 + SM2 signing key file; default <data>/audit-key, "
        "generated once (0600)");
    serve_cmd->add_option("--audit-anchor", serve_args.audit_anchor_file,
                          "审计链头签名锚点文件 file the signed heads of the audit chain are appended to; default "
                          "<data>/audit-anchors.txt");
    serve_cmd
        ->add_option("--audit-anchor-minutes", serve_args.audit_anchor_minutes,
                     "锚点间隔（分钟）minutes between anchors")
        ->check(CLI::Range(1, 1440));
    serve_cmd->add_option("--trusted-proxy", serve_args.trusted_proxies,
                          "可信反向代理网段（可重复），仅其X-Forwarded-For被采信 trusted reverse proxy network "
                          "(CIDR, repeatable): only its X-Forwarded-For names the client");

    user_cmd = app.add_subcommand("user", "用户管理 / user accounts");
    user_create_cmd = user_cmd->add_subcommand(
        "create", "创建用户，密码由操作员输入 / create a user; the operator types the password");
    user_create_cmd->add_option("--db", user_args.db, "数据库 database URL");
    user_create_cmd->add_option("--username", user_args.username, "用户名 username")->required();
    user_create_cmd
        ->add_option("--role", user_args.role,
                     "角色 role: province_admin | city_official | dept_handler | enterprise | commissioner | auditor")
        ->required();
    user_create_cmd->add_option("--city", user_args.city, "所属市（市级用户）city of a city official");
    user_create_cmd->add_option("--department", user_args.department, "单位（责任单位用户）department");
    user_create_cmd->add_option("--uscc", user_args.uscc, "统一社会信用代码（企业用户）USCC of an enterprise user");
    user_create_cmd->add_option("--display-name", user_args.display_name, "显示名 display name");
    user_cmd->require_subcommand(1);

    backup_cmd =
        app.add_subcommand("backup", "备份SQLite数据库（服务运行中亦可）/ back up the SQLite database, online");
    backup_cmd->add_option("--db", backup_args.db, "数据库 sqlite:PATH");
    backup_cmd->add_option("--out", backup_args.file, "备份文件 backup file (must not exist)")->required();
    restore_cmd = app.add_subcommand("restore", "从备份恢复（须先停止服务）/ restore from a backup (server stopped)");
    restore_cmd->add_option("--db", restore_args.db, "数据库 sqlite:PATH");
    restore_cmd->add_option("--from", restore_args.file, "备份文件 backup file")->required()->check(CLI::ExistingFile);
    openapi_cmd = app.add_subcommand(
        "openapi", "输出OpenAPI 3接口文档（无需启动服务）/ print the OpenAPI 3 document without starting a server");
}

int run_server_commands(Lang message_lang) {
    lang = message_lang;
    if (serve_cmd && *serve_cmd) return cmd_serve();
    if (user_create_cmd && *user_create_cmd) return cmd_user_create();
    if (backup_cmd && *backup_cmd) return cmd_backup();
    if (restore_cmd && *restore_cmd) return cmd_restore();
    if (openapi_cmd && *openapi_cmd) {
        std::fputs(api::openapi_json().c_str(), stdout);
        std::fputc('\n', stdout);
        return 0;
    }
    return -1;
}

}  // namespace zx::cli
