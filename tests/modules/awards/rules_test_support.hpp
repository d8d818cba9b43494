// Test data shared by the awards module's rule tests (rules_test.cpp, budget_test.cpp).
#pragma once

#include <cstdio>
#include <string>

#include "core/uscc.hpp"

namespace zx::test {

// "91450100MA5" + six digits + check character: valid, and ordered like n.
inline std::string make_uscc(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "91450100MA5%06d", n);
    std::string code(buf);
    code += uscc_check_character(code);
    return code;
}

}  // namespace zx::test
