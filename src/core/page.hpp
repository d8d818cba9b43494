// Paging of list answers: a 1-based page and a page size the server clamps (10/20/50/100 in the
// interface; at most 500 through the API).
#pragma once

namespace zx {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;
inline constexpr int kMaxPage = 1'000'000;

struct PageRequest {
    int page = 1;                      // 1-based
    int page_size = kDefaultPageSize;  // clamped to 1..kMaxPageSize
};

}  // namespace zx
