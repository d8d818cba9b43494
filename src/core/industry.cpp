#include "core/industry.hpp"

#include <array>

namespace zx {

int parse_industry_class(std::string_view s) {
    if (s.size() != 4) return -1;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    int division = v / 100;
    if (division < 1 || division > 97) return -1;
    if ((v / 10) % 10 == 0) return -1;
    return v;
}

char industry_section(int code) {
    struct Span {
        int last_division;
        char section;
    };
    static constexpr Span kSpans[] = {{5, 'A'},  {12, 'B'}, {43, 'C'}, {46, 'D'}, {50, 'E'}, {52, 'F'}, {60, 'G'},
                                      {62, 'H'}, {65, 'I'}, {69, 'J'}, {70, 'K'}, {72, 'L'}, {75, 'M'}, {79, 'N'},
                                      {82, 'O'}, {83, 'P'}, {85, 'Q'}, {90, 'R'}, {96, 'S'}, {97, 'T'}};
    int d = industry_division(code);
    for (const auto& s : kSpans)
        if (d <= s.last_division) return s.section;
    return '?';
}

std::string_view industry_division_name(int division) {
    // GB/T 4754-2017, 门类 B (06–12), C (13–43) and D (44–46).
    static constexpr std::array<std::string_view, 41> kNames = {"煤炭开采和洗选业",
                                                                "石油和天然气开采业",
                                                                "黑色金属矿采选业",
                                                                "有色金属矿采选业",
                                                                "非金属矿采选业",
                                                                "开采专业及辅助性活动",
                                                                "其他采矿业",
                                                                "农副食品加工业",
                                                                "食品制造业",
                                                                "酒、饮料和精制茶制造业",
                                                                "烟草制品业",
                                                                "纺织业",
                                                                "纺织服装、服饰业",
                                                                "皮革、毛皮、羽毛及其制品和制鞋业",
                                                                "木材加工和木、竹、藤、棕、草制品业",
                                                                "家具制造业",
                                                                "造纸和纸制品业",
                                                                "印刷和记录媒介复制业",
                                                                "文教、工美、体育和娱乐用品制造业",
                                                                "石油、煤炭及其他燃料加工业",
                                                                "化学原料和化学制品制造业",
                                                                "医药制造业",
                                                                "化学纤维制造业",
                                                                "橡胶和塑料制品业",
                                                                "非金属矿物制品业",
                                                                "黑色金属冶炼和压延加工业",
                                                                "有色金属冶炼和压延加工业",
                                                                "金属制品业",
                                                                "通用设备制造业",
                                                                "专用设备制造业",
                                                                "汽车制造业",
                                                                "铁路、船舶、航空航天和其他运输设备制造业",
                                                                "电气机械和器材制造业",
                                                                "计算机、通信和其他电子设备制造业",
                                                                "仪器仪表制造业",
                                                                "其他制造业",
                                                                "废弃资源综合利用业",
                                                                "金属制品、机械和设备修理业",
                                                                "电力、热力生产和供应业",
                                                                "燃气生产和供应业",
                                                                "水的生产和供应业"};
    if (division < 6 || division > 46) return {};
    return kNames[static_cast<std::size_t>(division - 6)];
}

}  // namespace zx
