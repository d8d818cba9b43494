#include "modules/service_desk/rules/similarity.hpp"

#include <algorithm>
#include <cassert>

#include "core/wide_int.hpp"

namespace zx::service_desk {
namespace {

// Returned for a byte that does not start a well-formed character (`i` then advances by that byte only).
constexpr char32_t kInvalid = 0xFFFFFFFF;

// The code point of `s` at byte `i`, advancing `i` past it.

char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 < 0x80) {
        ++i;
        return c0;
    }
    std::size_t n = 0;
    char32_t cp = 0;
    if ((c0 & 0xE0) == 0xC0) {
        n = 1, cp = c0 & 0x1Fu;
    } else if ((c0 & 0xF0) == 0xE0) {
        n = 2, cp = c0 & 0x0Fu;
    } else if ((c0 & 0xF8) == 0xF0) {
        n = 3, cp = c0 & 0x07u;
    } else {
        ++i;
        return kInvalid;
    }
    if (s.size() - i <= n) {
        ++i;
        return kInvalid;
    }
    for (std::size_t k = 1; k <= n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            ++i;
            return kInvalid;
        }
        cp = (cp << 6) | (c & 0x3Fu);
    }
    const bool overlong = (n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kInvalid;
    }
    i += n + 1;
    return cp;
}

// Control characters carry no meaning for a reader (and U+0000 would collide with the unigram packing).
bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool is_space(char32_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
           c == 0xFEFF;
}

bool is_punctuation(char32_t c) {
    if (c < 0x80)
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
               (c >= 0x7B && c <= 0x7E);
    // Latin-1: ¡ § « ¶ · » ¿
    if (c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF) return true;
    // General punctuation: ‐ – — ‘ ’ “ ” … ‧ ‰ ′ ″ ‹ › ※ …
    if (c >= 0x2010 && c <= 0x2027) return true;
    if (c >= 0x2030 && c <= 0x205E) return true;
    // CJK symbols and punctuation: 、。〃 〈〉《》「」『』【】 〔〕〖〗〘〙〚〛〜〝〞〟 〰 〽, but not the
    // ideographic letters 々 〆 〇 (U+3005–U+3007) or the 〒〓 symbols (U+3012, U+3013).
    if ((c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) || c == 0x3030 ||
        c == 0x303D)
        return true;
    // Vertical and small forms (︐ ︑ ﹐ ﹑ …), the full-width white parentheses ｟ ｠ and the half-width
    // ideographic punctuation ｡ ｢ ｣ ､ ･.
    if ((c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFE50 && c <= 0xFE6B)) return true;
    return c >= 0xFF5F && c <= 0xFF65;
}

// Bigrams packed two code points to a 64-bit word (a code point needs 21 bits), so a multiset is a
// sorted vector of integers.
void add_bigrams(std::string_view text, std::vector<std::uint64_t>& out) {
    const std::u32string chars = normalise_for_similarity(text);
    if (chars.size() == 1) {
        out.push_back(std::uint64_t{chars[0]});  // a unigram: the high half is 0, no bigram has that
        return;
    }
    for (std::size_t i = 1; i < chars.size(); ++i)
        out.push_back((std::uint64_t{chars[i - 1]} << 32) | std::uint64_t{chars[i]});
}

std::vector<std::uint64_t> bigram_multiset(std::string_view a, std::string_view b = {}) {
    std::vector<std::uint64_t> grams;
    add_bigrams(a, grams);
    add_bigrams(b, grams);
    std::sort(grams.begin(), grams.end());
    return grams;
}

// |A ∩ B| of two sorted multisets: each shared element counted min(count in A, count in B) times.
std::int64_t common_count(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    std::int64_t n = 0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++n, ++i, ++j;
        }
    }
    return n;
}

Similarity dice(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    const auto total = static_cast<std::int64_t>(a.size() + b.size());
    if (total == 0) return {0, 1};
    return {2 * common_count(a, b), total};
}

bool at_least(Similarity s, std::int64_t num, std::int64_t den) {
    assert(den > 0 && num >= 0);
    return i128{s.num} * den >= i128{num} * s.den;
}

}  // namespace

std::u32string normalise_for_similarity(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        char32_t c = next_code_point(utf8, i);
        if (c == kInvalid) continue;
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII to half-width
        if (is_control(c) || is_space(c) || is_punctuation(c)) continue;
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        out.push_back(c);
    }
    return out;
}

Similarity dice_similarity(std::string_view a, std::string_view b) {
    return dice(bigram_multiset(a), bigram_multiset(b));
}

bool similar(std::string_view a, std::string_view b, std::int64_t threshold_num, std::int64_t threshold_den) {
    return at_least(dice_similarity(a, b), threshold_num, threshold_den);
}

std::vector<SimilarCase> rank_similar_cases(std::string_view title, std::string_view description,
                                            const std::vector<SimilarityCandidate>& candidates,
                                            std::int64_t threshold_num, std::int64_t threshold_den) {
    const std::vector<std::uint64_t> mine = bigram_multiset(title, description);
    std::vector<SimilarCase> out;
    for (const SimilarityCandidate& c : candidates) {
        const Similarity s = dice(mine, bigram_multiset(c.title, c.description));
        if (at_least(s, threshold_num, threshold_den)) out.push_back({c.id, s});
    }
    std::sort(out.begin(), out.end(), [](const SimilarCase& x, const SimilarCase& y) {
        const i128 lhs = i128{x.score.num} * y.score.den;
        const i128 rhs = i128{y.score.num} * x.score.den;
        if (lhs != rhs) return lhs > rhs;
        return x.id < y.id;
    });
    return out;
}

std::vector<std::int64_t> similar_case_ids(std::string_view title, std::string_view description,
                                           const std::vector<SimilarityCandidate>& candidates,
                                           std::int64_t threshold_num, std::int64_t threshold_den) {
    std::vector<std::int64_t> ids;
    for (const SimilarCase& c : rank_similar_cases(title, description, candidates, threshold_num, threshold_den))
        ids.push_back(c.id);
    return ids;
}

}  // namespace zx::service_desk
