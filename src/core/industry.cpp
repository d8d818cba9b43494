#include "core/industry.hpp"

namespace zx {

int parse_industry_class(std::string_view s) {
    if (s.size() != 4) return -1;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    int division = v / 100;
    if (division < 1 || division > 97) return -1;
    if ((v / 10) % 10 == 0) return -1;
    return v;
}

char industry_section(int code) {
    struct Span {
        int last_division;
        char section;
    };
    static constexpr Span kSpans[] = {{5, 'A'},  {12, 'B'}, {43, 'C'}, {46, 'D'}, {50, 'E'}, {52, 'F'}, {60, 'G'},
                                      {62, 'H'}, {65, 'I'}, {69, 'J'}, {70, 'K'}, {72, 'L'}, {75, 'M'}, {79, 'N'},
                                      {82, 'O'}, {83, 'P'}, {85, 'Q'}, {90, 'R'}, {96, 'S'}, {97, 'T'}};
    int d = industry_division(code);
    for (const auto& s : kSpans)
        if (d <= s.last_division) return s.section;
    return '?';
}

}  // namespace zx
