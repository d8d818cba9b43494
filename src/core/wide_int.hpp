// 128-bit intermediate for exact money × ratio products (fen × budget can exceed 2^63), and unsigned
// 256-bit values as far as exact comparisons of products of two 128-bit sums need them.
#pragma once

#include <compare>
#include <cstdint>

namespace zx {
__extension__ using i128 = __int128;
__extension__ using u128 = unsigned __int128;

struct U256 {
    u128 hi = 0, lo = 0;
    constexpr auto operator<=>(const U256&) const = default;
};

// a·b exactly.
constexpr U256 mul_wide(u128 a, u128 b) {
    const u128 mask = (u128{1} << 64) - 1;
    const u128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
    const u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const u128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    return {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (p00 & mask) | (mid << 64)};
}

// a − b for a ≥ b.
constexpr U256 sub_wide(U256 a, U256 b) {
    return {a.hi - b.hi - (a.lo < b.lo ? 1 : 0), a.lo - b.lo};
}

// a·k, for a product that stays within 256 bits.
constexpr U256 mul_wide(U256 a, std::uint64_t k) {
    const U256 lo = mul_wide(a.lo, k);
    return {lo.hi + a.hi * k, lo.lo};
}

}  // namespace zx
