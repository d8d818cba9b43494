#include "modules/park_evaluation/rules/demo.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/industry.hpp"
#include "core/region.hpp"
#include "core/wide_int.hpp"

namespace zx::parks {
namespace {

// ---- integer-only randomness (splitmix64) and log-normal factors in Q30 ----

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
constexpr std::int64_t kOne = std::int64_t{1} << 30;  // 1.0 in Q30

constexpr std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class Rng {
  public:
    explicit Rng(std::uint64_t state) : state_(state) {}
    std::uint64_t bits() { return mix64(state_ += kGolden); }
    // Uniform in [0, n), n < 2^32.
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((bits() >> 32) * n) >> 32); }
    bool permille(std::uint32_t p) { return below(1000) < p; }
    // Standard normal in Q16 (Irwin–Hall of 12 uniforms; tails cut at ±6).
    std::int64_t normal_q16() {
        std::int64_t sum = 0;
        for (int i = 0; i < 3; ++i) {
            const std::uint64_t b = bits();
            for (int k = 0; k < 4; ++k) sum += static_cast<std::int64_t>((b >> (16 * k)) & 0xffff);
        }
        return sum - 6 * 65536;
    }

  private:
    std::uint64_t state_;
};

// 2^x in Q30 for x in log2 units, Q16, |x| < 24 (clamped). Taylor series of e^(f ln 2).
std::int64_t exp2_q30(std::int64_t x_q16) {
    x_q16 = std::clamp<std::int64_t>(x_q16, -24 * 65536, 24 * 65536);
    const std::int64_t n = x_q16 >= 0 ? x_q16 / 65536 : -((-x_q16 + 65535) / 65536);
    const std::int64_t f = (x_q16 - n * 65536) << 14;  // Q30 in [0, 1)
    constexpr std::int64_t kLn2Q30 = 744261118;        // ln(2) · 2^30
    const std::int64_t t = (f * kLn2Q30) >> 30;
    std::int64_t acc = kOne;
    for (int k = 10; k >= 1; --k) acc = kOne + ((acc * t) >> 30) / k;
    return n >= 0 ? acc << n : acc >> -n;
}

// A log-normal factor with median 1 and σ = sigma_milli/1000 in log2 units (1000: one doubling).
std::int64_t lognormal_q30(Rng& r, std::int64_t sigma_milli) {
    return exp2_q30(r.normal_q16() * sigma_milli / 1000);
}

// a · f / 2^30 through 128 bits (a of either sign).
std::int64_t apply(std::int64_t a, std::int64_t f_q30) {
    return static_cast<std::int64_t>((static_cast<i128>(a) * f_q30) >> 30);
}
// a · num / den through 128 bits.
std::int64_t mul_div(std::int64_t a, std::int64_t num, std::int64_t den) {
    return static_cast<std::int64_t>(static_cast<i128>(a) * num / den);
}

enum class Stream : std::uint64_t { kLand = 1, kFigures = 2, kParks = 3 };
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t index, Stream s) {
    return mix64(mix64(seed ^ (static_cast<std::uint64_t>(s) * 0xd1b54a32d192ed03ULL)) ^ (index * kGolden));
}

constexpr std::int64_t kFenPerWan = 1'000'000;  // 1 万元 in fen

// ---- the parks ----

struct ParkSpec {
    CityId city;
    std::string_view name;
    bool national;  // 国家级 (else 自治区级)
    int base_kmu;   // planned area, thousands of mu (the realised area is at least its parcels)
};

// Real-sounding industrial parks of the 14 cities, in the order of kCities.
constexpr std::array<ParkSpec, 42> kParks = {{
    {0, "南宁高新技术产业开发区", true, 78},
    {0, "南宁经济技术开发区", true, 66},
    {0, "广西—东盟经济技术开发区", true, 54},
    {0, "南宁六景工业园区", false, 30},
    {1, "柳州高新技术产业开发区", true, 72},
    {1, "柳州阳和工业新区", false, 45},
    {1, "柳东新区汽车产业园", false, 60},
    {1, "柳州河西工业园区", false, 24},
    {2, "桂林国家高新技术产业开发区", true, 48},
    {2, "桂林经济技术开发区", true, 42},
    {2, "桂林苏桥经济开发区", false, 27},
    {3, "梧州高新技术产业开发区", false, 33},
    {3, "梧州进口再生资源加工园区", false, 21},
    {3, "藤县中和陶瓷产业园", false, 18},
    {4, "北海高新技术产业开发区", true, 36},
    {4, "北海工业园区", false, 30},
    {4, "铁山港（临海）工业区", false, 66},
    {5, "防城港经济技术开发区", false, 45},
    {5, "防城港企沙工业区", false, 51},
    {6, "钦州港经济技术开发区", true, 90},
    {6, "中马钦州产业园区", true, 82},
    {6, "钦州高新技术产业开发区", false, 24},
    {7, "贵港国家生态工业（制糖）示范园区", true, 30},
    {7, "贵港产业园区", false, 36},
    {7, "桂平长安工业园区", false, 21},
    {8, "玉林经济开发区", false, 33},
    {8, "玉柴工业园", false, 27},
    {8, "玉林龙潭产业园区", false, 42},
    {8, "北流日用陶瓷产业园", false, 15},
    {9, "百色高新技术产业开发区", false, 30},
    {9, "百色新山铝产业示范园", false, 39},
    {9, "平果工业区", false, 33},
    {10, "贺州旺高工业区", false, 24},
    {10, "贺州生态产业园", false, 21},
    {11, "河池工业园区", false, 21},
    {11, "宜州工业园区", false, 15},
    {11, "南丹有色金属新材料产业园", false, 18},
    {12, "来宾高新技术产业开发区", false, 27},
    {12, "来宾迁江工业园区", false, 24},
    {13, "凭祥综合保税区", true, 12},
    {13, "崇左中国—东盟青年产业园", false, 24},
    {13, "扶绥空港经济开发区", false, 21},
}};

// 行政区划代码 of the 14 cities (kCities' order), the prefix of park and parcel ids.
constexpr std::array<int, 14> kCityCodes = {450100, 450200, 450300, 450400, 450500, 450600, 450700,
                                            450800, 450900, 451000, 451100, 451200, 451300, 451400};

// ---- the figures ----

// The ratios of an enterprise: stable across years, varied between enterprises and industries.
struct Rates {
    std::int64_t revenue_q30 = kOne;        // revenue ÷ output
    std::int64_t value_added_permille = 0;  // value added ÷ output
    std::int64_t tax_permille = 0;          // tax ÷ value added
    std::int64_t energy_milli = 0;          // tce per 万元 of output, × 1000
    std::int64_t output_per_employee = 0;   // fen
    std::int64_t rd_per_100k = 0;           // R&D ÷ revenue, × 100,000
};

// Industry means by GB/T 4754 division: value-added rate ‰ and energy (tce per 万元, × 1000).
void industry_profile(int division, std::int64_t& va_permille, std::int64_t& energy_milli, std::int64_t& rd_100k) {
    va_permille = 260, energy_milli = 60, rd_100k = 900;
    switch (division) {
        case 13:  // 农副食品加工 (制糖)
        case 14:
        case 15:
            va_permille = 210, energy_milli = 180, rd_100k = 500;
            break;
        case 22:  // 造纸
        case 25:  // 石油、煤炭加工
        case 26:  // 化学原料
        case 28:
            va_permille = 220, energy_milli = 450, rd_100k = 700;
            break;
        case 30:  // 非金属矿物 (水泥、陶瓷)
            va_permille = 270, energy_milli = 900, rd_100k = 500;
            break;
        case 31:  // 黑色金属
        case 32:  // 有色金属 (铝)
            va_permille = 200, energy_milli = 1000, rd_100k = 600;
            break;
        case 27:  // 医药
        case 35:
        case 36:  // 汽车
        case 38:
        case 39:  // 电子
        case 40:
            va_permille = 240, energy_milli = 30, rd_100k = 2200;
            break;
        case 44:  // 电力、热力
        case 45:
        case 46:
            va_permille = 380, energy_milli = 700, rd_100k = 300;
            break;
        default:
            break;
    }
}

Rates draw_rates(Rng& r, int industry) {
    std::int64_t va = 0, energy = 0, rd = 0;
    industry_profile(industry_division(industry), va, energy, rd);
    Rates x;
    x.revenue_q30 = lognormal_q30(r, 100);
    x.value_added_permille = std::clamp<std::int64_t>(apply(va, lognormal_q30(r, 450)), 40, 700);
    x.tax_permille = std::clamp<std::int64_t>(apply(180, lognormal_q30(r, 700)), 5, 600);
    x.energy_milli = std::max<std::int64_t>(1, apply(energy, lognormal_q30(r, 800)));
    x.output_per_employee = apply(120 * kFenPerWan, lognormal_q30(r, 900));  // median 120万元/人
    x.rd_per_100k = r.permille(350) ? 0 : std::clamp<std::int64_t>(apply(rd, lognormal_q30(r, 1200)), 5, 15000);
    return x;
}

DemoAnnual figures(EntId ent, int year, std::int64_t output, const Rates& x, bool zero_energy, bool loss, Rng& r) {
    DemoAnnual a;
    a.ent = ent;
    a.year = year;
    const std::int64_t noise = 150;  // year-to-year scatter of each figure around the ratios
    a.revenue = std::max<std::int64_t>(0, apply(apply(output, x.revenue_q30), lognormal_q30(r, noise / 2)));
    if (loss) {  // a bad year: inputs cost more than the output brought
        a.value_added = -mul_div(output, 5 + r.below(60), 1000);
        a.tax = mul_div(output, r.below(8), 1000);
    } else {
        a.value_added = apply(mul_div(output, x.value_added_permille, 1000), lognormal_q30(r, noise));
        a.tax = apply(mul_div(a.value_added, x.tax_permille, 1000), lognormal_q30(r, noise));
        if (r.permille(5)) a.tax = -mul_div(a.value_added, r.below(30), 1000);  // 留抵退税 above the tax paid
    }
    // 0.0001 tce = output (fen) ÷ 10^6 (万元) × energy_milli ÷ 1000 × 10^4.
    a.energy = zero_energy ? 0 : apply(mul_div(output, x.energy_milli, 100'000), lognormal_q30(r, noise));
    a.employees =
        std::clamp<std::int64_t>(apply(output / x.output_per_employee, lognormal_q30(r, noise / 3)) + 1, 1, 200'000);
    a.rd = mul_div(a.revenue, x.rd_per_100k, 100'000);
    return a;
}

// The enterprise's output in `year`, annualised from the months the Dataset holds (−1: none).
std::int64_t annual_output(const Dataset& ds, EntId e, int year) {
    std::int64_t sum = 0;
    int months = 0;
    for (int m = 1; m <= 12; ++m) {
        const YearMonth ym = YearMonth::of(year, m);
        if (!ds.has_output(e, ym)) continue;
        sum += ds.output_fen(e, ym);
        ++months;
    }
    return months == 0 ? -1 : sum * 12 / months;
}

// Output of year Y and Y−1: the Dataset's where it has them, else grown or shrunk from a year it has
// (a firm-level growth of about 5% a year), else a draw like the awards' (median 6,000万).
void outputs(const Dataset& ds, EntId e, int year, Rng& r, std::int64_t& cur, std::int64_t& prev) {
    const std::int64_t growth = exp2_q30(4'600 + r.normal_q16() * 250 / 1000);  // ×1.05, σ 0.25 doublings
    cur = annual_output(ds, e, year);
    prev = annual_output(ds, e, year - 1);
    if (cur < 0) {
        const std::int64_t next = annual_output(ds, e, year + 1);
        if (prev >= 0)
            cur = apply(prev, growth);
        else if (next >= 0)
            cur = mul_div(next, kOne, growth);
        else
            cur = apply(6'000 * kFenPerWan, lognormal_q30(r, 1600));
    }
    if (prev < 0) prev = mul_div(cur, kOne, growth);
    cur = std::max<std::int64_t>(cur, 100 * kFenPerWan);
    prev = std::max<std::int64_t>(prev, 100 * kFenPerWan);
}

// Splits `total` (0.01 mu) into n parcels of 5–800 mu with random shares.
std::vector<std::int64_t> split_land(std::int64_t total, int n, Rng& r) {
    constexpr std::int64_t kMin = 500, kMax = 80'000;
    std::vector<std::int64_t> w(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n));
    std::int64_t sw = 0;
    for (auto& x : w) sw += x = 1 + r.below(100);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = std::clamp<std::int64_t>(mul_div(total, w[i], sw) + r.below(100), kMin, kMax);
    return out;
}

std::string parcel_id(CityId city, std::size_t serial) {
    std::string s = std::to_string(serial);
    return std::to_string(kCityCodes[city]) + "-ZD" + std::string(s.size() < 7 ? 7 - s.size() : 0, '0') + s;
}

}  // namespace

DemoParks generate_park_demo(const Dataset& ds, const DemoParkOptions& o) {
    DemoParks out;
    // Parks per city, with national parks drawing 1.5× the enterprises of the others.
    std::array<std::vector<std::size_t>, 14> by_city;
    std::array<std::uint32_t, 14> city_weight{};
    for (std::size_t p = 0; p < kParks.size(); ++p) {
        const ParkSpec& s = kParks[p];
        ParkInput in;
        in.id = std::to_string(kCityCodes[s.city]) + "-" + std::to_string(by_city[s.city].size() + 1);
        in.name = std::string(s.name);
        in.city = std::string(kCities[s.city]);
        in.level = s.national ? "国家级" : "自治区级";
        out.parks.push_back(std::move(in));
        by_city[s.city].push_back(p);
        city_weight[s.city] += s.national ? 3 : 2;
    }
    std::vector<std::int64_t> park_land(kParks.size(), 0);
    out.parcels.reserve(ds.size() * 3 / 2);
    out.annual.reserve(ds.size() * 2);
    const YearMonth first_of_year = YearMonth::of(o.year, 1);
    for (EntId e = 0; e < ds.size(); ++e) {
        Rng land(stream_seed(o.seed, e, Stream::kLand));
        Rng fig(stream_seed(o.seed, e, Stream::kFigures));
        std::int64_t cur = 0, prev = 0;
        outputs(ds, e, o.year, fig, cur, prev);

        // Land: output per mu median 250万元 (wide: 0.5 doublings either way cover most firms).
        const std::int64_t per_mu = apply(250 * kFenPerWan, lognormal_q30(land, 1000));
        const std::int64_t total =
            std::clamp<std::int64_t>(mul_div(cur, 100, std::max<std::int64_t>(per_mu, 1)), 500, 3 * 80'000);
        const std::uint32_t u = land.below(100);
        int n = u < 72 ? 1 : u < 93 ? 2 : 3;
        n = std::max(n, static_cast<int>((total + 80'000 - 1) / 80'000));
        const CityId city = ds.city(e) < by_city.size() ? ds.city(e) : 0;
        std::string park;
        std::size_t park_index = 0;
        if (!land.permille(100) && !by_city[city].empty()) {
            std::uint32_t pick = land.below(city_weight[city]);
            for (std::size_t p : by_city[city]) {
                const std::uint32_t w = kParks[p].national ? 3 : 2;
                if (pick < w) {
                    park_index = p;
                    break;
                }
                pick -= w;
            }
            park = out.parks[park_index].id;
        }
        for (std::int64_t area : split_land(total, n, land)) {
            DemoParcel pc;
            pc.ent = e;
            pc.parcel_id = parcel_id(city, out.parcels.size() + 1);
            pc.park_id = park;
            pc.area = area;
            pc.leased = land.permille(150);
            if (!park.empty()) park_land[park_index] += area;
            out.parcels.push_back(std::move(pc));
        }

        // Annual rows: none for a year before the enterprise entered the statistics; a few lack Y.
        const Rates x = draw_rates(fig, ds.industry(e));
        const bool zero_energy = fig.permille(20);
        const bool loss_prev = fig.permille(25), loss_cur = fig.permille(25);
        const bool drop_cur = fig.permille(25);
        const auto since = ds.scale_since(e);
        if (!since || *since < first_of_year)
            out.annual.push_back(figures(e, o.year - 1, prev, x, zero_energy, loss_prev, fig));
        if ((!since || *since < first_of_year + 12) && !drop_cur)
            out.annual.push_back(figures(e, o.year, cur, x, zero_energy, loss_cur, fig));
    }
    // A park's area: its plan, or at least its enterprises' parcels with roads and green space (×1.3–2).
    for (std::size_t p = 0; p < kParks.size(); ++p) {
        Rng r(stream_seed(o.seed, p, Stream::kParks));
        const std::int64_t plan = std::int64_t{kParks[p].base_kmu} * 1000 * 100 + r.below(1000) * 100;
        const std::int64_t grown = mul_div(park_land[p], 1300 + r.below(700), 1000) / 100 * 100;
        out.parks[p].area = std::max(plan, grown);
    }
    return out;
}

}  // namespace zx::parks
