#include "modules/enterprise_data/rules/demo_data.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <string_view>
#include <utility>

#include "core/industry.hpp"
#include "core/uscc.hpp"

namespace zx {
namespace {

// ============================================================================================
// Integer-only randomness and fixed point. Floating point is avoided on purpose: libm results and
// FMA contraction differ between platforms, and one ulp decides a fen after rounding.
// ============================================================================================

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

constexpr std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Independent streams per enterprise and purpose, so that e.g. the ranking pass can draw outputs
// without drawing names.
enum class Stream : std::uint64_t { kProfile = 1, kNaming = 2, kDesignations = 3, kPermutation = 4 };

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t index, Stream s) {
    return mix64(mix64(seed ^ (static_cast<std::uint64_t>(s) * 0xd1b54a32d192ed03ULL)) ^ (index * kGolden));
}

constexpr std::int64_t kOne = std::int64_t{1} << 30;  // 1.0 in Q30
constexpr std::int64_t milli(std::int64_t thousandths) {
    return thousandths * kOne / 1000;
}
constexpr std::int64_t scale_milli(std::int64_t q30, std::int64_t thousandths) {
    return q30 * thousandths / 1000;
}

// splitmix64: tiny state, passes BigCrush, and every draw is a pure function of the seed.
class Rng {
  public:
    explicit Rng(std::uint64_t state) : state_(state) {}
    std::uint64_t bits() { return mix64(state_ += kGolden); }
    // Uniform in [0, n) by multiply-shift; n < 2^32.
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((bits() >> 32) * n) >> 32); }
    bool chance_ppm(std::uint32_t ppm) { return below(1'000'000) < ppm; }
    // Standard normal (Irwin–Hall of 12 uniforms: mean 0, variance 1, tails cut at ±6) in Q30.
    std::int64_t normal_q30() {
        std::int64_t sum = 0;
        for (int i = 0; i < 6; ++i) {
            const std::uint64_t b = bits();
            sum += static_cast<std::int64_t>(b >> 32) + static_cast<std::int64_t>(b & 0xffffffffULL);
        }
        return (sum - (std::int64_t{6} << 32)) >> 2;
    }
    // Cheaper unit-variance bell (4 uniforms, tails cut at ±3.46) for monthly noise, in Q30.
    std::int64_t rough_normal_q30() {
        const std::uint64_t a = bits(), b = bits();
        const std::int64_t sum = static_cast<std::int64_t>(a >> 32) + static_cast<std::int64_t>(a & 0xffffffffULL) +
                                 static_cast<std::int64_t>(b >> 32) + static_cast<std::int64_t>(b & 0xffffffffULL);
        constexpr std::int64_t kSqrt3Q30 = 1859775393;  // sqrt(3) * 2^30
        return ((sum - (std::int64_t{2} << 32)) >> 2) * kSqrt3Q30 >> 30;
    }

  private:
    std::uint64_t state_;
};

// log2(v) in Q30 for v >= 1, by repeated squaring (exact integer steps).
constexpr std::int64_t log2_q30(std::uint64_t v) {
    const int n = static_cast<int>(std::bit_width(v)) - 1;
    std::uint64_t y = n >= 30 ? v >> (n - 30) : v << (30 - n);  // mantissa in [1, 2), Q30
    std::int64_t result = static_cast<std::int64_t>(n) << 30;
    for (int bit = 29; bit >= 0; --bit) {
        y = (y * y) >> 30;
        if (y >= (std::uint64_t{2} << 30)) {
            y >>= 1;
            result |= std::int64_t{1} << bit;
        }
    }
    return result;
}

// 2^x for x (Q30) in [0, 62), rounded down to an integer. Taylor series of e^(f ln 2) for the fraction.
std::int64_t exp2_int(std::int64_t x_q30) {
    assert(x_q30 >= 0 && (x_q30 >> 30) < 62);
    const int n = static_cast<int>(x_q30 >> 30);
    constexpr std::int64_t kLn2Q30 = 744261118;  // ln(2) * 2^30
    const std::int64_t t = ((x_q30 & (kOne - 1)) * kLn2Q30) >> 30;
    std::int64_t acc = kOne;
    for (int k = 10; k >= 1; --k) acc = kOne + ((acc * t) >> 30) / k;
    return n >= 30 ? acc << (n - 30) : acc >> (30 - n);
}

// a * f / 2^30 (rounded down) for 0 <= a < 2^44 and a Q30 factor 0 <= f < 8.0, without overflowing 64 bits.
std::int64_t apply_q30(std::int64_t a, std::int64_t f) {
    const auto ua = static_cast<std::uint64_t>(a), uf = static_cast<std::uint64_t>(f);
    return static_cast<std::int64_t>((ua >> 30) * uf + (((ua & (kOne - 1)) * uf) >> 30));
}

// A keyed bijection on [0, domain): a 4-round Feistel network on the next even bit width, cycle-walked
// back into the domain. Turns the enterprise index into unique but random-looking serials.
std::uint64_t permute(std::uint64_t i, std::uint64_t domain, std::uint64_t key) {
    int bits = std::max(2, static_cast<int>(std::bit_width(domain - 1)));
    bits += bits & 1;
    const int half = bits / 2;
    const std::uint64_t mask = (std::uint64_t{1} << half) - 1;
    do {
        std::uint64_t left = i >> half, right = i & mask;
        for (std::uint64_t round = 0; round < 4; ++round) {
            const std::uint64_t f = mix64(right ^ key ^ (round * kGolden)) & mask;
            std::swap(left, right);
            right ^= f;
        }
        i = (left << half) | right;
    } while (i >= domain);
    return i;
}

// ============================================================================================
// The region: cities, industries and how they combine.
// ============================================================================================

constexpr std::int64_t kFenPerWan = 1'000'000;  // 1 万元 in fen

struct IndustrySpec {
    int code = 0;
    int weight = 0;                         // share of enterprises before city affinity
    int size_shift_milli = 0;               // log2 units added to the firm-size median (1000 = ×2)
    std::uint32_t tail_ppm = 0;             // chance of a heavy-tail (Pareto) size
    std::uint32_t covid_ppm = 0;            // chance of the covid_supplies designation
    bool exporter = false;                  // likely to ship by 中欧班列
    std::array<std::string_view, 3> words;  // 行业用语 for names
};

// Guangxi's industrial structure in miniature: autos, machinery, nonferrous metals, steel, petrochemicals,
// sugar and food, forest products, electronics, medicine, building materials, power and mining, plus a
// few service classes that appear among the reporting units.
constexpr std::array<IndustrySpec, 34> kIndustries = {{
    {3611, 4, 2200, 150'000, 0, true, {"汽车", "汽车工业", "汽车制造"}},
    {3612, 4, 1700, 100'000, 0, true, {"新能源汽车", "电动汽车", "新能源车辆"}},
    {3670, 60, 0, 15'000, 0, true, {"汽车零部件", "汽车配件", "车桥"}},
    {3412, 10, 700, 30'000, 0, true, {"动力机械", "内燃机", "发动机"}},
    {3511, 14, 0, 10'000, 0, true, {"矿山机械", "重型机械", "矿山设备"}},
    {3514, 12, 400, 30'000, 0, true, {"工程机械", "建筑机械", "重工"}},
    {3431, 18, -300, 5'000, 0, true, {"起重设备", "起重机械", "机械设备"}},
    {3216, 10, 1400, 80'000, 0, true, {"铝业", "铝冶炼", "氧化铝"}},
    {3252, 24, 400, 20'000, 0, true, {"铝材", "铝型材", "铝合金"}},
    {3211, 4, 1700, 100'000, 0, false, {"铜业", "铜冶炼", "有色金属"}},
    {3212, 6, 800, 50'000, 0, false, {"锌业", "冶炼", "有色金属"}},
    {3120, 8, 1900, 120'000, 0, false, {"钢铁", "特钢", "钢业"}},
    {3130, 28, 700, 30'000, 0, false, {"钢材", "不锈钢", "钢板"}},
    {2511, 3, 2600, 200'000, 0, false, {"石化", "石油化工", "炼化"}},
    {2614, 24, 600, 20'000, 5'000, true, {"化工", "精细化工", "化学"}},
    {1340, 45, 300, 10'000, 0, false, {"糖业", "制糖", "蔗糖"}},
    {1391, 28, -400, 3'000, 0, false, {"淀粉", "木薯淀粉", "薯业"}},
    {1495, 18, -300, 3'000, 5'000, false, {"生物科技", "食品添加剂", "生物"}},
    {1331, 12, 500, 30'000, 0, false, {"粮油", "油脂", "食品"}},
    {2021, 85, -600, 2'000, 0, false, {"木业", "人造板", "板业"}},
    {2221, 22, 400, 30'000, 0, false, {"纸业", "浆纸", "纸品"}},
    {2110, 36, -500, 2'000, 0, false, {"家具", "家居", "木制品"}},
    {3971, 48, 0, 20'000, 2'000, true, {"电子", "电子科技", "电子元件"}},
    {3982, 24, 300, 20'000, 0, true, {"电路科技", "精密电子", "线路板"}},
    {2720, 24, -200, 10'000, 60'000, false, {"制药", "药业", "医药"}},
    {2740, 20, -300, 5'000, 30'000, false, {"药业", "中药", "制药"}},
    {3011, 28, 300, 10'000, 0, false, {"水泥", "建材", "水泥建材"}},
    {3021, 55, -700, 1'000, 0, false, {"建材", "管桩", "混凝土"}},
    {4411, 12, 1500, 100'000, 0, false, {"发电", "电力", "能源"}},
    {810, 7, -200, 5'000, 0, false, {"矿业", "矿产", "铁矿"}},
    {912, 7, 0, 10'000, 0, false, {"矿业", "铅锌矿业", "有色矿业"}},
    {6513, 8, -600, 2'000, 0, false, {"软件", "信息技术", "数字科技"}},
    {5821, 8, -300, 5'000, 0, false, {"物流", "供应链", "国际货运代理"}},
    {7320, 4, -800, 0, 0, false, {"检测技术", "工程技术", "科技研发"}},
}};

struct Affinity {
    int code;
    int times_ten;  // weight multiplier ×10 for the city's specialities
};

struct CitySpec {
    int weight;                 // share of enterprises, roughly by industrial size
    std::string_view code4;     // first four digits of the 行政区划代码
    std::string_view counties;  // last two digits of the county-level codes, concatenated
    std::array<Affinity, 8> affinities;
};

// In kCities order. 柳州 and 南宁 largest; then 钦州/玉林/桂林/北海/百色/防城港/贵港/梧州; then the rest.
constexpr std::array<CitySpec, 14> kCitySpecs = {{
    {145,
     "4501",
     "020305070809102324252681",
     {{{3971, 30}, {3982, 20}, {2720, 20}, {3252, 20}, {6513, 40}, {5821, 20}, {7320, 30}, {2021, 15}}}},
    {150,
     "4502",
     "02030405062223242526",
     {{{3611, 80}, {3612, 50}, {3670, 50}, {3514, 50}, {3511, 30}, {3431, 30}, {3120, 40}, {3130, 30}}}},
    {78, "4503", "0203040511122123242526272829303281", {{{3971, 20}, {2720, 20}, {2740, 30}, {3431, 15}, {3670, 15}}}},
    {60, "4504", "03050621222381", {{{2021, 15}, {2221, 20}, {2110, 15}, {2740, 15}, {3252, 15}}}},
    {70, "4505", "02031221", {{{3971, 30}, {3982, 30}, {2221, 30}, {3130, 30}, {2511, 20}}}},
    {55, "4506", "02032181", {{{3120, 50}, {3130, 30}, {3211, 80}, {1331, 60}, {4411, 30}}}},
    {75, "4507", "02032122", {{{2511, 80}, {2614, 50}, {2221, 20}, {3612, 10}, {4411, 20}}}},
    {70, "4508", "0203042181", {{{3612, 50}, {2021, 40}, {2110, 20}, {1340, 15}, {3011, 15}}}},
    {80, "4509", "02032122232481", {{{3412, 80}, {3514, 15}, {2740, 20}, {3021, 15}}}},
    {65, "4510", "020322242627282930318182", {{{3216, 80}, {3252, 40}, {810, 10}, {4411, 20}, {1340, 15}}}},
    {32, "4511", "0203212223", {{{3021, 40}, {3011, 20}, {2110, 15}, {3971, 15}}}},
    {30, "4512", "0203212223242526272829", {{{912, 80}, {3212, 80}, {3011, 15}}}},
    {38, "4513", "02212223242581", {{{1340, 30}, {4411, 40}, {3216, 20}, {3011, 20}}}},
    {38, "4514", "02212223242581", {{{1340, 50}, {3021, 15}, {2021, 15}}}},
}};

struct Tables {
    std::array<int, kCities.size()> city_cumulative{};
    std::array<std::array<int, kIndustries.size()>, kCities.size()> industry_cumulative{};
};

int affinity_times_ten(const CitySpec& city, int code) {
    for (const Affinity& a : city.affinities)
        if (a.code == code && a.times_ten > 0) return a.times_ten;
    return 10;
}

const Tables& tables() {
    static const Tables t = [] {
        Tables t;
        int cities = 0;
        for (std::size_t c = 0; c < kCitySpecs.size(); ++c) {
            t.city_cumulative[c] = cities += kCitySpecs[c].weight;
            int industries = 0;
            for (std::size_t s = 0; s < kIndustries.size(); ++s)
                t.industry_cumulative[c][s] = industries +=
                    kIndustries[s].weight * affinity_times_ten(kCitySpecs[c], kIndustries[s].code);
        }
        return t;
    }();
    return t;
}

template <std::size_t N>
std::size_t pick_cumulative(Rng& r, const std::array<int, N>& cumulative) {
    const auto x = static_cast<int>(r.below(static_cast<std::uint32_t>(cumulative.back())));
    return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

// ============================================================================================
// An enterprise's economics: everything its monthly output depends on.
// ============================================================================================

constexpr YearMonth kBaseYearFirst = YearMonth::of(2022, 1);
constexpr YearMonth kGrowthYearFirst = YearMonth::of(2023, 1);
constexpr YearMonth kNewEntryFirst = YearMonth::of(2022, 7);
constexpr int kNewEntryMonths = 15;  // 2022-07 .. 2023-09

struct Profile {
    std::uint64_t key = 0;  // seeds the per-month noise
    CityId city = 0;
    const IndustrySpec* industry = nullptr;
    bool is_new = false;                           // 新建入规: no 2022 output, ramps up in 2023
    YearMonth scale_since;                         // months before it are absent
    YearMonth ramp_start;                          // new entrants: first month with output
    std::int64_t annual_fen = 0;                   // 2022 level; for new entrants the run rate once ramped up
    std::array<std::int64_t, 4> quarter_factor{};  // 2023 level over 2022 per quarter, Q30
    std::int64_t noise_milli = 0;
    std::array<YearMonth, 3> missing{};
    int missing_count = 0;
    YearMonth shutdown_first;  // 停产检修: present months with zero output
    int shutdown_months = 0;
};

YearMonth draw_established_since(Rng& r) {
    const std::uint32_t u = r.below(100);
    if (u < 5) return kBaseYearFirst;  // entered at the start of 2022: complete 2022 data
    const int year = u < 75 ? 2015 + static_cast<int>(r.below(7)) : 2006 + static_cast<int>(r.below(9));
    // The statistics admit most enterprises at the start of a year; projects can enter in any month.
    const int month = r.below(100) < 85 ? 1 : 2 + static_cast<int>(r.below(11));
    return YearMonth::of(year, month);
}

// Annual output in fen: log-normal body (median 6,000万, most firms 1,000万–5亿) plus a truncated
// Pareto tail (α = 1 from 5亿 to 500亿) for the few giants, more likely in heavy industry.
std::int64_t draw_annual_fen(Rng& r, const IndustrySpec& spec) {
    if (r.chance_ppm(spec.tail_ppm)) {
        constexpr std::int64_t kLow = 50'000, kHigh = 5'000'000;  // 万元
        const std::int64_t u = r.below(1u << 20);
        const std::int64_t wan =
            kLow * kHigh * (std::int64_t{1} << 20) / (kHigh * (std::int64_t{1} << 20) - u * (kHigh - kLow));
        return wan * kFenPerWan + r.below(kFenPerWan);
    }
    constexpr std::int64_t kLog2Median = log2_q30(6'000 * kFenPerWan);
    constexpr std::int64_t kLog2Min = log2_q30(500 * kFenPerWan);
    constexpr std::int64_t kLog2Max = log2_q30(5'000'000 * kFenPerWan);
    const std::int64_t x = kLog2Median + milli(spec.size_shift_milli) + scale_milli(r.normal_q30(), 1660);
    return exp2_int(std::clamp(x, kLog2Min, kLog2Max));
}

// Run rate of a new entrant once ramped up: median 1.2亿 a year, so that some pass clause (三)'s
// 3,000万 a quarter and some do not.
std::int64_t draw_new_entrant_fen(Rng& r, const IndustrySpec& spec) {
    constexpr std::int64_t kLog2Median = log2_q30(12'000 * kFenPerWan);
    constexpr std::int64_t kLog2Min = log2_q30(1'000 * kFenPerWan);
    constexpr std::int64_t kLog2Max = log2_q30(2'000'000 * kFenPerWan);
    const std::int64_t x = kLog2Median + milli(spec.size_shift_milli / 2) + scale_milli(r.normal_q30(), 1200);
    return exp2_int(std::clamp(x, kLog2Min, kLog2Max));
}

// 2023 over 2022 per quarter: a firm-level growth rate (about 30% of firms at >= 12%, about a third
// shrinking) plus quarter shocks that sum to zero, so that some quarters shrink in a growing year.
std::array<std::int64_t, 4> draw_quarter_factors(Rng& r) {
    const bool volatile_firm = r.chance_ppm(100'000);
    const std::int64_t growth =
        volatile_firm ? milli(40) + scale_milli(r.normal_q30(), 350) : milli(50) + scale_milli(r.normal_q30(), 150);
    std::array<std::int64_t, 4> shock{};
    std::int64_t sum = 0;
    for (auto& s : shock) sum += s = scale_milli(r.normal_q30(), 80);
    std::array<std::int64_t, 4> factor{};
    for (int q = 0; q < 4; ++q) factor[q] = std::clamp(kOne + growth + shock[q] - sum / 4, milli(200), milli(3000));
    return factor;
}

void draw_gaps(Rng& r, Profile& p, MonthRange window) {
    const auto len = static_cast<std::uint32_t>(window.length());
    if (r.chance_ppm(20'000)) {  // a city not (yet) verifying some months of the enterprise
        p.missing_count = r.below(10) < 7 ? 1 : 2 + static_cast<int>(r.below(2));
        for (int i = 0; i < p.missing_count; ++i) p.missing[i] = window.first + static_cast<int>(r.below(len));
    }
    if (r.chance_ppm(5'000)) {
        p.shutdown_first = window.first + static_cast<int>(r.below(len));
        p.shutdown_months = 1 + static_cast<int>(r.below(2));
    }
}

Profile draw_profile(std::uint64_t seed, std::size_t index, MonthRange window) {
    Rng r(stream_seed(seed, index, Stream::kProfile));
    const Tables& t = tables();
    Profile p;
    p.key = r.bits();
    p.city = static_cast<CityId>(pick_cumulative(r, t.city_cumulative));
    p.industry = &kIndustries[pick_cumulative(r, t.industry_cumulative[p.city])];
    p.is_new = r.chance_ppm(40'000);
    if (p.is_new) {
        p.scale_since = kNewEntryFirst + static_cast<int>(r.below(kNewEntryMonths));
        p.ramp_start = std::max(p.scale_since, kGrowthYearFirst);
        p.annual_fen = draw_new_entrant_fen(r, *p.industry);
    } else {
        p.scale_since = draw_established_since(r);
        p.annual_fen = draw_annual_fen(r, *p.industry);
    }
    p.quarter_factor = draw_quarter_factors(r);
    p.noise_milli = 30 + r.below(70);
    draw_gaps(r, p, window);
    return p;
}

// ---- monthly output ----

// Years whose Spring Festival falls in January (production dips in January, recovers in February).
bool spring_festival_in_january(int year) {
    constexpr std::array<int, 15> kYears = {2001, 2004, 2006, 2009, 2012, 2014, 2017, 2020,
                                            2023, 2025, 2028, 2031, 2033, 2036, 2039};
    return std::find(kYears.begin(), kYears.end(), year) != kYears.end();
}

std::int64_t season_q30(const IndustrySpec& spec, YearMonth m) {
    // Sugar follows the cane-crushing season (榨季, November to April), not the calendar.
    constexpr std::array<int, 12> kSugar = {2200, 1700, 1900, 1200, 350, 80, 30, 30, 50, 250, 1600, 2610};
    // Both Spring Festival variants give January+February 1.56 months' worth, so Jan–Feb sums compare.
    constexpr std::array<int, 12> kGeneral = {0, 0, 1020, 980, 1000, 1080, 970, 990, 1060, 980, 1060, 1300};
    const int i = m.month() - 1;
    if (spec.code == 1340) return milli(kSugar[i]);
    if (i >= 2) return milli(kGeneral[i]);
    const bool january = spring_festival_in_january(m.year());
    return milli(i == 0 ? (january ? 700 : 920) : (january ? 860 : 640));
}

// Factors stay below 8.0 so that factor products and apply_q30 cannot overflow.
constexpr std::int64_t kMaxFactor = milli(7990);

// Level of year m.year() relative to 2022 (Q30). 2023 uses the drawn quarter factors; other years
// drift by a hashed per-firm rate so that any window works.
std::int64_t year_factor_q30(const Profile& p, YearMonth m) {
    const int year = m.year();
    if (year == 2022) return kOne;
    const auto drift = [&](int y) {
        Rng r(mix64(p.key ^ (static_cast<std::uint64_t>(y) * 0x9fb21c651e98df25ULL)));
        return std::clamp(kOne + milli(50) + scale_milli(r.normal_q30(), 100), milli(500), milli(2000));
    };
    if (year < 2022) {
        std::int64_t f = kOne;
        for (int y = 2022; y > year; --y) f = std::clamp((f << 30) / drift(y), milli(50), kMaxFactor);
        return f;
    }
    std::int64_t f = p.quarter_factor[(m.month() - 1) / 3];
    for (int y = 2024; y <= year; ++y) f = std::clamp(apply_q30(f, drift(y)), milli(50), kMaxFactor);
    return f;
}

bool is_missing(const Profile& p, YearMonth m) {
    for (int i = 0; i < p.missing_count; ++i)
        if (p.missing[i] == m) return true;
    return false;
}

// Output of month m in fen, or -1 when the month is absent from the data.
std::int64_t month_output(const Profile& p, YearMonth m) {
    if (m < p.scale_since || is_missing(p, m)) return -1;
    if (p.shutdown_months > 0 && m >= p.shutdown_first && m - p.shutdown_first < p.shutdown_months) return 0;
    std::int64_t level;
    if (p.is_new) {
        if (m < p.ramp_start) return 0;  // in the statistics, trial production only
        level = std::min(milli(350) + milli(130) * (m - p.ramp_start), kOne);
    } else {
        level = year_factor_q30(p, m);
    }
    Rng noise_rng(mix64(p.key ^ (static_cast<std::uint64_t>(m.index) * kGolden)));
    const std::int64_t noise =
        std::clamp(kOne + scale_milli(noise_rng.rough_normal_q30(), p.noise_milli), milli(500), milli(1500));
    const std::int64_t seasonal = std::min(apply_q30(season_q30(*p.industry, m), level), kMaxFactor);
    const std::int64_t factor = std::min(apply_q30(seasonal, noise), kMaxFactor);
    return apply_q30(p.annual_fen / 12, factor);
}

// Ranking key for top500: 2022 output as it appears in the data (absent months count nothing); the
// latent size when the window holds no 2022 month.
std::int64_t output_2022(const Profile& p, MonthRange window) {
    const YearMonth first = std::max(window.first, kBaseYearFirst);
    const YearMonth last = std::min(window.last, YearMonth::of(2022, 12));
    if (first > last) return p.annual_fen;
    std::int64_t sum = 0;
    for (YearMonth m = first; m <= last; m = m + 1) sum += std::max<std::int64_t>(month_output(p, m), 0);
    return sum;
}

// ============================================================================================
// Identity: USCC and name.
// ============================================================================================

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::uint64_t kSerialDomain = 31ULL * 31 * 31 * 31 * 31;
static_assert(kSerialDomain == kDemoMaxEnterprises);

int org_code_value(char c) {
    return c <= '9' ? c - '0' : c - 'A' + 10;
}

// GB 11714 organisation-code check character over the 8-character body.
char org_code_check(std::string_view body8) {
    constexpr std::array<int, 8> kWeights = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += org_code_value(body8[i]) * kWeights[i];
    const int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

// 9 (工商) 1 (企业), the registering authority's 行政区划代码, the 9-character organisation code (old
// all-digit codes for long-established firms, "MA5…" codes issued since 2015), the check character.
void make_uscc(Rng& r, const Profile& p, std::uint64_t serial, std::string& out) {
    const CitySpec& city = kCitySpecs[p.city];
    out.assign("91");
    out.append(city.code4);
    if (r.below(100) < 40) {
        out.append("00");  // registered with the city's own bureau
    } else {
        const std::size_t k = r.below(static_cast<std::uint32_t>(city.counties.size() / 2));
        out.append(city.counties.substr(2 * k, 2));
    }
    const bool old_code = !p.is_new && r.below(100) < (p.scale_since.year() < 2016 ? 75u : 10u);
    char body[8];
    if (old_code) {
        std::uint64_t v = serial + 60'000'000;  // < 10^8: eight digits starting 6..8, as many old codes do
        for (int i = 7; i >= 0; --i, v /= 10) body[i] = static_cast<char>('0' + v % 10);
    } else {
        body[0] = 'M', body[1] = 'A', body[2] = '5';
        std::uint64_t v = serial;
        for (int i = 7; i >= 3; --i, v /= 31) body[i] = kUsccAlphabet[v % 31];
    }
    out.append(body, 8);
    out.push_back(org_code_check({body, 8}));
    out.push_back(uscc_check_character(out));
}

// 字号 characters. None occurs in a city name, "广西", or as the first character of an industry word,
// so a name splits uniquely into prefix, 字号 and the rest, and distinct 字号 give distinct names.
constexpr std::string_view kTradeNameChars =
    "华鑫源泰盛达鸿瑞恒丰隆昌兴宏远通晟祥嘉利富荣旺顺和安康德福宝永益创联智航腾飞凯越锦耀辉星光明洲天东方正大博立"
    "诚聚合众佳美欣悦润泽浩宇峰岭江山川壮邕银铭晨骏豪威力云龙凤麒麟鹏展卓尚汇骐弘景业启昊杰盈迈捷晶琪瀚翔旭阳青"
    "松柏竹梅兰雅惠诺恩贝思亿万千鼎灿烨煜炜泓沣淼森磊嵘岳峻巍屹俊伟健坤乾元亨吉祺禧熙瑜璟琨珑璞雄冠朗逸凌霖霏韵"
    "蓝红紫彩久长春秋田禾穗桐樟榕桦楠杉枫荔橙";
constexpr std::size_t kUtf8Cjk = 3;  // every character above is 3 bytes in UTF-8
constexpr std::uint64_t kTradeNamePool = kTradeNameChars.size() / kUtf8Cjk;
static_assert(kTradeNameChars.size() % kUtf8Cjk == 0);

// A unique 字号 per enterprise index: two characters while they last (pool²), then three, then four.
void append_trade_name(std::size_t index, std::uint64_t key, std::string& out) {
    std::uint64_t i = index, domain = kTradeNamePool * kTradeNamePool;
    int chars = 2;
    while (i >= domain) {
        i -= domain;
        domain *= kTradeNamePool;
        ++chars;
    }
    std::uint64_t v = permute(i, domain, key + static_cast<std::uint64_t>(chars));
    for (int c = 0; c < chars; ++c, v /= kTradeNamePool)
        out.append(kTradeNameChars.substr(v % kTradeNamePool * kUtf8Cjk, kUtf8Cjk));
}

void make_name(Rng& r, const Profile& p, std::size_t index, std::uint64_t key, std::string& out) {
    std::string_view city = kCities[p.city];
    const std::string_view short_city = city.substr(0, city.size() - kUtf8Cjk);  // without 市
    const std::uint32_t u = r.below(100);
    out.clear();
    if (u < 45) out.append("广西");
    if (u >= 35 && u < 80) out.append(short_city);
    if (u >= 80) out.append(city);
    append_trade_name(index, key, out);
    out.append(p.industry->words[r.below(3)]);
    constexpr std::int64_t kGroupFen = 500'000 * kFenPerWan, kLargeFen = 100'000 * kFenPerWan;
    if (p.annual_fen > kGroupFen && r.below(2) == 0) out.append("集团");
    out.append(r.chance_ppm(p.annual_fen > kLargeFen ? 350'000 : 60'000) ? "股份有限公司" : "有限公司");
}

// ============================================================================================
// Designations.
// ============================================================================================

bool is_industrial(int code) {
    return code / 100 < 50;
}  // 门类 B, C, D; not the service classes

// Mostly the whole window or open-ended; about one in ten starts or ends inside the window.
DemoDesignation draw_validity(Rng& r, Designation kind, MonthRange w) {
    const int len = w.length();
    const YearMonth before_month = w.first + -(1 + static_cast<int>(r.below(48)));
    const Date before = Date::of(before_month.year(), before_month.month(), 1 + static_cast<int>(r.below(28)));
    const YearMonth mid =
        w.first + (len >= 7 ? 3 + static_cast<int>(r.below(static_cast<std::uint32_t>(len - 6))) : len / 2);
    const std::uint32_t u = r.below(100);
    if (u < 55) return {kind, Date::first_of(w.first), Date::last_of(w.last)};
    if (u < 90) return {kind, before, kOpenEnd};
    if (u < 95) return {kind, Date::first_of(mid), r.below(2) ? kOpenEnd : Date::last_of(w.last)};
    return {kind, before, Date::last_of(mid)};
}

struct DesignationOdds {
    bool top500;
    std::uint32_t dragon_head, little_giant, single_champion, covid_supplies, cr_express;  // ppm
};

DesignationOdds odds(const Profile& p, bool top500) {
    constexpr std::int64_t k3Yi = 30'000 * kFenPerWan, k3000Wan = 3'000 * kFenPerWan, k20Yi = 200'000 * kFenPerWan;
    const IndustrySpec& s = *p.industry;
    const bool manufacturing = is_manufacturing(s.code) && !p.is_new;
    const bool large = p.annual_fen > k3Yi;
    DesignationOdds o{top500, 0, 0, 0, 0, 0};
    if (is_industrial(s.code) && !p.is_new) o.dragon_head = top500 ? 250'000 : large ? 20'000 : 1'500;
    if (manufacturing && !top500 && p.annual_fen >= k3000Wan && p.annual_fen <= k20Yi) o.little_giant = 9'000;
    if (manufacturing) o.single_champion = top500 ? 60'000 : large ? 10'000 : 600;
    if (manufacturing) o.covid_supplies = std::max<std::uint32_t>(s.covid_ppm, 500);
    if (manufacturing) o.cr_express = s.exporter ? (top500 ? 40'000 : 5'000) : 800;
    return o;
}

void draw_designations(Rng& r, const Profile& p, bool top500, MonthRange w, std::vector<DemoDesignation>& out) {
    out.clear();
    const DesignationOdds o = odds(p, top500);
    if (o.top500) out.push_back(draw_validity(r, Designation::kTop500, w));
    if (r.chance_ppm(o.dragon_head)) out.push_back(draw_validity(r, Designation::kDragonHead, w));
    if (r.chance_ppm(o.little_giant)) out.push_back(draw_validity(r, Designation::kLittleGiant, w));
    if (r.chance_ppm(o.single_champion)) out.push_back(draw_validity(r, Designation::kSingleChampion, w));
    if (p.is_new) {
        const Date to = r.below(2) ? kOpenEnd : Date::last_of(std::max(w.last, p.scale_since));
        out.push_back({Designation::kNewInScale, Date::first_of(p.scale_since), to});
    }
    if (r.chance_ppm(o.covid_supplies)) out.push_back(draw_validity(r, Designation::kCovidSupplies, w));
    if (r.chance_ppm(o.cr_express)) out.push_back(draw_validity(r, Designation::kCrExpress, w));
}

// Indices of the round(2.5%) enterprises with the largest 2022 output (ties: lower index first),
// sorted. Keeps a bounded min-heap instead of all keys.
std::vector<std::uint32_t> rank_top(const DemoOptions& o) {
    const std::size_t k = (o.enterprises * 25 + 500) / 1000;
    using Entry = std::pair<std::int64_t, std::uint32_t>;
    // "a ranks above b"; with it std::push_heap keeps the lowest-ranked entry at the front.
    const auto above = [](const Entry& a, const Entry& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    std::vector<Entry> heap;
    heap.reserve(k);
    for (std::size_t i = 0; i < o.enterprises && k > 0; ++i) {
        const Entry e{output_2022(draw_profile(o.seed, i, o.months), o.months), static_cast<std::uint32_t>(i)};
        if (heap.size() < k) {
            heap.push_back(e);
            std::push_heap(heap.begin(), heap.end(), above);
        } else if (above(e, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), above);
            heap.back() = e;
            std::push_heap(heap.begin(), heap.end(), above);
        }
    }
    std::vector<std::uint32_t> top;
    top.reserve(heap.size());
    for (const Entry& e : heap) top.push_back(e.second);
    std::sort(top.begin(), top.end());
    return top;
}

}  // namespace

DemoGenerator::DemoGenerator(DemoOptions options) : options_(options) {
    assert(options_.enterprises <= kDemoMaxEnterprises);
    assert(options_.months.length() >= 1);
    top_ = rank_top(options_);
}

void DemoGenerator::rewind() {
    next_ = 0;
    top_pos_ = 0;
}

bool DemoGenerator::next(DemoEnterprise& out) {
    if (next_ >= options_.enterprises) return false;
    const std::size_t i = next_++;
    const std::uint64_t seed = options_.seed;
    const MonthRange w = options_.months;
    const Profile p = draw_profile(seed, i, w);
    while (top_pos_ < top_.size() && top_[top_pos_] < i) ++top_pos_;
    const bool top500 = top_pos_ < top_.size() && top_[top_pos_] == i;

    out.index = i;
    out.city = p.city;
    out.industry = p.industry->code;
    out.scale_since = p.scale_since;
    Rng naming(stream_seed(seed, i, Stream::kNaming));
    const std::uint64_t serial = permute(i, kSerialDomain, stream_seed(seed, 0, Stream::kPermutation));
    make_uscc(naming, p, serial, out.uscc);
    make_name(naming, p, i, stream_seed(seed, 1, Stream::kPermutation), out.name);
    Rng designations(stream_seed(seed, i, Stream::kDesignations));
    draw_designations(designations, p, top500, w, out.designations);

    const auto len = static_cast<std::size_t>(w.length());
    out.output_fen.resize(len);
    out.present.resize(len);
    for (std::size_t k = 0; k < len; ++k) {
        const std::int64_t fen = month_output(p, w.first + static_cast<int>(k));
        out.present[k] = fen >= 0;
        out.output_fen[k] = std::max<std::int64_t>(fen, 0);
    }
    return true;
}

Dataset generate_dataset(const DemoOptions& options) {
    DemoGenerator gen(options);
    Dataset ds;
    DemoEnterprise e;
    // The Dataset sizes its output matrix for the enterprises present when the window is set, so all
    // enterprises go in first and the outputs come from a second, identical pass.
    while (gen.next(e)) {
        const EntId id = ds.add_enterprise(e.uscc, e.name, e.city, e.industry, e.scale_since);
        for (const DemoDesignation& d : e.designations) ds.add_designation({id, d.kind, d.valid_from, d.valid_to});
    }
    ds.set_output_window(options.months);
    gen.rewind();
    while (gen.next(e)) {
        for (std::size_t k = 0; k < e.present.size(); ++k)
            if (e.present[k])
                ds.set_output(static_cast<EntId>(e.index), options.months.first + static_cast<int>(k), e.output_fen[k]);
    }
    ds.finish();
    return ds;
}

}  // namespace zx
