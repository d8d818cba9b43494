#include "platform/storage/db.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <exception>

#include "platform/storage/db_internal.hpp"

namespace zx::db {
namespace {

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Text → integer for Row::i64. PostgreSQL returns SUM(bigint) as numeric text and booleans as t/f, so
// both are understood; anything unparsable is 0 (Row documents no failure channel).
std::int64_t parse_integer(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    if (s == "t" || s == "true") return 1;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

}  // namespace

std::int64_t Row::i64(std::size_t i) const {
    const Value& v = v_.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* s = std::get_if<std::string>(&v)) return parse_integer(*s);
    return 0;
}

std::string Row::str(std::size_t i) const {
    const Value& v = v_.at(i);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    return {};
}

Result<std::unique_ptr<Database>> Database::open(const std::string& url, int pool_size) {
    if (pool_size < 1)
        return Status::invalid({"数据库连接池大小至少为1，实为" + std::to_string(pool_size),
                                "database pool size must be at least 1, got " + std::to_string(pool_size)});
    try {
        if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
            return internal::open_postgres(url, pool_size);
        std::string_view path = url;
        if (starts_with(path, "sqlite:")) {
            path.remove_prefix(7);
            if (starts_with(path, "//")) path.remove_prefix(2);  // sqlite:///abs/path.db
            if (path.empty())
                return Status::invalid(
                    {"数据库地址“" + url + "”未指定SQLite文件", "database URL \"" + url + "\" names no SQLite file"});
            return internal::open_sqlite(std::string(path), pool_size);
        }
        if (path == ":memory:" || ends_with(path, ".db") || ends_with(path, ".sqlite") || ends_with(path, ".sqlite3"))
            return internal::open_sqlite(url, pool_size);
    } catch (const std::exception& e) {
        const std::string where = internal::redact_url(url);
        return Status::internal({"无法打开数据库 " + where, "cannot open database " + where}, e.what());
    }
    const std::string shown = internal::redact_url(url);
    return Status::invalid({"无法识别的数据库地址“" + shown +
                                "”：应为 sqlite:路径、以 .db 结尾的路径、sqlite::memory: 或 "
                                "postgresql://用户@主机:端口/库名",
                            "unrecognised database URL \"" + shown +
                                "\": expected sqlite:PATH, a path ending in .db, sqlite::memory: or "
                                "postgresql://user@host:port/dbname"});
}

Status in_transaction(Database& db, const std::function<Status(Connection&)>& fn) {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    Connection& c = **lease;
    if (Status s = c.begin(); !s) return s;
    Status result;
    try {
        result = fn(c);
    } catch (const std::exception& e) {
        result = Status::internal({"事务已回滚", "transaction rolled back"}, std::string("exception: ") + e.what());
    } catch (...) {
        result = Status::internal({"事务已回滚", "transaction rolled back"}, "unknown exception");
    }
    if (!result) {
        c.rollback();
        return result;
    }
    if (Status s = c.commit(); !s) {
        c.rollback();
        return s;
    }
    return Status::ok();
}

namespace internal {

ConnectionPool::~ConnectionPool() {
    // A lease outliving its Database would release into freed memory.
    assert(static_cast<int>(idle_.size()) == open_);
}

void ConnectionPool::adopt(std::unique_ptr<PooledConnection> c) {
    std::lock_guard lock(mu_);
    idle_.reserve(static_cast<std::size_t>(size_));  // release() then never allocates
    idle_.push_back(std::move(c));
    ++open_;
}

Result<Database::Lease> ConnectionPool::acquire(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mu_);
    for (;;) {
        if (!freed_.wait_until(lock, deadline, [&] { return !idle_.empty() || open_ < size_; })) {
            const std::string ms = std::to_string(timeout.count()), n = std::to_string(size_);
            return Status::io_error(
                {"数据库 " + describe() + " 在 " + ms + " 毫秒内无空闲连接（" + n + " 个均在使用）",
                 "no free connection to " + describe() + " within " + ms + " ms (all " + n + " in use)"});
        }
        if (!idle_.empty()) {
            std::unique_ptr<PooledConnection> c = std::move(idle_.back());
            idle_.pop_back();
            lock.unlock();
            if (c->healthy()) return Lease(this, std::move(c));
            c.reset();  // e.g. the server closed it while idle; open a fresh one instead
            lock.lock();
            --open_;
            continue;
        }
        ++open_;
        lock.unlock();
        Status failed;
        try {
            auto r = connect();
            if (r) return Lease(this, std::move(r.value()));
            failed = r.status();
        } catch (const std::exception& e) {
            failed = Status::internal(
                {"无法建立到 " + describe() + " 的连接", "cannot open a connection to " + describe()}, e.what());
        }
        lock.lock();
        --open_;
        lock.unlock();
        freed_.notify_one();
        return failed;
    }
}

void ConnectionPool::release(std::unique_ptr<Connection> c) {
    // Every connection this pool leases out came from connect() or adopt().
    std::unique_ptr<PooledConnection> pc(static_cast<PooledConnection*>(c.release()));
    if (pc->in_open_transaction()) {
        pc->rollback();  // a lease dropped mid-transaction (early return, exception): discard its work
        pc.reset();
    } else if (!pc->healthy()) {
        pc.reset();
    }
    {
        std::lock_guard lock(mu_);
        if (pc) {
            idle_.push_back(std::move(pc));
        } else {
            --open_;
        }
    }
    freed_.notify_one();
}

std::string sql_excerpt(std::string_view sql) {
    constexpr int kMaxChars = 200;
    std::string out;
    out.reserve(std::min<std::size_t>(sql.size(), std::size_t{kMaxChars} * 3) + 3);
    int chars = 0;
    bool pending_space = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char ch = sql[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            pending_space = !out.empty();
            continue;
        }
        const bool continuation = (static_cast<unsigned char>(ch) & 0xC0) == 0x80;
        if (!continuation) {
            if (chars + (pending_space ? 1 : 0) >= kMaxChars) {
                out += "…";
                return out;
            }
            if (pending_space) {
                out.push_back(' ');
                ++chars;
                pending_space = false;
            }
            ++chars;
        }
        out.push_back(ch);
    }
    return out;
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    if (const auto scheme = out.find("://"); scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        std::size_t end = out.find_first_of("/?#", start);
        if (end == std::string::npos) end = out.size();
        const std::size_t at = out.rfind('@', end);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = out.find(':', start);
            if (colon < at) out.erase(colon, at - colon);
        }
    }
    if (const auto q = out.find('?'); q != std::string::npos) {
        std::string kept;
        std::string_view rest = std::string_view(out).substr(q + 1);
        while (!rest.empty()) {
            const std::size_t amp = rest.find('&');
            const std::string_view param = rest.substr(0, amp);
            if (!starts_with(param, "password=")) {
                if (!kept.empty()) kept.push_back('&');
                kept.append(param);
            }
            rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        }
        out.resize(q);
        if (!kept.empty()) out += "?" + kept;
    }
    return out;
}

Status driver_failure(StatusCode code, std::string detail) {
    switch (code) {
        case StatusCode::kConstraintViolation:
            return {code, {"与已有数据冲突", "conflicts with existing data"}, std::move(detail)};
        case StatusCode::kDataError:
            return {code, {"数据库拒绝了该数据", "the database refused the data"}, std::move(detail)};
        case StatusCode::kIoError:
            return {code, {"数据库暂时不可用", "the database is unavailable"}, std::move(detail)};
        case StatusCode::kInvalidArgument:
            return {code, {"数据库语句有误", "invalid database statement"}, std::move(detail)};
        default:
            return {code, {"数据库操作失败", "database operation failed"}, std::move(detail)};
    }
}

Status validate_bulk_insert(std::string_view table, std::span<const std::string> columns,
                            const std::vector<std::vector<Value>>& rows) {
    auto plain = [](std::string_view p) {
        if (p.empty() || (p[0] >= '0' && p[0] <= '9')) return false;
        for (char ch : p) {
            const bool ok =
                (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
            if (!ok) return false;
        }
        return true;
    };
    const std::size_t dot = table.find('.');
    const bool table_ok =
        dot == std::string_view::npos ? plain(table) : plain(table.substr(0, dot)) && plain(table.substr(dot + 1));
    const std::string t(table);
    if (!table_ok)
        return Status::invalid(
            {"批量写入：“" + t + "”不是简单表名", "bulk_insert: \"" + t + "\" is not a plain table name"});
    const Text where{"批量写入 " + t + "：", "bulk_insert into " + t + ": "};
    if (columns.empty()) return Status::invalid(where + Text{"未给出列", "no columns given"});
    for (const std::string& c : columns) {
        if (!plain(c))
            return Status::invalid(where + Text{"“" + c + "”不是简单列名", "\"" + c + "\" is not a plain column name"});
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != columns.size()) {
            const std::string row = std::to_string(r), got = std::to_string(rows[r].size()),
                              want = std::to_string(columns.size());
            return Status::invalid(where + Text{"第 " + row + " 行有 " + got + " 个值，而列数为 " + want,
                                                "row " + row + " has " + got + " values for " + want + " columns"});
        }
    }
    return Status::ok();
}

}  // namespace internal
void analyze_after_bulk_load(Database& db, std::string_view table) {
    if (db.dialect() != Dialect::kPostgres) return;
    auto lease = db.acquire();
    if (lease) (*lease)->exec_script("ANALYZE " + std::string(table));  // statistics only: a failure is harmless
}

}  // namespace zx::db
