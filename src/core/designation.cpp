#include "core/designation.hpp"

namespace zx {

std::optional<Designation> find_designation(std::string_view code) {
    for (int i = 0; i < kDesignationCount; ++i)
        if (kDesignationCodes[i] == code) return static_cast<Designation>(i);
    return std::nullopt;
}

}  // namespace zx
