// The storage contract, run against every backend: SQLite in memory, SQLite on disk, and PostgreSQL
// when ZX_TEST_PG_URL names a server (scripts/pg-test-cluster.sh starts a throw-away one).
#include "platform/storage/db.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "platform/db_test_support.hpp"
#include "platform/storage/db_internal.hpp"

namespace zx::db::test {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

enum class Backend { kSqliteMemory, kSqliteFile, kPostgres };

class DbTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        switch (GetParam()) {
            case Backend::kSqliteMemory:
                url_ = "sqlite::memory:";
                break;
            case Backend::kSqliteFile:
                dir_ = fs::temp_directory_path() / ("zx-db-test-" + unique_suffix());
                url_ = "sqlite:" + (dir_ / "nested" / "zx.db").string();  // the parent directories are created
                break;
            case Backend::kPostgres: {
                if (!pg_url()) {
                    GTEST_SKIP() << "ZX_TEST_PG_URL is not set; for PostgreSQL coverage run "
                                    "eval \"$(scripts/pg-test-cluster.sh start /tmp/zx-pg 55432)\" first";
                }
                // Each test works in its own schema (every pooled connection gets it as search_path), so
                // tests can run in parallel against one database and leave nothing behind.
                schema_ = "zx_test_" + unique_suffix();
                const std::string base = pg_url();
                url_ = base + (contains(base, "?") ? "&" : "?") + "options=-csearch_path%3D" + schema_;
                auto admin = Database::open(base, 1);
                ASSERT_TRUE(admin) << admin.status().message();
                auto c = lease(**admin);
                ok_exec(*c, "CREATE SCHEMA " + schema_);
                break;
            }
        }
        auto db = Database::open(url_, 4);
        ASSERT_TRUE(db) << db.status().message();
        db_ = std::move(db).value();
    }

    void TearDown() override {
        db_.reset();
        if (!schema_.empty()) {
            if (auto admin = Database::open(pg_url(), 1)) {
                if (auto c = (*admin)->acquire()) (*c)->exec("DROP SCHEMA " + schema_ + " CASCADE");
            }
        }
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    bool postgres() const { return GetParam() == Backend::kPostgres; }

    void create_table(Connection& c) { ok_exec(c, "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, amount BIGINT)"); }

    std::string url_;
    std::string schema_;
    fs::path dir_;
    std::unique_ptr<Database> db_;
};

TEST_P(DbTest, ValuesOfEveryTypeRoundTrip) {
    auto c = lease(*db_);
    EXPECT_EQ(c->dialect(), db_->dialect());
    create_table(*c);
    const std::vector<std::vector<Value>> rows = {
        {Int(1), Text("广西壮族自治区 振兴工业 🏭"), Int(kMax)},
        {Int(2), Text(""), Int(kMin)},
        {Int(3), null(), null()},
        {Int(4), Text("it's \"quoted\" \\ back\tslash\nnewline $1"), Int(0)},
    };
    for (const auto& r : rows) EXPECT_EQ(ok_exec(*c, "INSERT INTO t (id, name, amount) VALUES ($1, $2, $3)", r), 1);

    const Rows got = ok_query(*c, "SELECT id, name, amount FROM t ORDER BY id");
    EXPECT_EQ(got.columns, (std::vector<std::string>{"id", "name", "amount"}));
    ASSERT_EQ(got.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(got.rows[i].size(), 3u);
        for (std::size_t col = 0; col < 3; ++col)
            EXPECT_EQ(got.rows[i].at(col), rows[i][col]) << "row " << i << " col " << col;
    }

    // Every parameter type in a WHERE clause, including the extremes and Chinese text.
    EXPECT_EQ(ok_query(*c, "SELECT id FROM t WHERE amount = $1", {Int(kMin)}).rows.at(0).i64(0), 2);
    EXPECT_EQ(ok_query(*c, "SELECT id FROM t WHERE amount = $1", {Int(kMax)}).rows.at(0).i64(0), 1);
    EXPECT_EQ(ok_query(*c, "SELECT id FROM t WHERE name = $1", {Text("广西壮族自治区 振兴工业 🏭")}).rows.at(0).i64(0),
              1);
    EXPECT_EQ(ok_query(*c, "SELECT id FROM t WHERE name LIKE $1", {Text("%振兴%")}).rows.at(0).i64(0), 1);
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t WHERE name IS NULL").rows.at(0).i64(0), 1);
    EXPECT_EQ(ok_exec(*c, "UPDATE t SET name = $1 WHERE id = $2", {null(), Int(1)}), 1);
    EXPECT_EQ(ok_exec(*c, "UPDATE t SET amount = amount WHERE id > $1", {Int(100)}), 0);
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t WHERE name IS NULL").rows.at(0).i64(0), 2);

    // Row accessors convert between the two representations.
    const Row& r2 = got.rows[1];
    EXPECT_EQ(r2.str(2), "-9223372036854775808");
    EXPECT_EQ(r2.str(1), "");
    const Row& r3 = got.rows[2];
    EXPECT_TRUE(r3.is_null(1));
    EXPECT_EQ(r3.str(1), "");
    EXPECT_EQ(r3.i64(2), 0);
    // An integer parameter selected back comes as text from PostgreSQL (its type is unknown there).
    EXPECT_EQ(ok_query(*c, "SELECT $1 AS v", {Int(kMin)}).rows.at(0).i64(0), kMin);
}

TEST_P(DbTest, NumberedParametersBindByNumberNotByPosition) {
    auto c = lease(*db_);
    const Rows r = ok_query(*c, "SELECT $2 AS b, $1 AS a, $2 AS b2", {Text("A"), Text("B")});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.rows[0].str(0), "B");
    EXPECT_EQ(r.rows[0].str(1), "A");
    EXPECT_EQ(r.rows[0].str(2), "B");
}

TEST_P(DbTest, DollarInsideLiteralsAndCommentsIsNotAParameter) {
    auto c = lease(*db_);
    const Rows r =
        ok_query(*c, "SELECT '$1' AS lit, 'it''s $2' AS lit2, /* don't */ $2 AS b, $1 AS \"a$1\" -- $3 isn't one\n",
                 {Text("A"), Text("B")});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.rows[0].str(0), "$1");
    EXPECT_EQ(r.rows[0].str(1), "it's $2");
    EXPECT_EQ(r.rows[0].str(2), "B");
    EXPECT_EQ(r.rows[0].str(3), "A");
    EXPECT_EQ(r.columns.at(3), "a$1");
}

TEST_P(DbTest, ParameterCountMismatchIsAnError) {
    auto c = lease(*db_);
    auto missing = c->query("SELECT $1 AS v");
    ASSERT_FALSE(missing);
    EXPECT_TRUE(contains(missing.status().detail(), "SELECT $1 AS v")) << missing.status().detail();
    EXPECT_FALSE(c->query("SELECT 1 AS v", std::vector<Value>{Int(1)}));
    EXPECT_EQ(ok_query(*c, "SELECT 1 AS v").rows.at(0).i64(0), 1);  // still usable
}

TEST_P(DbTest, TransactionsCommitAndRollBack) {
    auto c = lease(*db_);
    create_table(*c);
    ok(c->begin());
    ok_exec(*c, "INSERT INTO t (id) VALUES ($1)", {Int(1)});
    ok(c->rollback());
    EXPECT_EQ(count(*db_, "t"), 0);

    ok(c->begin());
    ok_exec(*c, "INSERT INTO t (id) VALUES ($1)", {Int(2)});
    ok(c->commit());
    EXPECT_EQ(count(*db_, "t"), 1);  // on another pooled connection
    EXPECT_TRUE(c->rollback());      // nothing open: still fine

    // A failed statement inside a transaction, then rollback: the connection is usable again.
    ok(c->begin());
    ok_exec(*c, "INSERT INTO t (id) VALUES ($1)", {Int(3)});
    auto dup = c->exec("INSERT INTO t (id) VALUES ($1)", std::vector<Value>{Int(2)});
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.status().code(), StatusCode::kConstraintViolation) << dup.status().detail();
    if (postgres()) {
        Status commit = c->commit();  // the server aborted the transaction; COMMIT must not report success
        EXPECT_FALSE(commit);
        EXPECT_TRUE(contains(commit.message(Lang::kEn), "rolled back")) << commit.message(Lang::kEn);
    }
    EXPECT_TRUE(c->rollback());
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t").rows.at(0).i64(0), 1);
}

TEST_P(DbTest, InTransactionCommitsOnOkAndRollsBackOtherwise) {
    {
        auto c = lease(*db_);
        create_table(*c);
    }
    auto insert = [](Connection& c, std::int64_t id) -> Status {
        auto r = c.exec("INSERT INTO t (id) VALUES ($1)", std::vector<Value>{Int(id)});
        return r ? Status::ok() : r.status();
    };
    EXPECT_TRUE(in_transaction(*db_, [&](Connection& c) { return insert(c, 1); }));

    Status refused = in_transaction(*db_, [&](Connection& c) {
        if (Status s = insert(c, 2); !s) return s;
        return Status::data_error({"第 7 行：金额为负数", "row 7: amount is negative"});
    });
    EXPECT_EQ(refused.code(), StatusCode::kDataError);
    EXPECT_EQ(refused.message(Lang::kEn), "row 7: amount is negative");
    EXPECT_EQ(refused.message(), "第 7 行：金额为负数");

    Status thrown = in_transaction(*db_, [&](Connection& c) -> Status {
        if (Status s = insert(c, 3); !s) return s;
        throw std::runtime_error("boom");
    });
    EXPECT_FALSE(thrown);
    EXPECT_TRUE(contains(thrown.detail(), "boom")) << thrown.detail();

    Status failed = in_transaction(*db_, [&](Connection& c) {
        if (Status s = insert(c, 4); !s) return s;
        return insert(c, 1);  // duplicate key
    });
    EXPECT_EQ(failed.code(), StatusCode::kConstraintViolation) << failed.detail();

    auto c = lease(*db_);
    const Rows ids = ok_query(*c, "SELECT id FROM t ORDER BY id");
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(ids.rows[0].i64(0), 1);
}

TEST_P(DbTest, LeaseDroppedMidTransactionIsRolledBack) {
    {
        auto c = lease(*db_);
        create_table(*c);
        ok(c->begin());
        ok_exec(*c, "INSERT INTO t (id) VALUES ($1)", {Int(1)});
    }
    EXPECT_EQ(count(*db_, "t"), 0);
    EXPECT_TRUE(in_transaction(*db_, [](Connection& c) {
        auto r = c.exec("INSERT INTO t (id) VALUES (2)");
        return r ? Status::ok() : r.status();
    }));
    EXPECT_EQ(count(*db_, "t"), 1);
}

TEST_P(DbTest, BulkInsertOf100kRows) {
    {
        auto c = lease(*db_);
        create_table(*c);
    }
    constexpr std::int64_t kRows = 100'000;
    const std::vector<std::string> specials = {"tab\there", "line\nbreak", "back\\slash", "\\N",  "cr\rlf",
                                               "",          "中文，全角",  "\\.",         "end\\"};
    std::vector<std::vector<Value>> rows;
    rows.reserve(kRows);
    std::int64_t sum = 0;
    std::int64_t nulls = 0;
    for (std::int64_t i = 0; i < kRows; ++i) {
        Value name = i % 1000 == 0 ? Text(specials[static_cast<std::size_t>(i / 1000) % specials.size()])
                                   : Text("企业-" + std::to_string(i));
        Value amount = i % 7 == 0 ? null() : Int(i * 1000);
        if (i % 7 == 0) {
            ++nulls;
        } else {
            sum += i * 1000;
        }
        rows.push_back({Int(i), std::move(name), std::move(amount)});
    }
    const std::vector<std::string> columns = {"id", "name", "amount"};

    const auto start = std::chrono::steady_clock::now();
    Status s = in_transaction(*db_, [&](Connection& c) { return c.bulk_insert("t", columns, rows); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(s) << s.message();
    std::printf("[ bulk     ] %s: %lld rows in %.3f s = %.0f rows/s\n", db_->describe().c_str(),
                static_cast<long long>(kRows), seconds, static_cast<double>(kRows) / seconds);

    auto c = lease(*db_);
    const Rows totals = ok_query(*c, "SELECT count(*), sum(amount), count(amount) FROM t");
    EXPECT_EQ(totals.rows.at(0).i64(0), kRows);
    EXPECT_EQ(totals.rows.at(0).i64(1), sum);
    EXPECT_EQ(totals.rows.at(0).i64(2), kRows - nulls);
    for (std::size_t k = 0; k < specials.size(); ++k) {
        const Rows r = ok_query(*c, "SELECT name FROM t WHERE id = $1", {Int(static_cast<std::int64_t>(k) * 1000)});
        ASSERT_EQ(r.size(), 1u);
        EXPECT_EQ(r.rows[0].at(0), Value(specials[k])) << "special value " << k;
    }
    EXPECT_TRUE(ok_query(*c, "SELECT amount FROM t WHERE id = 7").rows.at(0).is_null(0));
}

TEST_P(DbTest, BulkInsertIsAllOrNothingAndValidatesItsInput) {
    auto c = lease(*db_);
    create_table(*c);
    const std::vector<std::string> columns = {"id", "name"};
    std::vector<std::vector<Value>> rows;
    for (std::int64_t i = 0; i < 1000; ++i) rows.push_back({Int(i), Text("x")});
    rows.push_back({Int(5), Text("duplicate of row 5")});

    Status dup = c->bulk_insert("t", columns, rows);  // outside a transaction: still atomic
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.code(), StatusCode::kConstraintViolation) << dup.detail();
    EXPECT_TRUE(contains(dup.message(Lang::kEn), "bulk_insert into t")) << dup.message(Lang::kEn);
    EXPECT_TRUE(contains(dup.message(), "批量写入 t")) << dup.message();
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t").rows.at(0).i64(0), 0);

    rows.pop_back();
    ok(c->bulk_insert("t", columns, rows));
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t").rows.at(0).i64(0), 1000);
    ok(c->bulk_insert("t", columns, {}));

    const std::vector<std::vector<Value>> ragged = {{Int(2000), Text("a")}, {Int(2001)}};
    Status s = c->bulk_insert("t", columns, ragged);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(contains(s.message(Lang::kEn), "row 1")) << s.message(Lang::kEn);
    EXPECT_EQ(c->bulk_insert("t; DROP TABLE t", columns, ragged).code(), StatusCode::kInvalidArgument);
    const std::vector<std::string> bad_columns = {"id", "name) VALUES (1, 'x'); --"};
    EXPECT_EQ(c->bulk_insert("t", bad_columns, {}).code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE(c->bulk_insert("no_such_table", columns, rows));
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t").rows.at(0).i64(0), 1000);
}

TEST_P(DbTest, EightThreadsShareAPoolOfTwo) {
    auto opened = Database::open(url_, 2);
    ASSERT_TRUE(opened) << opened.status().message();
    Database& pool = **opened;
    {
        auto c = lease(pool);
        ok_exec(*c, "CREATE TABLE hits (worker BIGINT NOT NULL, n BIGINT NOT NULL)");
    }
    constexpr int kThreads = 8;
    constexpr int kPerThread = 25;
    std::atomic<int> in_use{0};
    std::atomic<int> most_in_use{0};
    std::mutex mu;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int w = 0; w < kThreads; ++w) {
        threads.emplace_back([&, w] {
            for (int n = 0; n < kPerThread; ++n) {
                Status s;
                if (n % 2 == 0) {
                    auto l = pool.acquire(std::chrono::seconds(30));
                    if (!l) {
                        s = l.status();
                    } else {
                        const int now = ++in_use;
                        int seen = most_in_use.load();
                        while (now > seen && !most_in_use.compare_exchange_weak(seen, now)) {
                        }
                        auto r = (*l)->exec("INSERT INTO hits (worker, n) VALUES ($1, $2)",
                                            std::vector<Value>{Int(w), Int(n)});
                        if (!r) s = r.status();
                        --in_use;
                    }
                } else {
                    s = in_transaction(pool, [&](Connection& c) {
                        auto r =
                            c.exec("INSERT INTO hits (worker, n) VALUES ($1, $2)", std::vector<Value>{Int(w), Int(n)});
                        return r ? Status::ok() : r.status();
                    });
                }
                if (!s) {
                    std::lock_guard lock(mu);
                    errors.push_back(s.message());
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_TRUE(errors.empty()) << errors.size() << " failures, first: " << errors.front();
    EXPECT_LE(most_in_use.load(), 2);
    EXPECT_EQ(count(pool, "hits"), kThreads * kPerThread);
}

TEST_P(DbTest, AcquireTimesOutWhenEveryConnectionIsLeased) {
    auto opened = Database::open(url_, 1);
    ASSERT_TRUE(opened) << opened.status().message();
    Database& pool = **opened;
    {
        auto held = lease(pool);
        const auto start = std::chrono::steady_clock::now();
        auto r = pool.acquire(milliseconds(100));
        ASSERT_FALSE(r);
        EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(100));
        EXPECT_EQ(r.status().code(), StatusCode::kIoError);
        EXPECT_TRUE(contains(r.status().message(Lang::kEn), "no free connection")) << r.status().message(Lang::kEn);
    }
    EXPECT_TRUE(pool.acquire(milliseconds(100)));
}

TEST_P(DbTest, BadSqlIsAnErrorNamingTheStatement) {
    auto c = lease(*db_);
    create_table(*c);
    auto syntax = c->exec("SELEC 1");
    ASSERT_FALSE(syntax);
    // The driver's words and the statement are for the log (detail), never the user's text.
    EXPECT_TRUE(contains(syntax.status().detail(), "syntax")) << syntax.status().detail();
    EXPECT_TRUE(contains(syntax.status().detail(), "[SQL: SELEC 1]")) << syntax.status().detail();
    EXPECT_FALSE(contains(syntax.status().message(Lang::kEn), "SQL")) << syntax.status().message(Lang::kEn);
    EXPECT_FALSE(contains(syntax.status().message(), "SQL")) << syntax.status().message();

    auto missing = c->query("SELECT * FROM no_such_table");
    ASSERT_FALSE(missing);
    EXPECT_TRUE(contains(missing.status().detail(), "no_such_table")) << missing.status().detail();

    std::string long_sql = "SELECT nope";
    for (int i = 0; i < 500; ++i) long_sql += " + 1";
    auto long_error = c->query(long_sql);
    ASSERT_FALSE(long_error);
    EXPECT_TRUE(contains(long_error.status().detail(), "…]")) << long_error.status().detail();
    EXPECT_LT(long_error.status().detail().size(), 600u);

    EXPECT_FALSE(c->exec("INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (2)"));  // one statement only
    EXPECT_FALSE(c->exec(""));
    EXPECT_FALSE(c->query("   "));
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t").rows.at(0).i64(0), 0);

    ok_exec(*c, "INSERT INTO t (id) VALUES (1)");
    auto dup = c->exec("INSERT INTO t (id) VALUES (1)");
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.status().code(), StatusCode::kConstraintViolation);
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t").rows.at(0).i64(0), 1);
}

TEST_P(DbTest, HostileInputNeverCrashes) {
    auto c = lease(*db_);
    create_table(*c);
    // Invalid UTF-8: PostgreSQL refuses it, SQLite stores the bytes; neither may crash.
    auto bad_utf8 =
        c->exec("INSERT INTO t (id, name) VALUES ($1, $2)", std::vector<Value>{Int(1), Text("\xff\xfe\x80")});
    if (postgres()) {
        EXPECT_FALSE(bad_utf8);
    }
    // A NUL byte cannot live in PostgreSQL text; it must be refused, not silently truncated.
    auto nul =
        c->exec("INSERT INTO t (id, name) VALUES ($1, $2)", std::vector<Value>{Int(2), Text(std::string("a\0b", 3))});
    if (postgres()) {
        EXPECT_EQ(nul.status().code(), StatusCode::kInvalidArgument);
    } else {
        EXPECT_EQ(ok_query(*c, "SELECT name FROM t WHERE id = 2").rows.at(0).str(0), std::string("a\0b", 3));
    }
    const std::string big(1 << 20, 'x');
    ok_exec(*c, "INSERT INTO t (id, name) VALUES ($1, $2)", {Int(3), Text(big)});
    EXPECT_EQ(ok_query(*c, "SELECT name FROM t WHERE id = 3").rows.at(0).str(0), big);
    auto not_a_number = c->exec("INSERT INTO t (id) VALUES ($1)", std::vector<Value>{Text("not a number")});
    if (postgres()) {
        EXPECT_EQ(not_a_number.status().code(), StatusCode::kDataError);  // SQLite's type affinity stores it
    }
    EXPECT_FALSE(c->exec("COPY t (id) FROM STDIN"));
    EXPECT_EQ(ok_query(*c, "SELECT count(*) FROM t WHERE id = 3").rows.at(0).i64(0), 1);  // still usable
}

TEST_P(DbTest, ExecScriptRunsSeveralStatements) {
    auto c = lease(*db_);
    ok(
        c->exec_script("CREATE TABLE a (x BIGINT NOT NULL);\n"
                       "INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);\n"
                       "-- a comment; with a semicolon\n"));
    EXPECT_EQ(ok_query(*c, "SELECT sum(x) FROM a").rows.at(0).i64(0), 3);
    Status bad = c->exec_script("INSERT INTO a VALUES (3); INSERT INTO nope VALUES (1)");
    ASSERT_FALSE(bad);
    EXPECT_TRUE(contains(bad.detail(), "nope")) << bad.detail();
    EXPECT_TRUE(c->exec_script(""));
}

TEST_P(DbTest, ForeignKeysAreEnforced) {
    auto c = lease(*db_);
    ok(
        c->exec_script("CREATE TABLE parent (id BIGINT PRIMARY KEY);"
                       "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parent (id))"));
    auto orphan = c->exec("INSERT INTO child (id, parent_id) VALUES (1, 42)");
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.status().code(), StatusCode::kConstraintViolation) << orphan.status().detail();
    ok_exec(*c, "INSERT INTO parent (id) VALUES (42)");
    ok_exec(*c, "INSERT INTO child (id, parent_id) VALUES (1, 42)");
}

TEST_P(DbTest, CachedStatementsFollowSchemaChanges) {
    auto c = lease(*db_);
    ok_exec(*c, "CREATE TABLE s (a BIGINT)");
    ok_exec(*c, "INSERT INTO s (a) VALUES (1)");
    EXPECT_EQ(ok_query(*c, "SELECT * FROM s").columns.size(), 1u);
    ok_exec(*c, "ALTER TABLE s ADD COLUMN b TEXT");
    EXPECT_EQ(ok_query(*c, "SELECT * FROM s").columns.size(), 2u);
    ok_exec(*c, "DROP TABLE s");
    EXPECT_FALSE(c->query("SELECT * FROM s"));
    ok_exec(*c, "CREATE TABLE s (x BIGINT, y BIGINT, z BIGINT)");
    EXPECT_EQ(ok_query(*c, "SELECT * FROM s").columns.size(), 3u);
    for (int i = 0; i < 300; ++i) ok_query(*c, "SELECT " + std::to_string(i) + " AS n");  // past the cache limit
    EXPECT_EQ(ok_query(*c, "SELECT * FROM s").columns.size(), 3u);
}

TEST_P(DbTest, EveryPooledConnectionSeesTheSameDatabase) {
    auto a = lease(*db_);
    auto b = lease(*db_);  // a is still leased, so this is another connection
    ok_exec(*a, "CREATE TABLE shared (v TEXT)");
    ok_exec(*a, "INSERT INTO shared (v) VALUES ('南宁')");
    EXPECT_EQ(ok_query(*b, "SELECT v FROM shared").rows.at(0).str(0), "南宁");
    EXPECT_FALSE(contains(db_->describe(), "password"));
}

TEST_P(DbTest, PostgresPoolHealsAfterBackendsAreTerminated) {
    if (!postgres()) GTEST_SKIP() << "PostgreSQL only";
    auto opened = Database::open(url_, 2);
    ASSERT_TRUE(opened) << opened.status().message();
    Database& pool = **opened;
    {
        auto b = lease(pool);
        std::int64_t victim = 0;
        {
            auto a = lease(pool);
            victim = ok_query(*a, "SELECT pg_backend_pid()").rows.at(0).i64(0);
        }
        // As a server restart would, end a's backend while it sits idle in the pool.
        ok_query(*b, "SELECT pg_terminate_backend($1)", {Int(victim)});
        for (int i = 0; i < 100; ++i) {
            if (ok_query(*b, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", {Int(victim)}).rows.at(0).i64(0) ==
                0)
                break;
            std::this_thread::sleep_for(milliseconds(20));
        }
        auto a = lease(pool);  // the dead connection is noticed here and replaced
        EXPECT_EQ(ok_query(*a, "SELECT 1").rows.at(0).i64(0), 1);
        EXPECT_NE(ok_query(*a, "SELECT pg_backend_pid()").rows.at(0).i64(0), victim);
    }
    {
        // A connection that dies under its own statement: that statement may fail (kIoError), and the
        // connection is not handed out again.
        auto b = lease(pool);
        std::int64_t victim = 0;
        {
            auto a = lease(pool);
            victim = ok_query(*a, "SELECT pg_backend_pid()").rows.at(0).i64(0);
            auto fatal = a->query("SELECT pg_terminate_backend(pg_backend_pid())");
            if (!fatal) {
                EXPECT_EQ(fatal.status().code(), StatusCode::kIoError) << fatal.status().message();
            }
        }
        for (int i = 0; i < 100; ++i) {
            if (ok_query(*b, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", {Int(victim)}).rows.at(0).i64(0) ==
                0)
                break;
            std::this_thread::sleep_for(milliseconds(20));
        }
    }
    for (int i = 0; i < 3; ++i) {
        auto a = lease(pool);
        EXPECT_EQ(ok_query(*a, "SELECT 1").rows.at(0).i64(0), 1);
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, DbTest,
                         ::testing::Values(Backend::kSqliteMemory, Backend::kSqliteFile, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) -> std::string {
                             switch (info.param) {
                                 case Backend::kSqliteMemory:
                                     return "sqlite_memory";
                                 case Backend::kSqliteFile:
                                     return "sqlite_file";
                                 case Backend::kPostgres:
                                     return "postgres";
                             }
                             return "unknown";
                         });
}  // namespace
}  // namespace zx::db::test
