// The 14 设区市 of Guangxi, in the official order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace zx {

inline constexpr std::array<std::string_view, 14> kCities = {"南宁市",   "柳州市", "桂林市", "梧州市", "北海市",
                                                             "防城港市", "钦州市", "贵港市", "玉林市", "百色市",
                                                             "贺州市",   "河池市", "来宾市", "崇左市"};

using CityId = std::uint8_t;

// Index into kCities for an exact name; also accepts the name without the trailing "市".
std::optional<CityId> find_city(std::string_view name);

}  // namespace zx
