#include "core/region.hpp"

namespace zx {

std::optional<CityId> find_city(std::string_view name) {
    for (size_t i = 0; i < kCities.size(); ++i) {
        std::string_view c = kCities[i];
        if (name == c) return static_cast<CityId>(i);
        std::string_view shortname = c.substr(0, c.size() - std::string_view("市").size());
        if (name == shortname) return static_cast<CityId>(i);
    }
    return std::nullopt;
}

}  // namespace zx
