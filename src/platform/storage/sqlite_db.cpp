// The SQLite backend: one sqlite3 handle per pooled connection, each with its own cache of prepared
// statements keyed by the caller's SQL text.
//
// "sqlite::memory:" uses SQLite's memdb VFS (file:/name?vfs=memdb) rather than a shared-cache URI:
// both give every connection of the pool the same in-memory database, but shared cache reports
// contention as SQLITE_LOCKED, which the busy timeout does not wait out, so concurrent writers would
// fail instead of queueing. memdb reports SQLITE_BUSY like a file does.
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <filesystem>
#include <string>
#include <system_error>
#include <unordered_map>

#include "platform/storage/db_internal.hpp"

namespace zx::db::internal {
namespace {

constexpr int kBusyTimeoutMs = 10'000;
// Statements are cached per distinct SQL text; a caller building SQL dynamically could grow the
// cache without bound, so past this size it is emptied and refills with what is still in use.
constexpr std::size_t kMaxCachedStatements = 256;

bool is_ident_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '$' ||
           (static_cast<unsigned char>(ch) & 0x80) != 0;
}

// PostgreSQL's $1, $2 → SQLite's ?1, ?2, outside string literals, quoted identifiers and comments.
// (SQLite would also accept "$1", but as a *named* parameter numbered by first appearance, so
// "VALUES ($2, $1)" would bind the wrong way round.)
std::string rewrite_params(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    const std::size_t n = sql.size();
    std::size_t i = 0;
    while (i < n) {
        const char ch = sql[i];
        std::size_t j = i + 1;
        if (ch == '\'' || ch == '"' || ch == '`') {
            while (j < n && sql[j] != ch) ++j;  // a doubled quote is two adjacent literals here: same result
            j = std::min(j + 1, n);
        } else if (ch == '-' && j < n && sql[j] == '-') {
            while (j < n && sql[j] != '\n') ++j;
        } else if (ch == '/' && j < n && sql[j] == '*') {
            const std::size_t close = sql.find("*/", j + 1);
            j = close == std::string_view::npos ? n : close + 2;
        } else if (ch == '$' && j < n && sql[j] >= '0' && sql[j] <= '9' &&
                   (out.empty() || !is_ident_char(out.back()))) {
            out.push_back('?');
            i = j;
            continue;
        }
        out.append(sql.substr(i, j - i));
        i = j;
    }
    return out;
}

StatusCode code_for(int rc) {
    switch (rc & 0xFF) {
        case SQLITE_CONSTRAINT:  // unique, primary key, foreign key, check, not null (extended codes)
            return StatusCode::kConstraintViolation;
        case SQLITE_MISMATCH:
        case SQLITE_TOOBIG:
            return StatusCode::kDataError;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_FULL:
        case SQLITE_READONLY:
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
        case SQLITE_PERM:
        case SQLITE_NOLFS:
            return StatusCode::kIoError;
        default:  // syntax errors, unknown tables and columns: a bug in the SQL, not in the data
            return StatusCode::kInternal;
    }
}

struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Returns a cached statement to its initial state on scope exit, so it holds no read lock and no
// pointers into the caller's parameters (texts are bound SQLITE_STATIC).
class StatementReset {
  public:
    explicit StatementReset(sqlite3_stmt* s) : s_(s) {}
    ~StatementReset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    StatementReset(const StatementReset&) = delete;
    StatementReset& operator=(const StatementReset&) = delete;

  private:
    sqlite3_stmt* s_;
};

class SqliteConnection final : public PooledConnection {
  public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& entry : cache_) sqlite3_finalize(entry.second);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    // `target` is a file path, or a file: URI when `uri` is set; `label` names the database in errors.
    static Result<std::unique_ptr<SqliteConnection>> open(const std::string& target, bool uri, bool wal,
                                                          const std::string& label) {
        sqlite3* h = nullptr;
        const int flags =
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
        const int rc = sqlite3_open_v2(target.c_str(), &h, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string why = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
            sqlite3_close_v2(h);
            return Status::io_error({"无法打开SQLite数据库 " + label, "cannot open SQLite database " + label}, why);
        }
        auto c = std::make_unique<SqliteConnection>(h);
        sqlite3_extended_result_codes(h, 1);
        sqlite3_busy_timeout(h, kBusyTimeoutMs);
        // journal_mode=WAL is persistent in the file; memdb has no WAL and keeps its in-memory journal.
        const char* setup = wal ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON"
                                : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON";
        if (Status s = c->exec_script(setup); !s) {
            return Status::io_error({"无法打开SQLite数据库 " + label, "cannot open SQLite database " + label},
                                    s.detail());
        }
        return c;
    }

    Dialect dialect() const override { return Dialect::kSqlite; }

    Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) override {
        auto prepared = prepare(sql);
        if (!prepared) return prepared.status();
        sqlite3_stmt* s = *prepared;
        StatementReset reset(s);
        if (Status b = bind(s, params, sql); !b) return b;
        const sqlite3_int64 before = sqlite3_total_changes64(db_);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) return error(rc, sql);
        // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, so after DDL it is stale.
        return sqlite3_total_changes64(db_) == before ? 0 : static_cast<std::int64_t>(sqlite3_changes64(db_));
    }

    Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
        auto prepared = prepare(sql);
        if (!prepared) return prepared.status();
        sqlite3_stmt* s = *prepared;
        StatementReset reset(s);
        if (Status b = bind(s, params, sql); !b) return b;
        // Columns are read after the first step: a cached statement whose table changed since it was
        // prepared is re-prepared inside sqlite3_step, and may then have a different shape.
        int rc = sqlite3_step(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error(rc, sql);
        Rows out;
        const int ncol = sqlite3_column_count(s);
        out.columns.reserve(static_cast<std::size_t>(ncol));
        for (int c = 0; c < ncol; ++c) {
            const char* name = sqlite3_column_name(s, c);
            out.columns.emplace_back(name ? name : "");
        }
        for (; rc == SQLITE_ROW; rc = sqlite3_step(s)) {
            std::vector<Value> values;
            values.reserve(static_cast<std::size_t>(ncol));
            for (int c = 0; c < ncol; ++c) values.push_back(column_value(s, c));
            out.rows.emplace_back(std::move(values));
        }
        if (rc != SQLITE_DONE) return error(rc, sql);
        return out;
    }

    // Statement by statement (rather than sqlite3_exec) so that an error names the failing statement.
    Status exec_script(std::string_view sql) override {
        if (sql.size() > static_cast<std::size_t>(INT_MAX))
            return Status::invalid({"SQL脚本过长", "SQL script too long"});
        const std::string owned(sql);
        const char* p = owned.c_str();
        const char* const end = p + owned.size();
        while (p < end) {
            sqlite3_stmt* s = nullptr;
            const char* tail = nullptr;
            int rc = sqlite3_prepare_v2(db_, p, static_cast<int>(end - p), &s, &tail);
            if (rc != SQLITE_OK) return error(rc, std::string_view(p, static_cast<std::size_t>(end - p)));
            if (s == nullptr && (tail == nullptr || tail <= p)) break;  // only whitespace and comments remain
            if (s != nullptr) {
                while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                }
                Status failed = rc == SQLITE_DONE ? Status::ok()
                                                  : error(rc, std::string_view(p, static_cast<std::size_t>(tail - p)));
                sqlite3_finalize(s);
                if (!failed) return failed;
            }
            p = tail;
        }
        return Status::ok();
    }

    Status bulk_insert(std::string_view table, std::span<const std::string> columns,
                       const std::vector<std::vector<Value>>& rows) override {
        if (Status v = validate_bulk_insert(table, columns, rows); !v) return v;
        if (rows.empty()) return Status::ok();
        std::string sql = "INSERT INTO ";
        sql.append(table).append(" (");
        for (std::size_t c = 0; c < columns.size(); ++c) sql.append(c ? ", " : "").append(columns[c]);
        sql += ") VALUES (";
        for (std::size_t c = 0; c < columns.size(); ++c) sql.append(c ? ", $" : "$").append(std::to_string(c + 1));
        sql += ")";

        // Outside a transaction every row would be its own fsync'd commit; wrap them, which also makes
        // the call all-or-nothing like PostgreSQL's COPY.
        const bool own_transaction = !in_open_transaction();
        if (own_transaction) {
            if (Status s = begin(); !s) return s;
        }
        Status result = insert_rows(sql, table, rows);
        if (own_transaction) {
            if (result) result = commit();
            if (!result) rollback();
        }
        return result;
    }

    Status begin() override { return run("BEGIN IMMEDIATE"); }
    Status commit() override { return run("COMMIT"); }
    Status rollback() override {
        if (!in_open_transaction()) return Status::ok();  // SQLite may already have rolled back (e.g. on SQLITE_FULL)
        return run("ROLLBACK");
    }

    bool in_open_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
    bool healthy() override { return true; }

  private:
    Status run(std::string_view sql) {
        auto r = exec(sql, {});
        return r ? Status::ok() : r.status();
    }

    Status insert_rows(const std::string& sql, std::string_view table, const std::vector<std::vector<Value>>& rows) {
        auto prepared = prepare(sql);
        if (!prepared) return prepared.status();
        sqlite3_stmt* s = *prepared;
        StatementReset reset(s);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            Status b = bind(s, rows[r], sql);
            const int rc = b ? sqlite3_step(s) : SQLITE_OK;
            if (rc != SQLITE_DONE) {
                const std::string t(table), row = std::to_string(r);
                return (b ? error(rc, sql) : b)
                    .with_context(
                        {"批量写入 " + t + "，第 " + row + " 行：", "bulk_insert into " + t + ", row " + row + ": "});
            }
            sqlite3_reset(s);
        }
        return Status::ok();
    }

    Result<sqlite3_stmt*> prepare(std::string_view sql) {
        if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
        if (sql.size() > static_cast<std::size_t>(INT_MAX))
            return Status::invalid({"SQL语句过长", "SQL statement too long"});
        const std::string rewritten = rewrite_params(sql);
        sqlite3_stmt* s = nullptr;
        const char* tail = nullptr;
        int rc = sqlite3_prepare_v3(db_, rewritten.data(), static_cast<int>(rewritten.size()),
                                    SQLITE_PREPARE_PERSISTENT, &s, &tail);
        if (rc != SQLITE_OK) return error(rc, sql);
        if (s == nullptr) return Status::invalid({"SQL语句为空", "empty SQL statement"});
        // A second statement would be silently ignored; PostgreSQL rejects it too.
        const char* const end = rewritten.data() + rewritten.size();
        sqlite3_stmt* next = nullptr;
        rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &next, nullptr);
        sqlite3_finalize(next);
        if (rc != SQLITE_OK || next != nullptr) {
            sqlite3_finalize(s);
            return Status::invalid({"只能执行一条SQL语句（多条请用 exec_script）",
                                    "one SQL statement expected (use exec_script for several)"},
                                   "[SQL: " + sql_excerpt(sql) + "]");
        }
        if (cache_.size() >= kMaxCachedStatements) {
            for (auto& entry : cache_) sqlite3_finalize(entry.second);
            cache_.clear();
        }
        cache_.emplace(std::string(sql), s);
        return s;
    }

    Status bind(sqlite3_stmt* s, std::span<const Value> params, std::string_view sql) {
        const int expected = sqlite3_bind_parameter_count(s);
        if (static_cast<std::size_t>(expected) != params.size()) {
            const std::string want = std::to_string(expected), got = std::to_string(params.size());
            return Status::invalid({"SQL语句需要 " + want + " 个参数，实际给出 " + got + " 个",
                                    "SQL expects " + want + " parameter(s), " + got + " given"},
                                   "[SQL: " + sql_excerpt(sql) + "]");
        }
        for (int i = 0; i < expected; ++i) {
            const Value& v = params[static_cast<std::size_t>(i)];
            int rc;
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                rc = sqlite3_bind_int64(s, i + 1, *n);
            } else if (const auto* t = std::get_if<std::string>(&v)) {
                rc = sqlite3_bind_text64(s, i + 1, t->data(), t->size(), SQLITE_STATIC, SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(s, i + 1);
            }
            if (rc != SQLITE_OK) return error(rc, sql);
        }
        return Status::ok();
    }

    static Value column_value(sqlite3_stmt* s, int c) {
        switch (sqlite3_column_type(s, c)) {
            case SQLITE_NULL:
                return nullptr;
            case SQLITE_INTEGER:
                return static_cast<std::int64_t>(sqlite3_column_int64(s, c));
            default: {  // TEXT, BLOB, and FLOAT rendered as text (no floating point crosses this interface)
                const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
                return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, c)));
            }
        }
    }

    Status error(int rc, std::string_view sql) const {
        return driver_failure(code_for(rc),
                              std::string("SQLite: ") + sqlite3_errmsg(db_) + " [SQL: " + sql_excerpt(sql) + "]");
    }

    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
};

class SqliteDatabase final : public ConnectionPool {
  public:
    SqliteDatabase(std::string target, bool memory, std::string label, std::unique_ptr<SqliteConnection> keeper,
                   int pool_size)
        : ConnectionPool(pool_size),
          target_(std::move(target)),
          memory_(memory),
          label_(std::move(label)),
          keeper_(std::move(keeper)) {}

    Dialect dialect() const override { return Dialect::kSqlite; }
    std::string describe() const override { return label_; }

  protected:
    Result<std::unique_ptr<PooledConnection>> connect() override {
        auto c = SqliteConnection::open(target_, memory_, !memory_, label_);
        if (!c) return c.status();
        return std::unique_ptr<PooledConnection>(std::move(c.value()));
    }

  private:
    const std::string target_;
    const bool memory_;
    const std::string label_;
    // memdb frees a database when its last connection closes; this one lives as long as the pool.
    std::unique_ptr<SqliteConnection> keeper_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& target, int pool_size) {
    const bool memory = target == ":memory:";
    std::string path = target;
    std::string label = "sqlite:" + target;
    std::unique_ptr<SqliteConnection> keeper;
    if (memory) {
        static std::atomic<std::uint64_t> next_id{0};
        path = "file:/zx-mem-" + std::to_string(::getpid()) + "-" + std::to_string(next_id++) + "?vfs=memdb";
        auto k = SqliteConnection::open(path, true, false, label);
        if (!k) return k.status();
        keeper = std::move(k.value());
    } else {
        const std::filesystem::path parent = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        if (ec)
            return Status::io_error({"无法为 " + label + " 创建目录 " + parent.string(),
                                     "cannot create directory " + parent.string() + " for " + label},
                                    ec.message());
    }
    auto first = SqliteConnection::open(path, memory, !memory, label);
    if (!first) return first.status();
    auto db = std::make_unique<SqliteDatabase>(path, memory, label, std::move(keeper), pool_size);
    db->adopt(std::move(first.value()));
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zx::db::internal
