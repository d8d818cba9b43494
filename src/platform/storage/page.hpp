// Result rows become typed records in the store that ran the query, next to its SELECT (which fixes
// the column order): nothing above a store sees a db::Row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/page.hpp"
#include "core/status.hpp"
#include "platform/storage/db.hpp"

namespace zx::db {

// One page of raw rows and the total count (what db::Query::page returns).
struct RowPage {
    std::int64_t total = 0;
    Rows rows;
};

inline std::optional<std::string> opt_str(const Row& r, std::size_t i) {
    if (r.is_null(i)) return std::nullopt;
    return r.str(i);
}
inline std::optional<std::int64_t> opt_i64(const Row& r, std::size_t i) {
    if (r.is_null(i)) return std::nullopt;
    return r.i64(i);
}

// Each row through `from_row` (const Row& → T), or the query's failure.
template <typename T, typename F>
Result<std::vector<T>> map_rows(Result<Rows> rows, F&& from_row) {
    if (!rows) return rows.status();
    std::vector<T> out;
    out.reserve(rows->size());
    for (const Row& r : rows->rows) out.push_back(from_row(r));
    return out;
}

template <typename T, typename F>
Result<Page<T>> map_page(Result<RowPage> page, F&& from_row) {
    if (!page) return page.status();
    Page<T> out;
    out.total = page->total;
    out.items.reserve(page->rows.size());
    for (const Row& r : page->rows.rows) out.items.push_back(from_row(r));
    return out;
}

}  // namespace zx::db
