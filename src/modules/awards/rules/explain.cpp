#include "modules/awards/rules/explain.hpp"

#include "core/wide_int.hpp"

#include <algorithm>

#include "core/industry.hpp"
#include "core/money.hpp"

namespace zx {
namespace {

std::string growth_text(std::int64_t cur, std::int64_t base) {
    return base > 0 ? format_growth_percent(cur, base) : std::string("—");
}

std::string window_label(const PeriodWindows& w) {
    // "累计增长" for a window equal to the period (the policy's own wording for 1—2月), else name it.
    if (w.growth == w.period) return "累计增长";
    return format_month_range_zh(w.growth) + "累计增长";
}

std::string missing_months_text(const Clause& c, const Dataset& d, EntId e, const PeriodWindows& w) {
    std::vector<YearMonth> months;
    auto need = [&](MonthRange r) {
        for (YearMonth m = r.first; m <= r.last; m = m + 1)
            if (!d.has_output(e, m) && std::find(months.begin(), months.end(), m) == months.end()) months.push_back(m);
    };
    need(w.period);
    if (c.base == BaseKind::kPriorYear) {
        need(w.base);
        need(w.growth);
        need(w.growth_base);
    }
    std::sort(months.begin(), months.end());
    std::string s;
    for (std::size_t i = 0; i < months.size() && i < 12; ++i) {
        if (i) s += "、";
        s += std::to_string(months[i].year()) + "年" + std::to_string(months[i].month()) + "月";
    }
    if (months.size() > 12) s += "等" + std::to_string(months.size()) + "个月";
    return s;
}

std::string group_suffix(const Policy& p, const Clause& c, std::size_t t) {
    if (c.targets.size() <= 1) return "";
    return "（" + p.groups[static_cast<std::size_t>(c.targets[t].group)].id + "类）";
}

// The period output, precise enough to be compared with the thresholds of the groups it belongs to.
std::string output_figure(const Clause& c, const AwardRow& r) {
    for (std::size_t t = 0; t < c.targets.size(); ++t)
        if ((r.member_mask & (1u << t)) && c.targets[t].output_above_fen) {
            const std::string s = wan_near(r.cur_fen, *c.targets[t].output_above_fen);
            if (s != format_wan2(r.cur_fen)) return s;
        }
    for (const auto& tier : c.tiers) {
        const std::string s = wan_near(r.cur_fen, tier.output_above_fen);
        if (s != format_wan2(r.cur_fen)) return s;
    }
    return format_wan2(r.cur_fen);
}

std::string threshold_text(const Policy& p, const Clause& c, const AwardRow& r, bool passed_only) {
    std::string s;
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
        if (!(r.member_mask & (1u << t))) continue;
        const Target& tg = c.targets[t];
        if (!tg.output_above_fen) continue;
        const bool pass = r.pass_mask & (1u << t);
        if (passed_only && !pass) continue;
        if (!s.empty()) s += "，";
        const char* word = pass ? (tg.inclusive ? "不低于" : "超过") : (tg.inclusive ? "低于" : "未超过");
        s += std::string(word) + wan_plain(*tg.output_above_fen) + "万元" + group_suffix(p, c, t);
        if (passed_only) break;
    }
    return s;
}

std::string award_formula(const Clause& c, const AwardRow& r) {
    if (c.award_kind == AwardKind::kTiers && r.tier >= 0) {
        const Tier& t = c.tiers[static_cast<std::size_t>(r.tier)];
        std::string s = "符合“" + t.label + "”档";
        if (c.tiers_illustrative) s += "（档次为示意值，以申报指南为准）";
        if (t.amount_yuan) return s + "，补贴" + wan(*t.amount_yuan * 100) + "万元";
        const std::int64_t base = award_base_fen(c, r);
        return s + "，补贴=" + wan(base) + "万元×" + format_percent(*t.rate) + "=" + wan(r.computed_yuan * 100) +
               "万元";
    }
    const bool inc = c.award_of == AwardOf::kIncrement;
    const std::int64_t base = award_base_fen(c, r);
    std::string s = std::string("奖励=") + (inc ? "同比增量" : "当期产值") + wan(base) + "万元×" +
                    format_percent(c.rate) + "=" + wan(r.computed_yuan * 100) + "万元";
    // Make the rounding down to whole yuan visible when it changed the figure.
    if (award_rounded(base, c.rate)) s += "（按元取整）";
    return s;
}

std::string caps_and_budget(const Clause& c, const Policy& p, const AwardRow& r) {
    std::string s;
    if (r.cap_hit & kCapPeriod) s += "；单期最高" + wan(*c.cap_per_period_yuan * 100) + "万元";
    if (r.cap_hit & kCapYear)
        s += "；每家企业全年最高" + wan(*c.cap_per_year_yuan * 100) + "万元，本期核定" + wan(r.capped_yuan * 100) +
             "万元" + (r.capped_yuan == 0 ? "（已达上限）" : "");
    if (r.cap_hit & kCapEnterprise)
        s += "；本政策每家企业合计最高" + wan(*p.cap_per_enterprise_yuan * 100) + "万元，本期核定" +
             wan(r.capped_yuan * 100) + "万元";
    if (r.amount_yuan != r.capped_yuan) s += "；受预算总量控制，按比例核减为" + wan(r.amount_yuan * 100) + "万元";
    return s;
}

}  // namespace

std::string wan(std::int64_t fen) {
    return format_wan_exact(fen);
}

std::string wan2(std::int64_t fen) {
    return format_wan2(fen);
}

std::string wan_near(std::int64_t fen, std::int64_t threshold_fen) {
    // 50,000,000.01 yuan must not read "5,000.00万元，超过5,000万元".
    return format_wan2(fen) == format_wan2(threshold_fen) && fen != threshold_fen ? format_wan_exact(fen)
                                                                                  : format_wan2(fen);
}

std::string wan_plain(std::int64_t fen) {
    std::string s = format_wan_exact(fen);
    if (s.size() > 3 && s.compare(s.size() - 3, 3, ".00") == 0) s.resize(s.size() - 3);
    return s;
}

std::string clause_label(const Clause& c) {
    return c.number + c.title;
}

const char* outcome_code(Outcome o) {
    switch (o) {
        case Outcome::kEligible:
            return "eligible";
        case Outcome::kExcluded:
            return "excluded";
        case Outcome::kMissingData:
            return "missing_data";
        case Outcome::kNoBase:
            return "no_base";
        case Outcome::kHasBase:
            return "has_base";
        case Outcome::kGrowthBelow:
            return "growth_below";
        case Outcome::kBelowThreshold:
            return "below_threshold";
        case Outcome::kNotGrown:
            return "not_grown";
        case Outcome::kNoTier:
            return "no_tier";
        case Outcome::kBelowMinimum:
            return "below_minimum";
    }
    return "?";
}

std::string reason_zh(const Policy& p, const Dataset& d, const AwardRow& r) {
    const Clause& c = p.clauses[r.clause];
    const PeriodWindows w = windows_of(c, r.period);
    const std::string period = format_month_range_zh(w.period);
    const std::string out_text = period + "产值" + output_figure(c, r) + "万元";
    const std::string growth = window_label(w) + growth_text(r.win_cur_fen, r.win_base_fen);
    const std::string min = format_percent(c.growth_min);
    switch (r.outcome) {
        case Outcome::kExcluded: {
            std::string names;
            for (Designation x : c.exclude_designations) {
                if (!(active_designations(d, r.ent, w.period) & bit(x))) continue;
                names += (names.empty() ? "" : "、") + std::string(kDesignationNamesZh[static_cast<int>(x)]);
            }
            return "属于" + names + "，" + (c.exclusion_note.empty() ? "不重复享受本条政策" : c.exclusion_note);
        }
        case Outcome::kMissingData:
            return "缺少" + missing_months_text(c, d, r.ent, w) +
                   "产值数据（以各市核定数据为准），无法计算，本期不予奖励";
        case Outcome::kNoBase:
            return format_month_range_zh(w.growth_base) + "产值为0，增速无法计算，本期不予奖励";
        case Outcome::kHasBase:
            return format_month_range_zh(w.base) + "已有产值" + wan2(r.base_fen) + "万元，不属于无基数产值";
        case Outcome::kGrowthBelow:
            return growth + "，低于" + min + "（" + format_month_range_zh(w.growth) + wan2(r.win_cur_fen) +
                   "万元，上年同期" + wan2(r.win_base_fen) + "万元）";
        case Outcome::kBelowThreshold: {
            std::string s = out_text + "，" + threshold_text(p, c, r, false);
            if (c.base == BaseKind::kPriorYear && c.growth_test) s += "（" + growth + "）";
            return s;
        }
        case Outcome::kNotGrown:
            return out_text + "，未超过上年同期" + wan2(r.base_fen) + "万元，当期未增长（" + growth + "）";
        case Outcome::kNoTier: {
            std::string s = out_text + "，增长" + growth_text(r.win_cur_fen, r.win_base_fen) + "，未达到任何补贴档次";
            if (!c.tiers.empty()) s += "（最低档：" + c.tiers.back().label + "）";
            return s;
        }
        case Outcome::kBelowMinimum:
            return "计算奖励" + wan(r.computed_yuan * 100) + "万元，低于最低奖励标准" + wan(c.min_award_yuan * 100) +
                   "万元";
        case Outcome::kEligible:
            break;
    }
    std::string s = out_text;
    const std::string th = threshold_text(p, c, r, true);
    if (!th.empty()) s += "，" + th;
    if (c.base == BaseKind::kPriorYear && c.growth_test) s += "；" + growth + "，不低于" + min;
    if (c.base == BaseKind::kNone) s += "，上年同期无产值（无基数）";
    if (c.period_must_grow && w.growth != w.period) s += "；当期同比增长" + growth_text(r.cur_fen, r.base_fen);
    s += "；" + award_formula(c, r);
    s += caps_and_budget(c, p, r);
    return s;
}

std::string reason_en(const Policy& p, const Dataset& d, const AwardRow& r) {
    (void)d;
    const Clause& c = p.clauses[r.clause];
    const std::string g = r.win_base_fen > 0 ? growth_text(r.win_cur_fen, r.win_base_fen) : "n/a";
    switch (r.outcome) {
        case Outcome::kEligible:
            return "eligible: award " + std::to_string(r.amount_yuan) + " yuan";
        case Outcome::kExcluded:
            return "excluded designation (not stacked)";
        case Outcome::kMissingData:
            return "missing data (" + std::to_string(r.missing_months) + " month(s))";
        case Outcome::kNoBase:
            return "zero base: growth undefined";
        case Outcome::kHasBase:
            return "has output in the base period";
        case Outcome::kGrowthBelow:
            return "growth " + g + " below " + format_percent(c.growth_min);
        case Outcome::kBelowThreshold:
            return "output not above threshold";
        case Outcome::kNotGrown:
            return "period did not grow";
        case Outcome::kNoTier:
            return "no tier matched";
        case Outcome::kBelowMinimum:
            return "award below minimum";
    }
    return "";
}

std::string explain_enterprise_zh(const Policy& p, const Dataset& d, const Evaluation& ev, EntId e) {
    std::string s;
    auto line = [&](const std::string& x) { s += x + "\n"; };
    line("企业：" + std::string(d.name(e)) + "（统一社会信用代码 " + std::string(d.uscc(e)) + "）");
    const int ind = d.industry(e);
    line("所属市：" + std::string(kCities[d.city(e)]) + "；行业：" + std::to_string(ind) + "（门类" +
         std::string(1, industry_section(ind)) + (is_manufacturing(ind) ? "，制造业" : "，非制造业") +
         "）；入规月份：" + (d.scale_since(e) ? format_year_month(*d.scale_since(e)) : std::string("无")));
    line("认定情况：");
    if (d.designations_of(e).empty()) line("  （无）");
    for (const auto& r : d.designations_of(e))
        line("  - " + std::string(kDesignationNamesZh[static_cast<int>(r.kind)]) + "（" +
             std::string(kDesignationCodes[static_cast<int>(r.kind)]) + "），有效期 " + format_date(r.valid_from) +
             " 至 " + (r.valid_to == kOpenEnd ? std::string("长期") : format_date(r.valid_to)));
    line("政策：《" + p.title + "》" + (p.document.empty() ? "" : "（" + p.document + "）") + " 版本 " + p.version);
    auto first =
        std::lower_bound(ev.rows.begin(), ev.rows.end(), e, [](const AwardRow& r, EntId x) { return r.ent < x; });
    std::int64_t total = 0;
    for (std::size_t ci = 0; ci < p.clauses.size(); ++ci) {
        const Clause& c = p.clauses[ci];
        line("");
        line("【" + clause_label(c) + "】" + (c.enabled ? "" : "（本次未启用）"));
        if (!c.text.empty()) line("  原文：" + c.text);
        if (!c.responsible_units.empty()) {
            std::string u;
            for (const auto& x : c.responsible_units) u += (u.empty() ? "" : "、") + x;
            line("  责任单位：" + u);
        }
        for (std::size_t pi = 0; pi < c.periods.size(); ++pi) {
            const PeriodWindows w = windows_of(c, pi);
            const DesignationMask active = active_designations(d, e, w.period);
            line("  ▸ " + format_month_range_zh(w.period) + "（" + format_month_range(w.period) + "）");
            std::string member;
            for (const auto& tg : c.targets) {
                const Group& g = p.groups[static_cast<std::size_t>(tg.group)];
                const bool in = group_holds(g, d, e, w.period, active);
                member += "    目标群体 " + g.id + "「" + g.label + "」：" + (in ? "属于" : "不属于");
                if (tg.output_above_fen)
                    member += "；产值须" + std::string(tg.inclusive ? "不低于" : "超过") +
                              wan_plain(*tg.output_above_fen) + "万元";
                member += "\n";
            }
            s += member;
            const AwardRow* row = nullptr;
            for (auto it = first; it != ev.rows.end() && it->ent == e; ++it)
                if (it->clause == ci && it->period == pi) row = &*it;
            if (!row) {
                line("    不属于本条目标群体，不参与本期计算");
                continue;
            }
            // The months the tests read, this year against last year.
            std::string months = "    月度产值（元）：";
            for (YearMonth m = (c.base == BaseKind::kPriorYear ? w.growth.first : w.period.first); m <= w.period.last;
                 m = m + 1) {
                const YearMonth b = m + (-12);
                months += "\n      " + std::to_string(m.month()) + "月  " + std::to_string(m.year()) + "年 " +
                          (d.has_output(e, m) ? format_yuan(d.output_fen(e, m)) : std::string("缺失")) + "  " +
                          std::to_string(b.year()) + "年 " +
                          (d.has_output(e, b) ? format_yuan(d.output_fen(e, b))
                                              : std::string(c.base == BaseKind::kNone ? "无" : "缺失"));
            }
            line(months);
            line("    本期产值 " + format_yuan(row->cur_fen) + " 元；上年同期 " + format_yuan(row->base_fen) + " 元");
            if (c.base == BaseKind::kPriorYear) {
                line("    增速窗口 " + format_month_range_zh(w.growth) + "：" + format_yuan(row->win_cur_fen) +
                     " 元，上年同期 " + format_yuan(row->win_base_fen) + " 元，增长 " +
                     growth_text(row->win_cur_fen, row->win_base_fen));
                if (c.growth_test) {
                    // The exact test the evaluator applies: this year × den ≥ last year × (den + num), in fen.
                    const Ratio m = c.growth_min;
                    const bool ok = growth_at_least(row->win_cur_fen, row->win_base_fen, m);
                    line("    增速检验（不低于" + format_percent(m) + "，整数精确比较）：" +
                         std::to_string(row->win_cur_fen) + "分 × " + std::to_string(m.den) + (ok ? " ≥ " : " < ") +
                         std::to_string(row->win_base_fen) + "分 × " + std::to_string(m.den + m.num) +
                         (ok ? "，通过" : "，未通过"));
                }
            }
            line(std::string("    结论：") + (row->eligible() ? "符合" : "不符合") + "。" + reason_zh(p, d, *row));
            line("    计算奖励 " + std::to_string(row->computed_yuan) + " 元；封顶后 " +
                 std::to_string(row->capped_yuan) + " 元；最终 " + std::to_string(row->amount_yuan) + " 元");
            total += row->amount_yuan;
        }
    }
    line("");
    line("合计奖励：" + format_int_grouped(total) + " 元（" + wan(total * 100) + " 万元）");
    if (ev.budget_yuan)
        line("预算：" + wan(*ev.budget_yuan * 100) + " 万元" +
             (ev.budget_scaled ? "，本次奖励总额超出预算，已等比例核减" : "，未超出"));
    if (!p.budget_note.empty()) line("说明：" + p.budget_note);
    return s;
}

}  // namespace zx
