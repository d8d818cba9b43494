#include "cli/cli_support.hpp"

#include <cstdio>
#include <string>

namespace zx::cli {

int exit_code(const Status& s) {
    switch (s.code()) {
        case StatusCode::kOk:
            return 0;
        case StatusCode::kDataError:
            return 1;
        case StatusCode::kIoError:
        case StatusCode::kNotFound:
            return 3;
        default:
            return 2;
    }
}

void print_defects(Lang lang, const LoadReport& r) {
    const bool en = lang == Lang::kEn;
    for (const auto& d : r.defects) {
        std::string loc = d.file + (d.line > 0 ? ":" + std::to_string(d.line) : std::string());
        if (!d.field.empty()) loc += ": " + d.field;
        std::string value;
        if (!d.value.empty()) value = en ? " (value \"" + d.value + "\")" : "（值“" + d.value + "”）";
        std::fprintf(stderr, "%s: %s%s\n", loc.c_str(), (en ? d.message_en : d.message_zh).c_str(), value.c_str());
    }
    if (r.defects_total > r.defects.size())
        std::fprintf(stderr, en ? "... and %zu more defect(s)\n" : "……另有 %zu 处错误未列出\n",
                     r.defects_total - r.defects.size());
    std::fprintf(stderr, en ? "%zu defect(s); nothing was written.\n" : "共 %zu 处错误；未写入任何结果。\n",
                 r.defects_total);
}

}  // namespace zx::cli
