// Exact arithmetic for grades: fractions of 128-bit integers, and the rounding of a sum of such
// fractions to a fixed number of decimals without floating point deciding anything. The fast path
// uses doubles only to see that the sum is far from a rounding boundary; near one it decides with
// a small unsigned big integer (products of the denominators), so the result is always exact.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/wide_int.hpp"

namespace zx::parks {

// p/q with q > 0. Not reduced.
struct Frac {
    i128 p = 0;
    i128 q = 1;
};

// a·b, or false when it leaves 127 bits.
inline bool mul_ok(i128 a, i128 b, i128& out) {
    return !__builtin_mul_overflow(a, b, &out);
}

// An exact non-negative number as schemes and what-ifs write it: "24.097", "0.0001", "30" or "1/3".
// nullopt when malformed.
std::optional<Frac> parse_decimal(std::string_view s);

// Compares a/b with c/d (b, d > 0) exactly: -1, 0 or 1.
int compare(const Frac& a, const Frac& b);

// Σ terms (each ≥ 0) × 10^decimals, rounded half up to an integer (half away from zero, as every
// term is non-negative). `ok` turns false when an intermediate leaves 127 bits (the caller reports
// the figures as out of range).
std::int64_t round_sum(std::span<const Frac> terms, int decimals, bool& ok);
// One fraction × 10^decimals rounded half up (p/q ≥ 0).
std::int64_t round_frac(const Frac& f, int decimals, bool& ok);

// "12.34" for 1234 at two decimals; "-0.05" for -5.
std::string format_fixed(std::int64_t scaled, int decimals);
// p/q rounded half away from zero to `decimals` and formatted (q > 0, p of either sign).
std::string format_frac(const Frac& f, int decimals);
// As format_frac, without trailing zeros (and without a trailing point): "30", "0.05", "12.5".
std::string format_frac_short(const Frac& f, int decimals);

// A minimal unsigned big integer: enough for products of a few 128-bit numbers.
class BigUint {
  public:
    BigUint() = default;
    explicit BigUint(u128 v);
    BigUint operator*(const BigUint& o) const;
    BigUint operator+(const BigUint& o) const;
    int compare(const BigUint& o) const;

  private:
    std::vector<std::uint32_t> limbs_;  // little-endian, no leading zero limbs
    void trim();
};

}  // namespace zx::parks
