#include "core/clock.hpp"

#include <cstdio>
#include <ctime>

namespace zx {
namespace {

class SystemClock final : public Clock {
  public:
    std::int64_t now() const override {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

}  // namespace

const Clock& system_clock() {
    static const SystemClock kClock;
    return kClock;
}

namespace {

std::string format_local(std::int64_t unix_seconds, const char* format) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

}  // namespace

std::string local_date_text(std::int64_t unix_seconds) {
    return format_local(unix_seconds, "%Y-%m-%d");
}

std::string local_iso_time(std::int64_t unix_seconds) {
    return format_local(unix_seconds, "%Y-%m-%dT%H:%M:%S%z");
}

std::string china_time_text(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds + kBeijingOffsetSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min);
    return buf;
}

}  // namespace zx
