#include "core/clock.hpp"

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

}  // namespace zx
