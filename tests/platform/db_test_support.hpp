// Helpers shared by the storage tests (db_test.cpp, db_open_test.cpp): typed values, statements that
// must succeed (a failure throws, which GoogleTest reports with the message), and the PostgreSQL URL.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/storage/db.hpp"

namespace zx::db::test {

// Spelled out because a literal 0 would also convert to nullptr_t.
inline Value Int(std::int64_t v) {
    return v;
}
inline Value Text(std::string v) {
    return v;
}

inline bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

inline std::string unique_suffix() {
    static std::atomic<int> next{0};
    return std::to_string(::getpid()) + "_" + std::to_string(next++);
}

inline const char* pg_url() {
    const char* url = std::getenv("ZX_TEST_PG_URL");
    return url != nullptr && *url != '\0' ? url : nullptr;
}

// Statements that must succeed; a failure throws, which GoogleTest reports with the message.
inline std::int64_t ok_exec(Connection& c, std::string_view sql, const std::vector<Value>& params = {}) {
    auto r = c.exec(sql, params);
    if (!r) throw std::runtime_error(r.status().message());
    return *r;
}
inline Rows ok_query(Connection& c, std::string_view sql, const std::vector<Value>& params = {}) {
    auto r = c.query(sql, params);
    if (!r) throw std::runtime_error(r.status().message());
    return std::move(r).value();
}
inline void ok(const Status& s) {
    if (!s) throw std::runtime_error(s.message());
}
inline Database::Lease lease(Database& db) {
    auto l = db.acquire();
    if (!l) throw std::runtime_error(l.status().message());
    return std::move(l).value();
}
inline std::int64_t count(Database& db, const std::string& table) {
    auto c = lease(db);
    return ok_query(*c, "SELECT count(*) FROM " + table).rows.at(0).i64(0);
}

}  // namespace zx::db::test
