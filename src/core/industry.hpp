// GB/T 4754-2017 国民经济行业分类: four-digit classes. Divisions 01–97 exist; the third digit (the
// group within a division) is never 0. Manufacturing (门类 C) is divisions 13–43.
#pragma once

#include <cstdint>
#include <string_view>

namespace zx {

// Parses a four-digit class code "3612" into 3612; returns -1 if it is not a well-formed class.
int parse_industry_class(std::string_view text);
constexpr int industry_division(int code) {
    return code / 100;
}
constexpr bool is_manufacturing(int code) {
    return industry_division(code) >= 13 && industry_division(code) <= 43;
}
// The 门类 letter (A..T) of a class, e.g. 'C' for 3612.
char industry_section(int code);
// The name of an industrial division (大类) of sections B, C and D (06–46), e.g. "汽车制造业" for 36;
// "" for any other division (industrial statistics cover only these).
std::string_view industry_division_name(int division);

}  // namespace zx
