#include "core/uscc.hpp"

#include <gtest/gtest.h>

namespace zx {
namespace {

TEST(Uscc, ExampleCodesValidate) {
    // 91350100M000100Y43 is the example commonly cited with GB 32100-2015; the others were checked
    // by hand with the same weights.
    EXPECT_EQ(validate_uscc("91350100M000100Y43"), UsccError::kNone);
    EXPECT_EQ(validate_uscc("91110000100000000R"), UsccError::kNone);
    EXPECT_EQ(validate_uscc("91450100708758581K"), UsccError::kNone);
}

TEST(Uscc, CheckCharacterFromTheStandardsWeights) {
    // 31 - (sum of value × 3^(i-1) mod 31) % 31 over the first 17 characters gives 3.
    EXPECT_EQ(uscc_check_character("91350100M000100Y4"), '3');
    EXPECT_EQ(uscc_check_character("9135010OM000100Y4"), '\0');  // 'O' is outside the alphabet
}

TEST(Uscc, Errors) {
    EXPECT_EQ(validate_uscc("91350100M000100Y4"), UsccError::kLength);
    EXPECT_EQ(validate_uscc("91350100M000100Y433"), UsccError::kLength);
    EXPECT_EQ(validate_uscc("91350100M000100I43"), UsccError::kCharacter);
    EXPECT_EQ(validate_uscc("91350100m000100Y43"), UsccError::kCharacter);
    EXPECT_EQ(validate_uscc("91350100M000100Y44"), UsccError::kCheckCharacter);
}

}  // namespace
}  // namespace zx
