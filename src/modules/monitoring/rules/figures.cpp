#include "modules/monitoring/rules/figures.hpp"

#include <algorithm>
#include <utility>

#include "core/designation.hpp"
#include "core/industry.hpp"
#include "core/region.hpp"

namespace zx::monitoring {
namespace {

// a·b versus c·d for non-negative operands: -1, 0, 1.
int compare_products(i128 a, i128 b, i128 c, i128 d) {
    const U256 x = mul_wide(static_cast<u128>(a), static_cast<u128>(b));
    const U256 y = mul_wide(static_cast<u128>(c), static_cast<u128>(d));
    if (x == y) return 0;
    return x < y ? -1 : 1;
}

i128 pow10(int n) {
    i128 v = 1;
    for (int i = 0; i < n; ++i) v *= 10;
    return v;
}

void add_to(GroupFigures& g, const EnterpriseSums& s, EntId e) {
    g.output += s.current.fen[e];
    g.base += s.base.fen[e];
    ++g.enterprises;
}

}  // namespace

std::string Period::label() const {
    return month.month() == 1 ? "1月" : "1—" + std::to_string(month.month()) + "月";
}

bool reportable(YearMonth m) {
    return m.month() != 1;
}

EnterpriseSums enterprise_sums(const Dataset& ds, Period p, int threads) {
    EnterpriseSums s;
    s.period = p;
    auto [current, base] = range_sums_pair(ds, p.current(), p.base(), threads);
    s.current = std::move(current);
    s.base = std::move(base);
    return s;
}

int compare_growth(const GroupFigures& a, const GroupFigures& b) {
    // a.o/a.b vs b.o/b.b  ⇔  a.o·b.b vs b.o·a.b (bases > 0; outputs are never negative).
    return compare_products(a.output, b.base, b.output, a.base);
}

void rank_by_growth(std::vector<GroupFigures>& rows) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].rank.reset();
        if (rows[i].has_growth()) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return compare_growth(rows[a], rows[b]) > 0; });
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tied = k > 0 && compare_growth(rows[order[k]], rows[order[k - 1]]) == 0;
        rows[order[k]].rank = tied ? rows[order[k - 1]].rank : std::optional<int>(static_cast<int>(k) + 1);
    }
}

void set_rank_change(std::vector<GroupFigures>& rows, const std::vector<GroupFigures>& previous) {
    for (auto& r : rows) {
        r.rank_change.reset();
        if (!r.rank) continue;
        for (const auto& p : previous)
            if (p.key == r.key && p.rank) r.rank_change = *p.rank - *r.rank;
    }
}

std::vector<GroupFigures> by_city(const Dataset& ds, const EnterpriseSums& s) {
    std::vector<GroupFigures> rows(kCities.size());
    for (std::size_t c = 0; c < kCities.size(); ++c) rows[c].key = rows[c].label = std::string(kCities[c]);
    for (EntId e = 0; e < ds.size(); ++e)
        if (s.in_set(e)) add_to(rows[ds.city(e)], s, e);
    rank_by_growth(rows);
    return rows;
}

std::vector<GroupFigures> by_division(const Dataset& ds, const EnterpriseSums& s, std::optional<CityId> city) {
    std::vector<GroupFigures> all(100);
    for (EntId e = 0; e < ds.size(); ++e) {
        if (!s.in_set(e) || (city && ds.city(e) != *city)) continue;
        const int d = industry_division(ds.industry(e));
        if (d >= 0 && d < 100) add_to(all[static_cast<std::size_t>(d)], s, e);
    }
    std::vector<GroupFigures> rows;
    for (int d = 0; d < 100; ++d) {
        auto& g = all[static_cast<std::size_t>(d)];
        if (g.enterprises == 0) continue;
        g.key = (d < 10 ? "0" : "") + std::to_string(d);
        const auto name = industry_division_name(d);
        g.label = name.empty() ? g.key : std::string(name);
        rows.push_back(std::move(g));
    }
    rank_by_growth(rows);
    return rows;
}

std::vector<GroupFigures> by_designation(const Dataset& ds, const EnterpriseSums& s, std::optional<CityId> city) {
    std::vector<GroupFigures> all(kDesignationCount);
    const MonthRange months = s.period.current();
    for (EntId e = 0; e < ds.size(); ++e) {
        if (!s.in_set(e) || (city && ds.city(e) != *city)) continue;
        DesignationMask seen = 0;
        for (const auto& d : ds.designations_of(e))
            if (d.overlaps(months)) seen |= bit(d.kind);
        for (int k = 0; k < kDesignationCount; ++k)
            if ((seen & bit(static_cast<Designation>(k))) != 0) add_to(all[static_cast<std::size_t>(k)], s, e);
    }
    std::vector<GroupFigures> rows;
    for (std::size_t k = 0; k < all.size(); ++k) {
        if (all[k].enterprises == 0) continue;
        all[k].key = std::string(kDesignationCodes[k]);
        all[k].label = std::string(kDesignationNamesZh[k]);
        rows.push_back(std::move(all[k]));
    }
    rank_by_growth(rows);
    return rows;
}

GroupFigures total_of(const std::vector<GroupFigures>& rows, std::string key) {
    GroupFigures t;
    t.label = key;
    t.key = std::move(key);
    for (const auto& r : rows) {
        t.output += r.output;
        t.base += r.base;
        t.enterprises += r.enterprises;
    }
    return t;
}

std::vector<GroupFigures> enterprises_of_city(const Dataset& ds, const EnterpriseSums& s, CityId city) {
    std::vector<GroupFigures> rows;
    for (EntId e = 0; e < ds.size(); ++e) {
        if (!s.in_set(e) || ds.city(e) != city) continue;
        GroupFigures g;
        g.key = std::string(ds.uscc(e));
        g.label = std::string(ds.name(e));
        add_to(g, s, e);
        rows.push_back(std::move(g));
    }
    rank_by_growth(rows);
    std::stable_sort(rows.begin(), rows.end(), [](const GroupFigures& a, const GroupFigures& b) {
        const i128 da = a.output - a.base, db = b.output - b.base;
        const i128 aa = da < 0 ? -da : da, ab = db < 0 ? -db : db;
        if (aa != ab) return aa > ab;
        return a.key < b.key;
    });
    return rows;
}

i128 round_scaled(i128 num, i128 den, int decimals) {
    const bool neg = num < 0;
    const i128 n = (neg ? -num : num) * pow10(decimals);
    const i128 q = n / den, r = n % den;
    const i128 v = 2 * r >= den ? q + 1 : q;  // half away from zero
    return neg ? -v : v;
}

std::string scaled_text(i128 scaled, int decimals) {
    const bool neg = scaled < 0;
    u128 v = static_cast<u128>(neg ? -scaled : scaled);
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v != 0);
    while (digits.size() <= static_cast<std::size_t>(decimals)) digits.insert(digits.begin(), '0');
    if (decimals > 0) digits.insert(digits.end() - decimals, '.');
    return (neg ? "-" : "") + digits;
}

std::string yuan_text(i128 fen) {
    return scaled_text(fen, 2);
}

std::string percent_text(i128 num, i128 den, int decimals) {
    if (den <= 0) return {};
    return scaled_text(round_scaled(num, den, decimals + 2), decimals);
}

std::string growth_text(i128 output, i128 base, int decimals) {
    return percent_text(output - base, base, decimals);
}

std::string points_text(i128 delta, i128 denominator, int decimals) {
    return percent_text(delta, denominator, decimals);
}

std::string city_table_csv(const std::vector<GroupFigures>& cities) {
    std::string out = "city,output_yuan,base_yuan,growth_pct,rank,contribution_pp\n";
    const GroupFigures total = total_of(cities, "全区");
    auto line = [&](const GroupFigures& g, bool ranked) {
        out += g.key + ',' + yuan_text(g.output) + ',' + yuan_text(g.base) + ',' + growth_text(g.output, g.base) + ',';
        if (ranked && g.rank) out += std::to_string(*g.rank);
        out += ',' + points_text(g.output - g.base, total.base) + '\n';
    };
    for (const auto& c : cities) line(c, true);
    line(total, false);
    return out;
}

}  // namespace zx::monitoring
