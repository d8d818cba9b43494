// Duplicate detection: normalisation, bigram multisets (not sets), the unigram of a one-character
// text, exact thresholds at and around the boundary, and the ranking of candidates.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "modules/service_desk/rules/similarity.hpp"

namespace zx::service_desk {
namespace {

TEST(Similarity, NormalisationDropsSpacePunctuationAndFoldsWidthAndCase) {
    EXPECT_EQ(normalise_for_similarity("用工 难，招工！（急）"), U"用工难招工急");
    EXPECT_EQ(normalise_for_similarity("“用地”、《审批》：慢？；。"), U"用地审批慢");
    EXPECT_EQ(normalise_for_similarity("ＡＢＣ－１２３"), U"abc123");
    EXPECT_EQ(normalise_for_similarity("Hello, World! (v2.0)"), U"helloworldv20");
    EXPECT_EQ(normalise_for_similarity("\t电\u3000费\u00a0高\r\n"), U"电费高");
    EXPECT_EQ(normalise_for_similarity("人人々〇"), U"人人々〇");  // ideographic letters are kept
    EXPECT_EQ(normalise_for_similarity("融资……——难"), U"融资难");
    EXPECT_EQ(normalise_for_similarity("【紧急】「用电」｟停电｠﹐﹑｡"), U"紧急用电停电");
    // Bytes that are not UTF-8 are dropped; the characters after them survive.
    EXPECT_EQ(normalise_for_similarity("\xff用\xc3工\xe5"), U"用工");
    EXPECT_EQ(normalise_for_similarity(std::string_view("a\0b", 3)), U"ab");
    EXPECT_EQ(normalise_for_similarity(""), U"");
}

TEST(Similarity, DiceOverBigramsExactAndUnreduced) {
    EXPECT_EQ(dice_similarity("招工难", "招工难"), (Similarity{4, 4}));
    // {招工, 工难} and {招工, 工很, 很难}: one in common.
    EXPECT_EQ(dice_similarity("招工难", "招工很难"), (Similarity{2, 5}));
    // 11 bigrams each, 9 in common.
    EXPECT_EQ(dice_similarity("厂区用电负荷不足影响生产", "厂区用电负荷不够，影响生产"), (Similarity{18, 22}));
    EXPECT_EQ(dice_similarity("招工，难！", "招 工 难"), (Similarity{4, 4}));
    EXPECT_EQ(dice_similarity("PDF文件", "ｐｄｆ文件"), (Similarity{8, 8}));
    EXPECT_EQ(dice_similarity("招工难", "用地慢"), (Similarity{0, 4}));
    // The order of bigrams matters: 工招 is not 招工.
    EXPECT_EQ(dice_similarity("招工", "工招"), (Similarity{0, 2}));
}

TEST(Similarity, BigramsAreAMultiset) {
    // {哈哈, 哈哈} against {哈哈}: the shared bigram counts once (min of 2 and 1); a set would give 2/2.
    EXPECT_EQ(dice_similarity("哈哈哈", "哈哈"), (Similarity{2, 3}));
    // {ab} against {ab, ba, ab}: 2·1 / 4, not 1/2 reduced and not 2·2 / 4.
    EXPECT_EQ(dice_similarity("ab", "abab"), (Similarity{2, 4}));
    EXPECT_EQ(dice_similarity("abab", "abab"), (Similarity{6, 6}));
}

TEST(Similarity, OneCharacterIsItsOwnUnigramAndEmptyIsNothing) {
    EXPECT_EQ(dice_similarity("急", "急"), (Similarity{2, 2}));
    EXPECT_EQ(dice_similarity("急！", "（急）"), (Similarity{2, 2}));
    EXPECT_EQ(dice_similarity("急", "急急"), (Similarity{0, 2}));  // a unigram never matches a bigram
    EXPECT_EQ(dice_similarity("急", "缓"), (Similarity{0, 2}));
    EXPECT_EQ(dice_similarity("", ""), (Similarity{0, 1}));
    EXPECT_EQ(dice_similarity("！？。", "  "), (Similarity{0, 1}));
    EXPECT_EQ(dice_similarity("急", ""), (Similarity{0, 1}));
    EXPECT_FALSE(similar("", "", 1, 100));
}

TEST(Similarity, ThresholdIsInclusiveAndExact) {
    EXPECT_TRUE(similar("ab", "abab", 1, 2));          // exactly 1/2
    EXPECT_TRUE(similar("招工难", "招工很难", 2, 5));  // exactly 2/5
    EXPECT_FALSE(similar("招工难", "招工很难", 1, 2));
    EXPECT_FALSE(similar("招工难", "招工很难", 2'000'001, 5'000'000));  // just above 2/5
    EXPECT_TRUE(similar("招工难", "招工很难", 1'999'999, 5'000'000));
    // Just above 1/2 with a denominator near INT64_MAX: a double rounds it to 0.5 and 64-bit products
    // overflow; the exact comparison says 2/4 is below it.
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    EXPECT_FALSE(similar("ab", "abab", kMax / 2 + 1, kMax));
    EXPECT_TRUE(similar("ab", "abab", kMax / 2, kMax));
    EXPECT_TRUE(similar("招工难", "招工难", 1, 1));
    EXPECT_TRUE(similar("招工难", "用地慢", 0, 1));
}

TEST(Similarity, RanksCandidatesHighestFirstThenOlderFirst) {
    const std::vector<SimilarityCandidate> candidates = {
        {4, "厂区用电负荷不足", "影响生产"},       // the same text as the new case
        {3, "融资难", "银行贷款审批慢"},           // unrelated
        {2, "厂区用电负荷不够", "影响生产进度"},   // partly the same
        {1, "厂区用电负荷不足！", "影响 生产。"},  // the same after normalisation
        {5, "厂区用电", "负荷不足影响生产"},       // same characters, bigrams split differently
    };
    const auto ranked = rank_similar_cases("厂区用电负荷不足", "影响生产", candidates, 1, 2);
    ASSERT_EQ(ranked.size(), 4u);
    EXPECT_EQ(ranked[0].id, 1);
    EXPECT_EQ(ranked[0].score, (Similarity{20, 20}));
    EXPECT_EQ(ranked[1].id, 4);
    // {厂区 区用 用电 电负 负荷 荷不 不足} + {影响 响生 生产} against {厂区 区用 用电} + {负荷 荷不 不足 足影 影响 响生
    // 生产}: 9 shared of 10 + 10.
    EXPECT_EQ(ranked[2].id, 5);
    EXPECT_EQ(ranked[2].score, (Similarity{18, 20}));
    // {厂区 区用 用电 电负 负荷 荷不 不够} + {影响 响生 生产 产进 进度}: 9 shared of 10 + 12.
    EXPECT_EQ(ranked[3].id, 2);
    EXPECT_EQ(ranked[3].score, (Similarity{18, 22}));
    EXPECT_EQ(similar_case_ids("厂区用电负荷不足", "影响生产", candidates, 1, 2),
              (std::vector<std::int64_t>{1, 4, 5, 2}));
    // 1/1 keeps only the exact duplicates; 9/11 is exactly 18/22, so it keeps id 2; 10/11 is above 18/20.
    EXPECT_EQ(similar_case_ids("厂区用电负荷不足", "影响生产", candidates, 1, 1), (std::vector<std::int64_t>{1, 4}));
    EXPECT_EQ(similar_case_ids("厂区用电负荷不足", "影响生产", candidates, 9, 11),
              (std::vector<std::int64_t>{1, 4, 5, 2}));
    EXPECT_EQ(similar_case_ids("厂区用电负荷不足", "影响生产", candidates, 10, 11), (std::vector<std::int64_t>{1, 4}));
    EXPECT_TRUE(similar_case_ids("厂区用电负荷不足", "影响生产", {}, 1, 2).empty());
}

TEST(Similarity, TitleAndDescriptionDoNotFormABigramAcrossTheirBoundary) {
    // {招工} + {难} against {招工, 工难}: 1 shared of 2 + 2. Joined into one text it would be 4/4.
    const auto ranked = rank_similar_cases("招工", "难", {{7, "招工难", ""}}, 0, 1);
    ASSERT_EQ(ranked.size(), 1u);
    EXPECT_EQ(ranked[0].score, (Similarity{2, 4}));
}

}  // namespace
}  // namespace zx::service_desk
