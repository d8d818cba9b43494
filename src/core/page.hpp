// Paging of list answers: a 1-based page and a page size the server clamps (10/20/50/100 in the
// interface; at most 500 through the API), and one page of typed records with the total count.
#pragma once

#include <cstdint>
#include <vector>

namespace zx {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;
inline constexpr int kMaxPage = 1'000'000;

struct PageRequest {
    int page = 1;                      // 1-based
    int page_size = kDefaultPageSize;  // clamped to 1..kMaxPageSize
};

template <typename T>
struct Page {
    std::int64_t total = 0;  // rows matching the query, over all pages
    std::vector<T> items;
};

}  // namespace zx
