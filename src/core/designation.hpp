// The designations of the data contract. Each has a validity interval; it counts for a period
// when the interval overlaps the period.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace zx {

enum class Designation : std::uint8_t {
    kTop500,
    kDragonHead,
    kLittleGiant,
    kSingleChampion,
    kNewInScale,
    kCovidSupplies,
    kCrExpress,
};
inline constexpr int kDesignationCount = 7;
using DesignationMask = std::uint8_t;  // bit i = Designation i active

inline constexpr std::array<std::string_view, kDesignationCount> kDesignationCodes = {
    "top500", "dragon_head", "little_giant", "single_champion", "new_in_scale", "covid_supplies", "cr_express"};
inline constexpr std::array<std::string_view, kDesignationCount> kDesignationNamesZh = {
    "产值排全区前500名企业", "自治区认定的工业龙头企业",         "专精特新“小巨人”企业", "单项冠军企业",
    "新建入规企业",          "新冠病毒感染防控重点物资生产企业", "通过中欧班列出口企业"};

std::optional<Designation> find_designation(std::string_view code);
constexpr DesignationMask bit(Designation d) {
    return static_cast<DesignationMask>(1u << static_cast<int>(d));
}

}  // namespace zx
