// Duplicate detection for service-desk cases: how alike two Chinese texts are, as the Dice coefficient
// of their character bigrams, exactly (a fraction of integers, never floating point).
//
// Normalisation first (normalise_for_similarity): control characters, white space (ASCII and Unicode), punctuation
// (ASCII, full-width 、，。！？：；（）“”《》 and the rest of the CJK, general and full-width punctuation
// blocks) are dropped, full-width ASCII letters and digits become half-width, ASCII letters lower-case.
// Bytes that are not well-formed UTF-8 are dropped one by one (input is validated before it gets here;
// this only keeps the function total).
//
// Bigrams are the pairs of neighbouring characters of the normalised text; a one-character text is its
// own unigram; an empty text has none. Dice = 2·|A∩B| / (|A|+|B|) over the bigram multisets; two texts
// without any bigram score 0/1 (nothing to compare is never a duplicate).
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zx::service_desk {

// An exact similarity num/den with 0 <= num <= den, den > 0, not reduced (den = |A|+|B|, or 1 when
// both are empty).
struct Similarity {
    std::int64_t num = 0;
    std::int64_t den = 1;
    bool operator==(const Similarity&) const = default;
};

// The characters (code points) left after normalisation, in order.
std::u32string normalise_for_similarity(std::string_view utf8);

// Dice coefficient of the bigram multisets of `a` and `b`.
Similarity dice_similarity(std::string_view a, std::string_view b);

// Whether the similarity of `a` and `b` is at least threshold_num/threshold_den, compared by
// cross-multiplication. threshold_den must be > 0 and threshold_num >= 0 (the caller validates data).
bool similar(std::string_view a, std::string_view b, std::int64_t threshold_num, std::int64_t threshold_den);

// An existing case a new one is compared with.
struct SimilarityCandidate {
    std::int64_t id = 0;
    std::string title;
    std::string description;
};

struct SimilarCase {
    std::int64_t id = 0;
    Similarity score;
};

// The candidates whose text (title and description) scores at least threshold_num/threshold_den
// against the new case's, highest score first, equal scores by ascending id (the older case first).
// Title and description are taken as two texts whose bigram multisets are added together, so no
// bigram spans the end of the title and the start of the description.
std::vector<SimilarCase> rank_similar_cases(std::string_view title, std::string_view description,
                                            const std::vector<SimilarityCandidate>& candidates,
                                            std::int64_t threshold_num, std::int64_t threshold_den);

// The ids of rank_similar_cases, in the same order.
std::vector<std::int64_t> similar_case_ids(std::string_view title, std::string_view description,
                                           const std::vector<SimilarityCandidate>& candidates,
                                           std::int64_t threshold_num, std::int64_t threshold_den);

}  // namespace zx::service_desk
