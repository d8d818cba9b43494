// Money is integer fen, never binary floating point. Parsing and formatting of yuan amounts and of
// percentages (as exact rationals) live here.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zx {

// An amount of money in fen (0.01 yuan).
class Money {
  public:
    constexpr Money() = default;
    static constexpr Money from_fen(std::int64_t fen) { return Money(fen); }
    static constexpr Money from_yuan(std::int64_t yuan) { return Money(yuan * 100); }

    constexpr std::int64_t fen() const { return fen_; }
    // Whole yuan, rounded toward negative infinity.
    constexpr std::int64_t floor_yuan() const { return fen_ >= 0 ? fen_ / 100 : -((-fen_ + 99) / 100); }

    constexpr Money operator+(Money o) const { return Money(fen_ + o.fen_); }
    constexpr Money operator-(Money o) const { return Money(fen_ - o.fen_); }
    constexpr Money& operator+=(Money o) {
        fen_ += o.fen_;
        return *this;
    }
    constexpr Money& operator-=(Money o) {
        fen_ -= o.fen_;
        return *this;
    }
    constexpr auto operator<=>(const Money&) const = default;

  private:
    constexpr explicit Money(std::int64_t fen) : fen_(fen) {}
    std::int64_t fen_ = 0;
};

enum class AmountError { kNone, kEmpty, kMalformed, kNegative, kTooManyDecimals, kTooLarge };

// Parses a yuan amount "1234", "1234.5", "1234.56" (optionally with a leading '+' or '-') into fen.
// Thousands separators and exponents are malformed. Negative amounts parse (the caller decides).
AmountError parse_yuan(std::string_view text, std::int64_t& fen);

// A whole-yuan amount as officials write it: "200000000", "2亿", "5000万", "1.5亿". nullopt when
// malformed, negative, or not a whole number of yuan.
std::optional<std::int64_t> parse_whole_yuan(std::string_view text);

// An exact non-negative rational num/den, e.g. "12%" = 12/100, "1.5%" = 15/1000.
struct Ratio {
    std::int64_t num = 0;
    std::int64_t den = 1;
    bool operator==(const Ratio&) const = default;
};

// Parses "12%", "1.5%", "0.12" (a plain fraction) into an exact ratio. nullopt when malformed.
std::optional<Ratio> parse_ratio(std::string_view text);
// "12%", "1.5%": the shortest exact percent rendering (falls back to a fraction if not decimal).
std::string format_percent(Ratio r);

// "1,234,567.89" (yuan, always two decimals, thousands separators).
std::string format_yuan(std::int64_t fen);
// "1,234,567" whole yuan with separators.
std::string format_int_grouped(std::int64_t value);
// 万元 with at least two decimals and as many more as needed to be exact (up to six):
// 123456789 fen -> "123.456789"; 600000000000 fen -> "600,000.00". Never rounds.
std::string format_wan_exact(std::int64_t fen);
// 万元 rounded half away from zero to two decimals: "6,000.00".
std::string format_wan2(std::int64_t fen);
// Growth (cur-base)/base as a percentage with two decimals, truncated toward negative infinity so that
// a displayed "12.00%" never hides 11.999%. base must be > 0.
std::string format_growth_percent(std::int64_t cur, std::int64_t base);

}  // namespace zx
