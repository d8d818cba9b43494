#include "modules/park_evaluation/rules/exact.hpp"

#include <algorithm>
#include <cmath>

namespace zx::parks {
namespace {

i128 pow10(int d) {
    i128 r = 1;
    for (int i = 0; i < d; ++i) r *= 10;
    return r;
}

}  // namespace

// "24.097", "0.0001", "30", "1/3" or an integer: an exact non-negative fraction.
std::optional<Frac> parse_decimal(std::string_view s) {
    if (s.empty() || s.size() > 30) return std::nullopt;
    if (auto slash = s.find('/'); slash != std::string_view::npos) {
        auto a = parse_decimal(s.substr(0, slash)), b = parse_decimal(s.substr(slash + 1));
        if (!a || !b || b->p == 0) return std::nullopt;
        return Frac{a->p * b->q, a->q * b->p};
    }
    i128 p = 0, q = 1;
    bool dot = false, digit = false;
    for (char ch : s) {
        if (ch == '.' && !dot) {
            dot = true;
        } else if (ch >= '0' && ch <= '9') {
            p = p * 10 + (ch - '0');
            if (dot) q *= 10;
            digit = true;
        } else {
            return std::nullopt;
        }
    }
    if (!digit) return std::nullopt;
    return Frac{p, q};
}

int compare(const Frac& a, const Frac& b) {
    i128 l = 0, r = 0;
    if (mul_ok(a.p, b.q, l) && mul_ok(b.p, a.q, r)) return l < r ? -1 : l > r ? 1 : 0;
    // Out of 127 bits: compare through big integers with signs handled apart.
    const bool an = a.p < 0, bn = b.p < 0;
    if (an != bn) return an ? -1 : 1;
    const BigUint lb = BigUint(static_cast<u128>(an ? -a.p : a.p)) * BigUint(static_cast<u128>(b.q));
    const BigUint rb = BigUint(static_cast<u128>(bn ? -b.p : b.p)) * BigUint(static_cast<u128>(a.q));
    const int c = lb.compare(rb);
    return an ? -c : c;
}

std::int64_t round_frac(const Frac& f, int decimals, bool& ok) {
    const Frac one[] = {f};
    return round_sum(one, decimals, ok);
}

std::int64_t round_sum(std::span<const Frac> terms, int decimals, bool& ok) {
    const i128 scale = pow10(decimals);
    i128 whole = 0;
    double frac_approx = 0;
    std::vector<Frac> rems;
    rems.reserve(terms.size());
    for (const Frac& t : terms) {
        i128 num = 0;
        if (!mul_ok(t.p, scale, num)) {
            ok = false;
            return 0;
        }
        const i128 a = num / t.q, r = num % t.q;
        whole += a;
        if (r != 0) {
            rems.push_back({r, t.q});
            frac_approx += static_cast<double>(r) / static_cast<double>(t.q);
        }
    }
    // The sum of the remainders F lies in [0, n); the result is whole + floor(F + 1/2).
    const double x = frac_approx + 0.5;
    const double fl = std::floor(x);
    if (x - fl > 1e-9 && fl + 1 - x > 1e-9) return static_cast<std::int64_t>(whole + static_cast<i128>(fl));
    // Near a boundary m − 1/2: decide F ≥ m − 1/2 exactly, Σ 2·r_k·Π_{j≠k} q_j ≥ (2m − 1)·Π q_j.
    const auto m = static_cast<std::int64_t>(std::llround(x));
    BigUint prod(1);
    for (const Frac& r : rems) prod = prod * BigUint(static_cast<u128>(r.q));
    BigUint lhs(0);
    for (std::size_t k = 0; k < rems.size(); ++k) {
        BigUint term(static_cast<u128>(rems[k].p) * 2);
        for (std::size_t j = 0; j < rems.size(); ++j)
            if (j != k) term = term * BigUint(static_cast<u128>(rems[j].q));
        lhs = lhs + term;
    }
    const BigUint rhs = prod * BigUint(static_cast<u128>(std::max<std::int64_t>(2 * m - 1, 0)));
    const std::int64_t add = m <= 0 ? 0 : (lhs.compare(rhs) >= 0 ? m : m - 1);
    return static_cast<std::int64_t>(whole + add);
}

std::string format_fixed(std::int64_t scaled, int decimals) {
    const bool neg = scaled < 0;
    const u128 mag = neg ? static_cast<u128>(-static_cast<i128>(scaled)) : static_cast<u128>(scaled);
    const auto s = static_cast<u128>(pow10(decimals));
    std::string out = std::to_string(static_cast<unsigned long long>(mag / s));
    if (decimals > 0) {
        std::string f = std::to_string(static_cast<unsigned long long>(mag % s));
        out += "." + std::string(static_cast<std::size_t>(decimals) - f.size(), '0') + f;
    }
    return neg ? "-" + out : out;
}

std::string format_frac(const Frac& f, int decimals) {
    bool ok = true;
    const bool neg = f.p < 0;
    const std::int64_t v = round_frac({neg ? -f.p : f.p, f.q}, decimals, ok);
    if (!ok) return "?";
    return format_fixed(neg ? -v : v, decimals);
}

std::string format_frac_short(const Frac& f, int decimals) {
    std::string s = format_frac(f, decimals);
    if (s.find('.') == std::string::npos) return s;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

BigUint::BigUint(u128 v) {
    while (v != 0) {
        limbs_.push_back(static_cast<std::uint32_t>(v));
        v >>= 32;
    }
}

void BigUint::trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

BigUint BigUint::operator*(const BigUint& o) const {
    BigUint r;
    if (limbs_.empty() || o.limbs_.empty()) return r;
    r.limbs_.assign(limbs_.size() + o.limbs_.size(), 0);
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
        std::uint64_t carry = 0;
        for (std::size_t j = 0; j < o.limbs_.size(); ++j) {
            const std::uint64_t cur = r.limbs_[i + j] + static_cast<std::uint64_t>(limbs_[i]) * o.limbs_[j] + carry;
            r.limbs_[i + j] = static_cast<std::uint32_t>(cur);
            carry = cur >> 32;
        }
        std::size_t k = i + o.limbs_.size();
        while (carry != 0) {
            const std::uint64_t cur = r.limbs_[k] + carry;
            r.limbs_[k++] = static_cast<std::uint32_t>(cur);
            carry = cur >> 32;
        }
    }
    r.trim();
    return r;
}

BigUint BigUint::operator+(const BigUint& o) const {
    BigUint r;
    const std::size_t n = std::max(limbs_.size(), o.limbs_.size());
    r.limbs_.assign(n + 1, 0);
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t cur = carry + (i < limbs_.size() ? limbs_[i] : 0) + (i < o.limbs_.size() ? o.limbs_[i] : 0);
        r.limbs_[i] = static_cast<std::uint32_t>(cur);
        carry = cur >> 32;
    }
    r.limbs_[n] = static_cast<std::uint32_t>(carry);
    r.trim();
    return r;
}

int BigUint::compare(const BigUint& o) const {
    if (limbs_.size() != o.limbs_.size()) return limbs_.size() < o.limbs_.size() ? -1 : 1;
    for (std::size_t i = limbs_.size(); i-- > 0;)
        if (limbs_[i] != o.limbs_[i]) return limbs_[i] < o.limbs_[i] ? -1 : 1;
    return 0;
}

}  // namespace zx::parks
