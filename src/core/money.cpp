#include "core/money.hpp"

#include "core/wide_int.hpp"

#include <cstdlib>
#include <limits>

namespace zx {
namespace {

constexpr std::int64_t kMaxFen = std::numeric_limits<std::int64_t>::max() / 1000;

std::string group_digits(std::string digits) {
    std::string out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

// Renders |value| / 10^scale with `min_dec` to `scale` decimals, trimming trailing zeros beyond min_dec.
std::string format_scaled(std::int64_t value, int scale, int min_dec) {
    const bool neg = value < 0;
    unsigned long long v = neg ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    unsigned long long p = 1;
    for (int i = 0; i < scale; ++i) p *= 10;
    std::string ip = group_digits(std::to_string(v / p));
    std::string frac = scale > 0 ? std::to_string(v % p) : std::string();
    if (scale > 0) frac.insert(0, static_cast<size_t>(scale) - frac.size(), '0');
    while (static_cast<int>(frac.size()) > min_dec && frac.back() == '0') frac.pop_back();
    std::string out = neg ? "-" : "";
    out += ip;
    if (!frac.empty()) out += "." + frac;
    return out;
}

}  // namespace

AmountError parse_yuan(std::string_view s, std::int64_t& fen) {
    if (s.empty()) return AmountError::kEmpty;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    std::int64_t ip = 0;
    size_t digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        if (ip > kMaxFen / 10) return AmountError::kTooLarge;
        ip = ip * 10 + (s[i] - '0');
    }
    std::int64_t frac = 0;
    size_t fdigits = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++fdigits) {
            if (fdigits < 2)
                frac = frac * 10 + (s[i] - '0');
            else if (s[i] != '0')
                return AmountError::kTooManyDecimals;
        }
        if (fdigits == 0) return AmountError::kMalformed;
    }
    if (i != s.size() || digits == 0) return AmountError::kMalformed;
    if (fdigits == 1) frac *= 10;
    if (ip > kMaxFen / 100) return AmountError::kTooLarge;
    std::int64_t v = ip * 100 + frac;
    if (neg && v != 0) return AmountError::kNegative;
    fen = v;
    return AmountError::kNone;
}

std::optional<std::int64_t> parse_whole_yuan(std::string_view text) {
    std::int64_t mult = 1;
    constexpr std::string_view kWan = "万", kYi = "亿";
    if (text.size() > kWan.size() && text.substr(text.size() - kWan.size()) == kWan) {
        mult = 10000;
        text.remove_suffix(kWan.size());
    } else if (text.size() > kYi.size() && text.substr(text.size() - kYi.size()) == kYi) {
        mult = 100000000;
        text.remove_suffix(kYi.size());
    }
    std::int64_t fen = 0;
    if (parse_yuan(text, fen) != AmountError::kNone) return std::nullopt;
    const i128 total = static_cast<i128>(fen) * mult;
    if (total % 100 != 0 || total / 100 > kMaxFen) return std::nullopt;
    return static_cast<std::int64_t>(total / 100);
}

std::optional<Ratio> parse_ratio(std::string_view s) {
    bool percent = false;
    if (!s.empty() && s.back() == '%') {
        percent = true;
        s.remove_suffix(1);
    }
    if (s.empty()) return std::nullopt;
    std::int64_t num = 0, den = 1;
    size_t i = 0, digits = 0;
    bool dot = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == '.' && !dot) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (num > std::numeric_limits<std::int64_t>::max() / 100 || den > 1000000000000LL) return std::nullopt;
        num = num * 10 + (c - '0');
        if (dot) den *= 10;
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (percent) den *= 100;
    // reduce
    std::int64_t a = num, b = den;
    while (b != 0) {
        std::int64_t t = a % b;
        a = b;
        b = t;
    }
    if (a > 1) {
        num /= a;
        den /= a;
    }
    return Ratio{num, den};
}

std::string format_percent(Ratio r) {
    // percent = num*100/den; exact if den divides num*100*10^k for small k.
    for (int scale = 0; scale <= 6; ++scale) {
        i128 p = 1;
        for (int i = 0; i < scale; ++i) p *= 10;
        i128 n = static_cast<i128>(r.num) * 100 * p;
        if (n % r.den == 0) {
            return format_scaled(static_cast<std::int64_t>(n / r.den), scale, 0) + "%";
        }
    }
    return std::to_string(r.num) + "/" + std::to_string(r.den);
}

std::string format_yuan(std::int64_t fen) {
    return format_scaled(fen, 2, 2);
}
std::string format_int_grouped(std::int64_t v) {
    return format_scaled(v, 0, 0);
}
std::string format_wan_exact(std::int64_t fen) {
    return format_scaled(fen, 6, 2);
}

std::string format_wan2(std::int64_t fen) {
    // 万元 with 2 decimals = units of 10000 fen.
    const bool neg = fen < 0;
    std::int64_t a = neg ? -fen : fen;
    std::int64_t units = (a + 5000) / 10000;
    return format_scaled(neg ? -units : units, 2, 2);
}

std::string format_growth_percent(std::int64_t cur, std::int64_t base) {
    // floor((cur-base) * 10000 / base) hundredths of a percent.
    i128 n = static_cast<i128>(cur - base) * 10000;
    i128 q = n / base;
    if ((n % base != 0) && ((n < 0) != (base < 0))) q -= 1;
    return format_scaled(static_cast<std::int64_t>(q), 2, 2) + "%";
}

}  // namespace zx
