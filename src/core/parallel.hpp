// Data parallelism for the column kernels: contiguous slices of an index range on a few threads.
// Each slice is handed to exactly one thread; what a slice writes must not overlap another's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace zx {

// Threads to use: `requested` if > 0, else the machine's hardware concurrency; clamped to [1, max_threads].
inline int worker_count(int requested, int max_threads = 64) {
    const int hw = static_cast<int>(std::thread::hardware_concurrency());
    return std::clamp(requested > 0 ? requested : hw, 1, std::max(1, max_threads));
}

// Calls fn(task) for every task in [0, tasks), each on its own thread (the caller's thread takes the
// last), and returns when all are done. tasks <= 1 runs inline.
template <typename Fn>
void parallel_tasks(std::size_t tasks, Fn&& fn) {
    if (tasks == 0) return;
    std::vector<std::thread> pool;
    pool.reserve(tasks - 1);
    for (std::size_t t = 0; t + 1 < tasks; ++t) pool.emplace_back([&fn, t] { fn(t); });
    fn(tasks - 1);
    for (auto& th : pool) th.join();
}

// Splits [0, n) into `parts` contiguous slices of near-equal size and calls fn(part, begin, end) for
// each, in parallel (parallel_tasks).
template <typename Fn>
void parallel_for(std::size_t n, int parts, Fn&& fn) {
    const auto p = static_cast<std::size_t>(std::max(1, parts));
    parallel_tasks(p, [&](std::size_t t) { fn(t, n * t / p, n * (t + 1) / p); });
}

}  // namespace zx
