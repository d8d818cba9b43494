// Private to zx_storage: the connection pool both backends share, the backend factories that
// Database::open dispatches to, and small helpers for error messages. Not for use above storage.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "platform/storage/db.hpp"

namespace zx::db::internal {

// A backend connection as the pool sees it.
class PooledConnection : public Connection {
  public:
    // True while BEGIN has not been matched by COMMIT/ROLLBACK (or the link state is unknown).
    virtual bool in_open_transaction() const = 0;
    // False when the connection can no longer serve statements (e.g. the server closed it). May do a
    // non-blocking read but never a round trip. Called without the pool lock held.
    virtual bool healthy() = 0;
};

// Opens connections lazily up to `size`; acquire() blocks on a condition variable until one is free.
// A connection released in an open transaction is rolled back and closed, and an unhealthy one is
// closed, so the pool refills with fresh connections (e.g. after a PostgreSQL restart).
class ConnectionPool : public Database {
  public:
    explicit ConnectionPool(int size) : size_(size) {}
    ~ConnectionPool() override;  // all leases must have been returned
    Result<Lease> acquire(std::chrono::milliseconds timeout) final;
    // Hands the pool a connection opened eagerly (open() validates the URL by connecting once).
    void adopt(std::unique_ptr<PooledConnection> c);

  protected:
    // Opens one new connection; called without the pool lock held.
    virtual Result<std::unique_ptr<PooledConnection>> connect() = 0;
    void release(std::unique_ptr<Connection> c) final;

  private:
    const int size_;
    std::mutex mu_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<PooledConnection>> idle_;  // LIFO: the warmest connection first
    int open_ = 0;                                         // idle + leased + being opened
};

// `target` is a file path, or ":memory:" for one in-memory database shared by the whole pool.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& target, int pool_size);
// `url` is a libpq URI (postgresql://... or postgres://...).
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size);

// The SQL for an error message: whitespace runs collapsed, at most 200 characters (UTF-8 code points,
// never a split sequence), "…" appended when cut.
std::string sql_excerpt(std::string_view sql);

// The URL with any password removed (user:pass@ → user@, password=... query parameters dropped).
std::string redact_url(std::string_view url);

// bulk_insert splices table and column names into SQL, so each must be a plain identifier
// ([A-Za-z_][A-Za-z0-9_]*, the table optionally "schema."-qualified) rather than quoted; every row
// must have one value per column. Returns kInvalidArgument naming the offending name or row.
Status validate_bulk_insert(std::string_view table, std::span<const std::string> columns,
                            const std::vector<std::vector<Value>>& rows);

// A failure the driver reported: the text a person reads follows from the code (a constraint
// violation, refused data, an unavailable database, a faulty statement); what the driver said and
// the SQL go to the detail, for the log only.
Status driver_failure(StatusCode code, std::string detail);

}  // namespace zx::db::internal
