#include "modules/monitoring/bulletin.hpp"

#include <algorithm>

#include "platform/formats/docx_writer.hpp"
#include "platform/formats/table_xlsx.hpp"

namespace zx::monitoring {

namespace json = boost::json;

namespace {

std::string str(const json::value& v) {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_int64()) return std::to_string(v.as_int64());
    return "";
}

std::string field(const json::object& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? std::string() : str(it->value());
}

// 亿元 with two decimals (half away from zero).
std::string yi_text(i128 fen) {
    return scaled_text(round_scaled(fen, static_cast<i128>(10'000'000'000LL), 2), 2);
}

// The same from the yuan decimal strings of the stored 通报 ("123456789.00" → "1.23"). The strings
// are yuan_text's (two decimals always), so their digits are the fen.
std::string yi(const std::string& yuan) {
    if (yuan.empty()) return "";
    i128 fen = 0;
    for (char c : yuan)
        if (c >= '0' && c <= '9') fen = fen * 10 + (c - '0');
    return yi_text(yuan[0] == '-' ? -fen : fen);
}

std::string rank_change_text(const json::value& v) {
    if (!v.is_int64()) return "";
    const auto d = v.as_int64();
    return d > 0 ? "↑" + std::to_string(d) : d < 0 ? "↓" + std::to_string(-d) : "—";
}

}  // namespace

std::vector<std::string> highlights(const Period& p, const std::vector<GroupFigures>& cities,
                                    const std::optional<GroupFigures>& previous_total) {
    std::vector<std::string> out;
    const GroupFigures total = total_of(cities, "全区");
    if (total.has_growth()) {
        // Growth in tenths of a percent as printed: (o − b)/b × 1000, rounded once.
        const i128 now = round_scaled(total.output - total.base, total.base, 3);
        std::string s = p.label() + "，全区规上工业总产值" + yi_text(total.output) + "亿元，同比" +
                        (total.output >= total.base ? "增长" : "下降") + scaled_text(now < 0 ? -now : now, 1) + "%";
        if (previous_total && previous_total->has_growth()) {
            const i128 d = now - round_scaled(previous_total->output - previous_total->base, previous_total->base, 3);
            const std::string prev = "1—" + std::to_string(p.month.month() - 1) + "月";
            if (d == 0)
                s += "，与" + prev + "持平";
            else
                s += "，比" + prev + (d > 0 ? "提高" : "回落") + scaled_text(d < 0 ? -d : d, 1) + "个百分点";
        }
        out.push_back(s + "。");
    }
    std::vector<const GroupFigures*> ranked;
    for (const auto& c : cities)
        if (c.rank) ranked.push_back(&c);
    std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) { return *a->rank < *b->rank; });
    if (!ranked.empty()) {
        std::string s = "增速居前三位的是";
        int shown = 0;
        for (const auto* c : ranked) {
            if (*c->rank > 3) break;
            s += (shown++ ? "、" : "") + c->key + "（" + growth_text(c->output, c->base) + "%）";
        }
        int above = 0, negative = 0;
        std::string neg_list;
        for (const auto* c : ranked) {
            if (total.base > 0 && compare_growth(*c, total) > 0) ++above;
            if (c->output < c->base) {
                ++negative;
                neg_list += (neg_list.empty() ? "" : "、") + c->key;
            }
        }
        s += "；" + std::to_string(above) + "个设区市增速高于全区平均水平";
        if (negative > 0) s += "，" + neg_list + "累计增速为负";
        out.push_back(s + "。");
    }
    return out;
}

Result<std::string> bulletin_docx(const json::object& b) {
    using docx::para;
    using docx::Style;
    docx::Document d;
    const std::string period = field(b, "period"), month = field(b, "month");
    d.title = "全区工业经济运行监测通报（" + month + "）";
    d.author = "广西壮族自治区产业振兴指挥部办公室";
    d.blocks.push_back(para("全区工业经济运行监测通报", Style::kTitle));
    d.blocks.push_back(para("（" + month.substr(0, 4) + "年" + period + "）", Style::kSubtitle));
    d.blocks.push_back(para("一、总体情况", Style::kHeading1));
    for (const auto& h : b.at("highlights").as_array()) d.blocks.push_back(para(str(h)));
    d.blocks.push_back(para("二、分市情况", Style::kHeading1));
    docx::Table cities;
    cities.header = {"设区市",   "累计产值（亿元）", "同比增长（%）",  "排位",
                     "排位变化", "拉动（百分点）",   "增加值增速（%）"};
    cities.right_align = {false, true, true, true, true, true, true};
    auto city_row = [&](const json::object& r) {
        const auto& ind = r.at("indicators").as_object();
        return std::vector<std::string>{field(r, "city"),
                                        yi(field(r, "output_yuan")),
                                        field(r, "growth_pct"),
                                        field(r, "rank"),
                                        rank_change_text(r.at("rank_change")),
                                        field(r, "contribution_pp"),
                                        str(ind.at("value_added_growth_pct"))};
    };
    for (const auto& r : b.at("cities").as_array()) cities.rows.push_back(city_row(r.as_object()));
    if (b.at("total").is_object()) cities.rows.push_back(city_row(b.at("total").as_object()));
    d.blocks.push_back(cities);
    d.blocks.push_back(
        para("注：规上工业总产值为现价，累计增速按同口径计算（本期企业与上年同期相同企业比较）；"
             "工业增加值增速由统计部门按可比价计算发布。",
             Style::kNote));
    d.blocks.push_back(para("三、重点企业监测", Style::kHeading1));
    const auto& top = b.at("top500").as_object();
    d.blocks.push_back(para("重点监测企业" + field(top, "count") + "家，" + period + "累计产值" +
                            yi(field(top, "output_yuan")) + "亿元，同比增长" + field(top, "growth_pct") +
                            "%，拉动全区增长" + field(top, "contribution_pp") + "个百分点。" + field(top, "summary")));
    docx::Table warn;
    warn.header = {"等级", "企业", "设区市", "预警内容"};
    warn.widths = {1100, 2600, 1100, 4045};
    for (const auto& w : b.at("warnings").as_array()) {
        const auto& o = w.as_object();
        warn.rows.push_back({field(o, "level_name"), field(o, "name"), field(o, "city"), field(o, "message_zh")});
    }
    if (!warn.rows.empty()) d.blocks.push_back(warn);
    d.blocks.push_back(para("四、重点项目进展", Style::kHeading1));
    docx::Table proj;
    proj.header = {"设区市",           "项目数",           "30日内到期节点", "逾期未完成节点",
                   "计划投资（亿元）", "完成投资（亿元）", "完成率（%）"};
    proj.right_align = {false, true, true, true, true, true, true};
    for (const auto& p : b.at("projects").as_array()) {
        const auto& o = p.as_object();
        proj.rows.push_back({field(o, "city"), field(o, "projects"), field(o, "milestones_due"),
                             field(o, "milestones_overdue"), yi(field(o, "planned_investment_yuan")),
                             yi(field(o, "completed_yuan")), field(o, "completion_pct")});
    }
    d.blocks.push_back(proj);
    d.blocks.push_back(para("五、工作要求", Style::kHeading1));
    d.blocks.push_back(
        para("各市要对照本通报，对增速靠后、预警企业和逾期项目逐一分析原因，落实工业振兴特派员"
             "包联服务，协调解决用工、用地、用能、融资、物流等要素保障问题，确保工业经济稳中向好。"));
    return docx::write_docx(d);
}

Result<std::string> bulletin_xlsx(const json::object& b) {
    XlsxTable cities{
        "分市情况",
        {"设区市", "累计产值（元）", "上年同期（元）", "同比增长（%）", "排位", "排位变化", "拉动（百分点）", "企业数",
         "增加值增速（%）", "工业投资增速（%）", "专项债发行（元）", "专项债使用（元）", "制造业增加值占比（%）"},
        {},
        {10, 18, 18, 12, 6, 8, 12, 8, 12, 14, 18, 18, 16},
        {}};
    auto city_row = [](const json::object& r) {
        const auto& ind = r.at("indicators").as_object();
        std::vector<XlsxCell> row = {field(r, "city"),
                                     field(r, "output_yuan"),
                                     field(r, "base_yuan"),
                                     field(r, "growth_pct"),
                                     field(r, "rank"),
                                     rank_change_text(r.at("rank_change")),
                                     field(r, "contribution_pp"),
                                     field(r, "enterprises")};
        for (const char* k : {"value_added_growth_pct", "investment_growth_pct", "special_bonds_issued_yuan",
                              "special_bonds_used_yuan", "manufacturing_share_pct"})
            row.emplace_back(str(ind.at(k)));
        return row;
    };
    for (const auto& r : b.at("cities").as_array()) cities.rows.push_back(city_row(r.as_object()));
    if (b.at("total").is_object()) cities.rows.push_back(city_row(b.at("total").as_object()));
    XlsxTable warn{
        "预警", {"等级", "统一社会信用代码", "企业", "设区市", "规则", "预警内容"}, {}, {8, 22, 30, 10, 28, 60}, {}};
    for (const auto& w : b.at("warnings").as_array()) {
        const auto& o = w.as_object();
        warn.rows.push_back({field(o, "level_name"), field(o, "uscc"), field(o, "name"), field(o, "city"),
                             field(o, "rule"), field(o, "message_zh")});
    }
    XlsxTable proj{
        "重点项目",
        {"设区市", "项目数", "30日内到期节点", "逾期未完成节点", "计划投资（元）", "完成投资（元）", "完成率（%）"},
        {},
        {10, 8, 14, 14, 18, 18, 10},
        {}};
    for (const auto& p : b.at("projects").as_array()) {
        const auto& o = p.as_object();
        proj.rows.push_back({field(o, "city"), field(o, "projects"), field(o, "milestones_due"),
                             field(o, "milestones_overdue"), field(o, "planned_investment_yuan"),
                             field(o, "completed_yuan"), field(o, "completion_pct")});
    }
    XlsxTable hl{"要点", {"要点"}, {}, {120}, {}};
    for (const auto& h : b.at("highlights").as_array()) hl.rows.push_back({str(h)});
    return tables_xlsx({hl, cities, warn, proj});
}

}  // namespace zx::monitoring
