// A small SQL access layer over SQLite (embedded default) and PostgreSQL (libpq), so that the
// repository above it is written once. SQL uses PostgreSQL-style numbered parameters ($1, $2, ...);
// the SQLite backend rewrites them to ?1, ?2. Values are NULL, 64-bit integers or UTF-8 text (money is
// integer fen, so no floating point crosses this boundary). Connections are not thread-safe; the
// Database pool is.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace zx::db {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;
inline Value null() {
    return nullptr;
}

// One result row; accessors assert the column index is valid (programmer error otherwise).
class Row {
  public:
    explicit Row(std::vector<Value> values) : v_(std::move(values)) {}
    bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(v_.at(i)); }
    // Integer value (text is parsed; NULL → 0).
    std::int64_t i64(std::size_t i) const;
    // Text value (integers are rendered; NULL → "").
    std::string str(std::size_t i) const;
    const Value& at(std::size_t i) const { return v_.at(i); }
    std::size_t size() const { return v_.size(); }

  private:
    std::vector<Value> v_;
};

struct Rows {
    std::vector<std::string> columns;
    std::vector<Row> rows;
    bool empty() const { return rows.empty(); }
    std::size_t size() const { return rows.size(); }
};

class Connection {
  public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    // Runs a statement; returns rows affected.
    virtual Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params = {}) = 0;
    virtual Result<Rows> query(std::string_view sql, std::span<const Value> params = {}) = 0;
    // Runs several statements separated by ';' without parameters (migrations).
    virtual Status exec_script(std::string_view sql) = 0;
    // Bulk insert on the fast path: PostgreSQL COPY FROM STDIN, SQLite one prepared statement reused.
    // Must be called inside a transaction for SQLite speed; all-or-nothing is the caller's transaction.
    virtual Status bulk_insert(std::string_view table, std::span<const std::string> columns,
                               const std::vector<std::vector<Value>>& rows) = 0;
    virtual Status begin() = 0;  // BEGIN (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing)
    virtual Status commit() = 0;
    virtual Status rollback() = 0;  // never fails loudly; safe after a failed statement
};

// A pool of connections to one database. Thread-safe.
class Database {
  public:
    virtual ~Database() = default;
    // "sqlite:PATH" (or a bare path ending in .db), "sqlite::memory:" (one shared in-memory database,
    // for tests), or "postgresql://user:pass@host:port/db" / "postgres://...". SQLite files are opened
    // in WAL mode with foreign keys on and a busy timeout.
    static Result<std::unique_ptr<Database>> open(const std::string& url, int pool_size = 4);

    virtual Dialect dialect() const = 0;
    virtual std::string describe() const = 0;  // URL without the password

    class Lease {
      public:
        Lease(Database* db, std::unique_ptr<Connection> c) : db_(db), c_(std::move(c)) {}
        Lease(Lease&&) = default;
        ~Lease() {
            if (db_ && c_) db_->release(std::move(c_));
        }
        Connection* operator->() const { return c_.get(); }
        Connection& operator*() const { return *c_; }

      private:
        Database* db_;
        std::unique_ptr<Connection> c_;
    };
    // Waits up to `timeout` for a free connection (opening one if the pool is not full).
    virtual Result<Lease> acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10)) = 0;

  protected:
    virtual void release(std::unique_ptr<Connection> c) = 0;
};

// Refreshes the planner's statistics after a bulk load (PostgreSQL: ANALYZE, else the planner sorts
// whole tables until autovacuum catches up; SQLite: nothing). `table` is a trusted identifier.
void analyze_after_bulk_load(Database& db, std::string_view table);

// Runs fn inside BEGIN/COMMIT on one leased connection; rolls back if fn returns a non-ok status
// (or throws). All-or-nothing for imports and runs.
Status in_transaction(Database& db, const std::function<Status(Connection&)>& fn);

}  // namespace zx::db
