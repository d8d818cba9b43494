#include "modules/monitoring/rules/watch.hpp"

#include <algorithm>

#include "core/designation.hpp"

namespace zx::monitoring {
namespace {

std::string threshold_text(std::int64_t hundredths) {
    std::string s = scaled_text(hundredths, 2);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

// The output of a month, when it has a figure.
std::optional<std::int64_t> month_output(const Dataset& ds, EntId e, YearMonth m) {
    if (!ds.has_output(e, m)) return std::nullopt;
    return ds.output_fen(e, m);
}

}  // namespace

std::vector<EntId> top_list(const Dataset& ds, int year, TopBasis basis, int size) {
    std::vector<EntId> list;
    if (basis == TopBasis::kDesignation) {
        const MonthRange y{YearMonth::of(year, 1), YearMonth::of(year, 12)};
        for (EntId e = 0; e < ds.size(); ++e)
            for (const auto& d : ds.designations_of(e))
                if (d.kind == Designation::kTop500 && d.overlaps(y)) {
                    list.push_back(e);
                    break;
                }
        std::sort(list.begin(), list.end(), [&](EntId a, EntId b) { return ds.uscc(a) < ds.uscc(b); });
        return list;
    }
    const RangeSums prev = range_sums(ds, {YearMonth::of(year - 1, 1), YearMonth::of(year - 1, 12)});
    for (EntId e = 0; e < ds.size(); ++e)
        if (prev.fen[e] > 0) list.push_back(e);
    const auto by_size = [&](EntId a, EntId b) {
        if (prev.fen[a] != prev.fen[b]) return prev.fen[a] > prev.fen[b];
        return ds.uscc(a) < ds.uscc(b);
    };
    const auto n = std::min(list.size(), static_cast<std::size_t>(std::max(size, 0)));
    std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n), list.end(), by_size);
    list.resize(n);
    return list;
}

std::vector<WatchFigures> watch_figures(const Dataset& ds, const MonitoringData& data, const EnterpriseSums& s,
                                        const std::vector<EntId>& list) {
    std::vector<WatchFigures> out;
    out.reserve(list.size());
    const YearMonth m = s.period.month;
    const MonthRange cur = s.period.current(), base = s.period.base();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const EntId e = list[i];
        WatchFigures f;
        f.ent = e;
        f.position = static_cast<int>(i) + 1;
        f.month_fen = month_output(ds, e, m);
        f.month_base_fen = month_output(ds, e, m + -12);
        f.output_fen = s.current.fen[e];
        f.base_fen = s.base.fen[e];
        if (const auto* prev = data.find(e, m + -1); prev != nullptr) f.plan_fen = prev->plan_next_month_fen;
        std::int64_t ec = 0, eb = 0;
        int nc = 0, nb = 0;
        for (YearMonth x = base.first; x <= cur.last; x = x + 1) {
            const bool in_cur = x >= cur.first, in_base = x <= base.last;
            if (!in_cur && !in_base) continue;
            const auto* row = data.find(e, x);
            if (row == nullptr || !row->electricity_kwh) continue;
            (in_cur ? ec : eb) += *row->electricity_kwh;
            ++(in_cur ? nc : nb);
        }
        if (nc > 0 && nb > 0) {
            f.electricity_kwh = ec;
            f.electricity_base_kwh = eb;
        }
        out.push_back(f);
    }
    return out;
}

std::string plan_completion_text(const WatchFigures& f) {
    if (!f.plan_fen || *f.plan_fen <= 0 || !f.month_fen) return {};
    return percent_text(*f.month_fen, *f.plan_fen);
}

std::string electricity_growth_text(const WatchFigures& f) {
    if (!f.electricity_kwh || *f.electricity_base_kwh <= 0) return {};
    return percent_text(*f.electricity_kwh - *f.electricity_base_kwh, *f.electricity_base_kwh);
}

std::string electricity_gap_text(const WatchFigures& f) {
    if (!f.electricity_kwh || *f.electricity_base_kwh <= 0 || f.base_fen <= 0) return {};
    // (ec/eb − oc/ob) × 100 = (ec·ob − oc·eb) × 100 / (eb·ob)
    const i128 num =
        static_cast<i128>(*f.electricity_kwh) * f.base_fen - static_cast<i128>(f.output_fen) * *f.electricity_base_kwh;
    const i128 den = static_cast<i128>(*f.electricity_base_kwh) * f.base_fen;
    // The text rounds num × 10^3 / den: beyond 2^100 (sums of 10^15 yuan and kWh at once) it is not
    // printed; the rule itself compares in 256 bits and still decides.
    const i128 limit = static_cast<i128>(1) << 100;
    if (num > limit || num < -limit) return {};
    return percent_text(num, den);
}

std::vector<Warning> evaluate_warnings(const WatchRules& rules, const Dataset& ds, const EnterpriseSums& s,
                                       const std::vector<WatchFigures>& figures) {
    std::vector<Warning> out;
    const YearMonth m = s.period.month;
    for (const WatchFigures& f : figures) {
        for (const WarningRule& r : rules.warnings) {
            Warning w;
            w.ent = f.ent;
            w.rule = r.id;
            w.level = r.level;
            w.opens_case = r.opens_case;
            const std::string level_zh(kLevelNamesZh[static_cast<int>(r.level)]);
            const std::string th = threshold_text(r.threshold);
            bool hit = false;
            switch (r.kind) {
                case WarningKind::kCumulativeGrowthBelow: {
                    if (f.base_fen <= 0) break;
                    // (o − b)/b × 100 < t/100  ⇔  (o − b) × 10000 < t × b
                    const i128 lhs = (static_cast<i128>(f.output_fen) - f.base_fen) * 10000;
                    hit = lhs < static_cast<i128>(r.threshold) * f.base_fen;
                    if (!hit) break;
                    const std::string g = growth_text(f.output_fen, f.base_fen);
                    w.figures = {{"growth_pct", g},
                                 {"threshold_pct", th},
                                 {"output_yuan", yuan_text(f.output_fen)},
                                 {"base_yuan", yuan_text(f.base_fen)}};
                    w.message_zh = s.period.label() + "累计产值同比增长" + g + "%，低于" + th + "%（" + level_zh + "）";
                    w.message_en =
                        "cumulative output growth " + g + "% over " + s.period.label() + ", below " + th + "%";
                    break;
                }
                case WarningKind::kMonthlyDeclineRun: {
                    hit = r.months > 0;
                    std::string list_zh, list_en;
                    for (int k = 0; k < r.months && hit; ++k) {
                        const YearMonth x = m + -k;
                        const auto now = month_output(ds, f.ent, x), before = month_output(ds, f.ent, x + -12);
                        hit = now && before && *now < *before;
                        if (!hit) break;
                        const std::string g = growth_text(*now, *before);
                        w.figures[format_year_month(x) + "_growth_pct"] = g.empty() ? "-" : g;
                        list_zh = std::to_string(x.month()) + "月" + (g.empty() ? "" : "同比" + g + "%") +
                                  (list_zh.empty() ? "" : "、") + list_zh;
                        list_en = format_year_month(x) + (g.empty() ? "" : " " + g + "%") +
                                  (list_en.empty() ? "" : ", ") + list_en;
                    }
                    if (!hit) break;
                    w.figures["months"] = std::to_string(r.months);
                    w.message_zh = "当月产值连续" + std::to_string(r.months) + "个月同比下降（" + list_zh + "）（" +
                                   level_zh + "）";
                    w.message_en = "monthly output down year on year " + std::to_string(r.months) +
                                   " months running (" + list_en + ")";
                    break;
                }
                case WarningKind::kPlanCompletionBelow: {
                    if (!f.plan_fen || *f.plan_fen <= 0 || !f.month_fen) break;
                    // o/p × 100 < t/100  ⇔  o × 10000 < t × p
                    hit = static_cast<i128>(*f.month_fen) * 10000 < static_cast<i128>(r.threshold) * *f.plan_fen;
                    if (!hit) break;
                    const std::string c = plan_completion_text(f);
                    w.figures = {{"plan_completion_pct", c},
                                 {"threshold_pct", th},
                                 {"month_output_yuan", yuan_text(*f.month_fen)},
                                 {"plan_yuan", yuan_text(*f.plan_fen)}};
                    w.message_zh = std::to_string(m.month()) + "月产值完成排产计划的" + c + "%，低于" + th + "%（" +
                                   level_zh + "）";
                    w.message_en = format_year_month(m) + " output at " + c + "% of the plan, below " + th + "%";
                    break;
                }
                case WarningKind::kElectricityDivergenceAbove: {
                    if (!f.electricity_kwh || *f.electricity_base_kwh <= 0 || f.base_fen <= 0) break;
                    // |ec/eb − oc/ob| × 100 > t/100  ⇔  |ec·ob − oc·eb| × 10000 > t × eb·ob
                    const U256 a = mul_wide(static_cast<u128>(*f.electricity_kwh), static_cast<u128>(f.base_fen));
                    const U256 b =
                        mul_wide(static_cast<u128>(f.output_fen), static_cast<u128>(*f.electricity_base_kwh));
                    const U256 diff = a >= b ? sub_wide(a, b) : sub_wide(b, a);
                    const U256 rhs = mul_wide(static_cast<u128>(std::max<std::int64_t>(r.threshold, 0)) *
                                                  static_cast<u128>(*f.electricity_base_kwh),
                                              static_cast<u128>(f.base_fen));
                    hit = mul_wide(diff, 10000) > rhs;
                    if (!hit) break;
                    const std::string eg = electricity_growth_text(f), og = growth_text(f.output_fen, f.base_fen),
                                      gap = electricity_gap_text(f);
                    w.figures = {{"electricity_growth_pct", eg},
                                 {"output_growth_pct", og},
                                 {"gap_pp", gap},
                                 {"threshold_pp", th}};
                    w.message_zh = "累计用电量同比" + eg + "%，产值同比" + og + "%，相差" + gap + "个百分点，超过" +
                                   th + "个百分点（" + level_zh + "，请核实数据）";
                    w.message_en = "cumulative electricity " + eg + "% against output " + og + "%: " + gap +
                                   " points apart, more than " + th + " (check the data)";
                    break;
                }
            }
            if (hit) out.push_back(std::move(w));
        }
    }
    return out;
}

}  // namespace zx::monitoring
