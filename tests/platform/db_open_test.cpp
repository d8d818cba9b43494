// Storage behaviour specific to one backend, and opening databases: SQLite files (WAL, foreign keys,
// files that are not databases), SQLite in memory, bad URLs, URL redaction and SQL excerpts, rows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "platform/db_test_support.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/db_internal.hpp"

namespace zx::db::test {
namespace {

namespace fs = std::filesystem;

// ---- Backend-specific behaviour and opening ----

class TempDir {
  public:
    TempDir() : path_(fs::temp_directory_path() / ("zx-db-test-" + unique_suffix())) {}
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

TEST(SqliteFile, PersistsAcrossOpenWithWalAndForeignKeys) {
    TempDir tmp;
    const fs::path file = tmp.path() / "a" / "b" / "zhenxing.db";
    {
        auto db = Database::open("sqlite:" + file.string(), 2);
        ASSERT_TRUE(db) << db.status().message();
        EXPECT_EQ((*db)->dialect(), Dialect::kSqlite);
        EXPECT_EQ((*db)->describe(), "sqlite:" + file.string());
        auto c = lease(**db);
        ok_exec(*c, "CREATE TABLE awards (uscc TEXT PRIMARY KEY, fen BIGINT NOT NULL)");
        const std::vector<std::string> columns = {"uscc", "fen"};
        ok(c->bulk_insert("awards", columns,
                          {{Text("91450100MA5KXXXX1A"), Int(12345)}, {Text("91450200MA5KXXXX2B"), Int(1)}}));
        EXPECT_EQ(ok_query(*c, "PRAGMA journal_mode").rows.at(0).str(0), "wal");
        EXPECT_EQ(ok_query(*c, "PRAGMA foreign_keys").rows.at(0).i64(0), 1);
        EXPECT_EQ(ok_query(*c, "PRAGMA synchronous").rows.at(0).i64(0), 1);  // NORMAL
        EXPECT_EQ(ok_query(*c, "PRAGMA busy_timeout").rows.at(0).i64(0), 10000);
    }
    ASSERT_TRUE(fs::exists(file));
    auto again = Database::open(file.string());  // a bare path ending in .db
    ASSERT_TRUE(again) << again.status().message();
    auto c = lease(**again);
    EXPECT_EQ(ok_query(*c, "SELECT sum(fen) FROM awards").rows.at(0).i64(0), 12346);
}

TEST(SqliteFile, NotADatabaseIsAnErrorNamingTheFile) {
    TempDir tmp;
    fs::create_directories(tmp.path());
    const fs::path file = tmp.path() / "junk.db";
    std::ofstream(file) << std::string(8192, 'J');
    auto db = Database::open(file.string());
    ASSERT_FALSE(db);
    EXPECT_TRUE(contains(db.status().message(Lang::kEn), file.string())) << db.status().message(Lang::kEn);
    EXPECT_TRUE(contains(db.status().message(), file.string())) << db.status().message();
    EXPECT_TRUE(contains(db.status().detail(), "not a database")) << db.status().detail();
}

TEST(SqliteMemory, EachOpenIsItsOwnDatabaseAndOutlivesItsConnections) {
    auto first = Database::open("sqlite::memory:", 1);
    auto second = Database::open("sqlite::memory:", 1);
    ASSERT_TRUE(first && second);
    {
        auto c = lease(**first);
        ok_exec(*c, "CREATE TABLE only_here (v BIGINT)");
        ok_exec(*c, "INSERT INTO only_here (v) VALUES (7)");
        ok(c->begin());  // released mid-transaction: the pool closes this, its only connection
    }
    {
        auto c = lease(**second);
        EXPECT_FALSE(c->query("SELECT v FROM only_here"));
    }
    auto c = lease(**first);  // a fresh connection; the data is still there
    EXPECT_EQ(ok_query(*c, "SELECT v FROM only_here").rows.at(0).i64(0), 7);
}

TEST(DatabaseOpen, RejectsBadUrlsWithUsableMessages) {
    auto mysql = Database::open("mysql://root@localhost/zx");
    ASSERT_FALSE(mysql);
    EXPECT_EQ(mysql.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(contains(mysql.status().message(Lang::kEn), "mysql://root@localhost/zx"))
        << mysql.status().message(Lang::kEn);
    EXPECT_TRUE(contains(mysql.status().message(), "mysql://root@localhost/zx")) << mysql.status().message();
    EXPECT_FALSE(Database::open("sqlite:"));
    EXPECT_EQ(Database::open("sqlite::memory:", 0).status().code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE(Database::open("sqlite:/proc/zx-no-such-dir/zx.db"));

    // Nothing listens on port 1: a connection error that names the server but not the password.
    auto pg = Database::open("postgresql://zx:s3cret@127.0.0.1:1/zx_test?connect_timeout=2");
    ASSERT_FALSE(pg);
    EXPECT_EQ(pg.status().code(), StatusCode::kIoError);
    EXPECT_TRUE(contains(pg.status().message(Lang::kEn), "postgresql://zx@127.0.0.1:1/zx_test"))
        << pg.status().message(Lang::kEn);
    for (const std::string& said : {pg.status().message(), pg.status().message(Lang::kEn), pg.status().detail()})
        EXPECT_FALSE(contains(said, "s3cret")) << said;
}

TEST(DatabaseInternals, UrlRedactionAndSqlExcerpts) {
    using internal::redact_url;
    using internal::sql_excerpt;
    EXPECT_EQ(redact_url("postgresql://zx:pw@db.example:5432/zx"), "postgresql://zx@db.example:5432/zx");
    EXPECT_EQ(redact_url("postgres://zx@h/zx?sslmode=require&password=pw"), "postgres://zx@h/zx?sslmode=require");
    EXPECT_EQ(redact_url("postgresql://h/zx?password=pw"), "postgresql://h/zx");
    EXPECT_EQ(redact_url("sqlite:/var/lib/zx.db"), "sqlite:/var/lib/zx.db");
    EXPECT_EQ(sql_excerpt("  SELECT 1\n\t FROM  t  "), "SELECT 1 FROM t");
    const std::string chinese(300, 'x');
    EXPECT_EQ(sql_excerpt(chinese), std::string(200, 'x') + "…");
    std::string wide;
    for (int i = 0; i < 250; ++i) wide += "中";
    const std::string cut = sql_excerpt(wide);
    EXPECT_EQ(cut.size(), 200u * 3 + std::string("…").size());  // whole code points only
}

TEST(Row, AccessorsConvertBetweenIntegerAndText) {
    const Row r({Value(std::int64_t{-5}), Value(std::string("42")), null(), Value(std::string("t")),
                 Value(std::string("12345678901234")), Value(std::string("abc"))});
    EXPECT_EQ(r.i64(0), -5);
    EXPECT_EQ(r.str(0), "-5");
    EXPECT_EQ(r.i64(1), 42);
    EXPECT_EQ(r.str(1), "42");
    EXPECT_TRUE(r.is_null(2));
    EXPECT_EQ(r.i64(2), 0);
    EXPECT_EQ(r.str(2), "");
    EXPECT_EQ(r.i64(3), 1);  // PostgreSQL's boolean true
    EXPECT_EQ(r.i64(4), 12345678901234);
    EXPECT_EQ(r.i64(5), 0);
    EXPECT_EQ(r.size(), 6u);
}

}  // namespace
}  // namespace zx::db::test
