// The one source of "now" for business code. Services take a Clock& so that tests (and the service
// desk's SLA clocks) can set the time; production code uses system_clock().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace zx {

inline constexpr std::int64_t kSecondsPerMinute = 60;
inline constexpr std::int64_t kSecondsPerHour = 60 * kSecondsPerMinute;
inline constexpr std::int64_t kSecondsPerDay = 24 * kSecondsPerHour;
// Beijing time is UTC+8 all year (no daylight saving).
inline constexpr std::int64_t kBeijingOffsetSeconds = 8 * kSecondsPerHour;

class Clock {
  public:
    virtual ~Clock() = default;
    // Seconds since the Unix epoch (UTC).
    virtual std::int64_t now() const = 0;
};

// The wall clock. Thread-safe.
const Clock& system_clock();

// A clock tests move by hand. Thread-safe.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(std::int64_t start) : t_(start) {}
    std::int64_t now() const override { return t_.load(); }
    void set(std::int64_t t) { t_.store(t); }
    void advance(std::int64_t seconds) { t_.fetch_add(seconds); }

  private:
    std::atomic<std::int64_t> t_;
};

// Seconds since the epoch of the wall clock (system_clock().now()).
inline std::int64_t unix_now() {
    return system_clock().now();
}

// The local date, "2023-03-31".
std::string local_date_text(std::int64_t unix_seconds);
// Local time as ISO 8601 with offset, "2023-03-31T09:00:00+0800".
std::string local_iso_time(std::int64_t unix_seconds);
// Beijing time (UTC+8, whatever the server's zone) as Chinese officials write it:
// "2023年3月31日 09:00".
std::string china_time_text(std::int64_t unix_seconds);

}  // namespace zx
