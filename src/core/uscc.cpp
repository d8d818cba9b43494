#include "core/uscc.hpp"

namespace zx {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int value_of(char c) {
    auto p = kAlphabet.find(c);
    return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

}  // namespace

char uscc_check_character(std::string_view first17) {
    if (first17.size() < 17) return '\0';
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        int v = value_of(first17[i]);
        if (v < 0) return '\0';
        sum += v * kWeights[i];
    }
    int c = 31 - sum % 31;
    if (c == 31) c = 0;
    return kAlphabet[c];
}

UsccError validate_uscc(std::string_view code) {
    if (code.size() != 18) return UsccError::kLength;
    for (char c : code)
        if (value_of(c) < 0) return UsccError::kCharacter;
    return uscc_check_character(code) == code[17] ? UsccError::kNone : UsccError::kCheckCharacter;
}

}  // namespace zx
