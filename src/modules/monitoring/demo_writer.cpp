#include "modules/monitoring/demo_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/industry.hpp"
#include "core/region.hpp"
#include "core/wide_int.hpp"
#include "core/working_calendar.hpp"
#include "platform/formats/text_output.hpp"

namespace zx::monitoring {
namespace {

// ---- integer-only randomness (splitmix64), as in park_evaluation/rules/demo.cpp ----

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

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
    // Uniform in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
    }
    bool permille(std::uint32_t p) { return below(1000) < p; }

  private:
    std::uint64_t state_;
};

enum class Stream : std::uint64_t { kEnterprise = 1, kCity = 2, kProject = 3 };
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t index, Stream s) {
    return mix64(mix64(seed ^ (static_cast<std::uint64_t>(s) * 0xd1b54a32d192ed03ULL)) ^ (index * kGolden));
}

// a · num / den through 128 bits.
std::int64_t mul_div(std::int64_t a, std::int64_t num, std::int64_t den) {
    return static_cast<std::int64_t>(static_cast<i128>(a) * num / den);
}

constexpr std::int64_t kFenPerWan = 1'000'000;  // 1 万元 in fen

// a · p / 1000 (p ≤ 2000). The per-row figures: 64-bit (a constant divisor is a multiplication), 128
// bits only beyond any real figure, since a 128-bit division is a library call 24M rows cannot afford.
std::int64_t per_mille(std::int64_t a, std::int64_t p) {
    constexpr std::int64_t kSafe = std::int64_t{1} << 52;
    if (a < kSafe && a > -kSafe) return a * p / 1000;
    return mul_div(a, p, 1000);
}
// a · 1000 / r, r in 850..1100: a plan that actual output reaches r ‰ of.
std::int64_t over_per_mille(std::int64_t a, std::int64_t r) {
    constexpr std::int64_t kSafe = std::int64_t{1} << 52;
    if (a < kSafe && a > -kSafe) return a * 1000 / r;
    return mul_div(a, 1000, r);
}

// Electricity per 万元 of output (kWh) by GB/T 4754 division: aluminium and ferroalloys lead, then
// cement, steel, chemicals and paper; equipment and electronics use little.
std::int64_t kwh_per_wan(int division) {
    switch (division) {
        case 32:  // 有色金属 (电解铝)
            return 8000;
        case 31:  // 黑色金属
            return 3500;
        case 30:  // 非金属矿物 (水泥、陶瓷)
            return 3000;
        case 25:  // 石油、煤炭加工
        case 26:  // 化学原料
        case 28:
            return 1800;
        case 22:  // 造纸
            return 1500;
        case 44:  // 电力、热力 (厂用电)
        case 45:
        case 46:
            return 1200;
        case 13:  // 农副食品加工 (制糖)
        case 14:
        case 15:
            return 400;
        case 27:  // 医药
        case 35:
        case 36:  // 汽车
        case 38:
        case 39:  // 电子
        case 40:
            return 250;
        default:
            return 500;
    }
}

Date add_days(Date d, std::int64_t n) {
    return date_from_days(days_since_epoch(d) + n);
}
YearMonth month_of(Date d) {
    return YearMonth::of(d.year(), d.month());
}

// ---- enterprises ----

void enterprise_months(const Dataset& ds, EntId e, MonthRange months, std::uint64_t seed,
                       std::vector<EnterpriseMonth>& out) {
    Rng r(stream_seed(seed, e, Stream::kEnterprise));
    std::int64_t total = 0, present = 0;
    for (YearMonth m = months.first; m <= months.last; m = m + 1)
        if (ds.in_window(m) && ds.has_output(e, m)) total += ds.output_fen(e, m), ++present;
    if (present == 0) return;
    // kWh per fen of output in Q32: (kWh per 万元) × 0.7–1.3 ÷ 10^6 fen.
    constexpr std::int64_t kPerMilleWan = kFenPerWan * 1000;
    const std::int64_t kwh_q32 = static_cast<std::int64_t>(
        (static_cast<i128>(kwh_per_wan(industry_division(ds.industry(e)))) * r.between(700, 1300) << 32) /
        kPerMilleWan);
    // A few enterprises whose electricity departs from their output from `split` on.
    std::int64_t divergence = 1000;
    if (r.permille(20)) divergence = r.permille(500) ? r.between(600, 750) : r.between(1250, 1400);
    const YearMonth split = months.first + std::min(12, months.length() / 2);
    const std::int64_t revenue_base = r.between(920, 1030);
    const bool loss = r.permille(80);
    const std::int64_t margin_base = loss ? -r.between(5, 40) : r.between(20, 80);
    const bool reports_profit = !r.permille(10);
    const std::int64_t employees_base =
        std::max<std::int64_t>(20, mul_div(total / present, r.between(700, 1400), std::int64_t{10'000} * kFenPerWan));
    const auto output = [&](YearMonth m) -> std::optional<std::int64_t> {
        if (m > months.last || !ds.in_window(m) || !ds.has_output(e, m)) return std::nullopt;
        return ds.output_fen(e, m);
    };
    for (YearMonth m = months.first; m <= months.last; m = m + 1) {
        const auto cur = output(m);
        if (!cur) continue;
        EnterpriseMonth row;
        row.ent = e;
        row.month = m;
        std::int64_t kwh =
            static_cast<std::int64_t>((static_cast<i128>(per_mille(*cur, r.between(960, 1040))) * kwh_q32) >> 32);
        if (m >= split) kwh = per_mille(kwh, divergence);
        row.electricity_kwh = kwh;
        const std::int64_t revenue =
            per_mille(*cur, std::clamp<std::int64_t>(revenue_base + r.between(-20, 20), 900, 1050));
        row.revenue_fen = revenue;
        if (reports_profit)
            row.profit_fen = per_mille(revenue, std::clamp<std::int64_t>(margin_base + r.between(-5, 5), -60, 80));
        row.employees = per_mille(employees_base, r.between(990, 1010));
        // The plan reported in m for m + 1: that month's actual ÷ 0.85–1.10, so some reach < 90%.
        if (m == months.last) {
            row.plan_next_month_fen = per_mille(*cur, r.between(1000, 1080));
        } else if (const auto next = output(m + 1)) {
            row.plan_next_month_fen = over_per_mille(*next, r.between(850, 1100));
        }
        if (m.month() % 3 == 0) {
            std::int64_t quarter = 0;
            for (int k = 1; k <= 3; ++k) quarter += output(m + k).value_or(m + k > months.last ? *cur : 0);
            row.plan_next_quarter_fen = over_per_mille(quarter, r.between(850, 1100));
        }
        out.push_back(row);
    }
}

// ---- cities ----

void city_months(CityId c, MonthRange months, std::uint64_t seed, std::vector<CityMonth>& out) {
    Rng r(stream_seed(seed, c, Stream::kCity));
    std::int64_t va = r.between(-300, 1200), inv = r.between(-1000, 2000), share = r.between(1500, 3500);
    std::int64_t quota = 0, issued = 0, used = 0;
    for (YearMonth m = months.first; m <= months.last; m = m + 1) {
        if (m == months.first || m.month() == 1) {                // figures are year to date: a new year starts again
            quota = r.between(30, 150) * 100 * kFenPerWan * 100;  // 30–150 亿元
            issued = used = 0;
        }
        va = std::clamp<std::int64_t>(va + r.between(-60, 60), -300, 1200);
        inv = std::clamp<std::int64_t>(inv + r.between(-150, 150), -1000, 2000);
        share = std::clamp<std::int64_t>(share + r.between(-20, 20), 1500, 3500);
        issued += mul_div(quota / 12, r.between(500, 1500), 1000);
        used = std::min(issued, std::max(used, mul_div(issued, r.between(600, 950), 1000)));
        out.push_back({c, m, va, inv, issued, used, share});
    }
}

// ---- key projects ----

constexpr int kProjectsPerCity = 40;
constexpr std::array<std::string_view, 12> kProducts = {
    "铝精深加工", "新能源汽车零部件", "电子信息",     "绿色化工新材料", "林产品精深加工", "高端装备制造",
    "生物医药",   "糖业循环经济",     "不锈钢新材料", "锂电池材料",     "智能家电",       "陶瓷新材料"};
constexpr std::array<std::string_view, 6> kProjectKinds = {
    "扩能增效项目", "补链强链项目", "数字化智能化绿色化改造项目", "重大产业项目", "双百双新产业项目", "技术改造项目"};

void city_projects(CityId c, const std::vector<EntId>& ents, MonthRange months, std::uint64_t seed,
                   std::vector<Project>& projects, std::vector<ProjectInvestment>& investment) {
    const Date today = Date::last_of(months.last);
    const int year = months.last.year();
    std::string_view city_short = kCities[c];
    city_short.remove_suffix(std::string_view("市").size());
    for (int j = 0; j < kProjectsPerCity; ++j) {
        Rng r(
            stream_seed(seed, static_cast<std::uint64_t>(c) * 1000 + static_cast<std::uint64_t>(j), Stream::kProject));
        Project p;
        char id[16];
        const int n = std::snprintf(id, sizeof id, "ZD%02d-%03d", c + 1, j + 1);
        p.id.assign(id, static_cast<std::size_t>(n));
        const std::size_t cat = static_cast<std::size_t>(j + c) % kProjectCategories.size();
        p.category = std::string(kProjectCategories[cat]);
        p.name = std::string(city_short) + std::string(kProducts[r.below(kProducts.size())]) +
                 std::string(kProjectKinds[cat]);
        p.city = c;
        if (!ents.empty() && r.permille(750)) p.ent = ents[r.below(static_cast<std::uint32_t>(ents.size()))];
        // 0.5–30 亿元, most of them small.
        const std::int64_t wan = 5000 + std::min(r.between(0, 295000), r.between(0, 295000));
        p.planned_investment_fen = wan * kFenPerWan;
        // Planned from the year before's second half on, one milestone every one to four months.
        Date planned = add_days(Date::of(year - 1, 7, 1), r.between(0, 300));
        std::optional<Date> prev_actual;
        bool reached = true;
        for (std::size_t m = 0; m < static_cast<std::size_t>(kMilestoneCount); ++m) {
            if (m > 0) planned = add_days(planned, r.between(30, 120));
            p.planned[m] = planned;
            if (!reached) continue;
            std::optional<Date> actual;
            const std::uint32_t u = r.below(100);
            if (planned > today) {
                if (u < 5) actual = add_days(planned, -r.between(1, 20));  // early
            } else if (u < 65) {
                actual = add_days(planned, -r.between(0, 14));  // on time
            } else if (u < 85) {
                actual = add_days(planned, r.between(5, 60));  // late
            }                                                  // else overdue: not reached
            if (actual && prev_actual) actual = std::max(*actual, *prev_actual);
            if (actual && *actual > today) actual.reset();
            if (!actual) reached = false;
            p.actual[m] = actual;
            prev_actual = actual ? actual : prev_actual;
        }
        if (p.actual[0]) {
            const std::size_t index = projects.size();
            const std::int64_t build_months = r.between(18, 36);
            const YearMonth start = month_of(*p.actual[0]);
            const auto done = p.actual[static_cast<std::size_t>(Milestone::kCompletion)];
            const YearMonth end = done ? std::min(month_of(*done), months.last) : months.last;
            for (YearMonth m = std::max(start, months.first); m <= end; m = m + 1)
                investment.push_back(
                    {index, m, mul_div(p.planned_investment_fen, r.between(500, 1500), build_months * 1000)});
        }
        projects.push_back(std::move(p));
    }
}

// ---- CSV text ----

void put_int(std::string& out, std::int64_t v) {
    char b[24];
    auto res = std::to_chars(b, b + sizeof b, v);
    out.append(b, res.ptr);
}

// Fen (or hundredths of a percent) as "-123.45". Written directly: append_csv_field would defuse the
// leading '-' of a loss for Excel.
void put_hundredths(std::string& out, std::int64_t v) {
    if (v < 0) out += '-';
    const std::uint64_t a = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    char b[24];
    auto res = std::to_chars(b, b + sizeof b, a / 100);
    out.append(b, res.ptr);
    out += '.';
    out += static_cast<char>('0' + a % 100 / 10);
    out += static_cast<char>('0' + a % 10);
}

void put_month(std::string& out, YearMonth m) {
    put_int(out, m.year());
    out += m.month() < 10 ? "-0" : "-";
    put_int(out, m.month());
}

void put_opt(std::string& out, const std::optional<std::int64_t>& v, bool hundredths) {
    out += ',';
    if (!v) return;
    if (hundredths)
        put_hundredths(out, *v);
    else
        put_int(out, *v);
}

std::string monthly_csv(const Dataset& ds, const std::vector<EnterpriseMonth>& rows) {
    std::string s =
        "uscc,month,electricity_kwh,revenue_yuan,profit_yuan,employees,plan_next_month_yuan,plan_next_quarter_yuan\n";
    s.reserve(s.size() + rows.size() * 104);
    for (const EnterpriseMonth& r : rows) {
        s.append(ds.uscc(r.ent));
        s += ',';
        put_month(s, r.month);
        put_opt(s, r.electricity_kwh, false);
        put_opt(s, r.revenue_fen, true);
        put_opt(s, r.profit_fen, true);
        put_opt(s, r.employees, false);
        put_opt(s, r.plan_next_month_fen, true);
        put_opt(s, r.plan_next_quarter_fen, true);
        s += '\n';
    }
    return s;
}

std::string cities_csv(const std::vector<CityMonth>& rows) {
    std::string s =
        "city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,special_bonds_used_yuan,"
        "manufacturing_share_pct\n";
    for (const CityMonth& r : rows) {
        s.append(kCities[r.city]);
        s += ',';
        put_month(s, r.month);
        put_opt(s, r.value_added_growth, true);
        put_opt(s, r.investment_growth, true);
        put_opt(s, r.bonds_issued_fen, true);
        put_opt(s, r.bonds_used_fen, true);
        put_opt(s, r.manufacturing_share, true);
        s += '\n';
    }
    return s;
}

std::string projects_csv(const Dataset& ds, const std::vector<Project>& rows) {
    std::string s = "project_id,name,city,category,uscc,planned_investment_yuan";
    for (auto code : kMilestoneCodes) s += "," + std::string(code) + "_planned," + std::string(code) + "_actual";
    s += '\n';
    for (const Project& p : rows) {
        append_csv_field(s, p.id);
        s += ',';
        append_csv_field(s, p.name);
        s += ',';
        s.append(kCities[p.city]);
        s += ',';
        s += p.category;
        s += ',';
        if (p.ent) s.append(ds.uscc(*p.ent));
        s += ',';
        put_hundredths(s, p.planned_investment_fen);
        for (std::size_t m = 0; m < static_cast<std::size_t>(kMilestoneCount); ++m) {
            s += ',';
            if (p.planned[m]) s += format_date(*p.planned[m]);
            s += ',';
            if (p.actual[m]) s += format_date(*p.actual[m]);
        }
        s += '\n';
    }
    return s;
}

std::string investment_csv(const MonitoringData& data) {
    std::string s = "project_id,month,completed_yuan\n";
    for (const ProjectInvestment& x : data.investment) {
        append_csv_field(s, data.projects[x.project].id);
        s += ',';
        put_month(s, x.month);
        s += ',';
        put_hundredths(s, x.fen);
        s += '\n';
    }
    return s;
}

}  // namespace

MonitoringData generate_monitoring_demo(const Dataset& ds, MonthRange months, std::uint64_t seed) {
    MonitoringData data;
    data.monthly.reserve(ds.size() * static_cast<std::size_t>(std::max(months.length(), 0)));
    for (EntId e = 0; e < ds.size(); ++e) enterprise_months(ds, e, months, seed, data.monthly);
    data.monthly.shrink_to_fit();
    for (std::size_t c = 0; c < kCities.size(); ++c) city_months(static_cast<CityId>(c), months, seed, data.cities);
    std::vector<std::vector<EntId>> by_city(kCities.size());
    for (EntId e = 0; e < ds.size(); ++e) by_city[ds.city(e)].push_back(e);
    for (std::size_t c = 0; c < kCities.size(); ++c)
        city_projects(static_cast<CityId>(c), by_city[c], months, seed, data.projects, data.investment);
    return data;
}

Status write_monitoring_demo(const Dataset& ds, const MonitoringData& data, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Status::io_error({"无法创建目录 " + dir.string() + "：" + ec.message(),
                                 "cannot create directory " + dir.string() + ": " + ec.message()});
    if (Status s = write_file_atomic(dir / "city_indicators.csv", cities_csv(data.cities)); !s) return s;
    if (Status s = write_file_atomic(dir / "projects.csv", projects_csv(ds, data.projects)); !s) return s;
    if (Status s = write_file_atomic(dir / "project_investment.csv", investment_csv(data)); !s) return s;
    return write_file_atomic(dir / "enterprise_monthly.csv", monthly_csv(ds, data.monthly));
}

}  // namespace zx::monitoring
