#include "modules/enterprise_data/list_filters.hpp"

#include "core/calendar.hpp"
#include "core/uscc.hpp"
#include "core/utf8.hpp"

namespace zx {

Status filter_error(std::string_view param, const std::string& value, const Text& expected) {
    // The value is echoed back cut to a short, well-formed prefix.
    std::string shown(utf8_prefix(value, 60));
    if (!is_valid_utf8(shown)) shown = "?";
    const std::string p(param);
    return Status::data_error({p + "：无效的取值“" + shown + "”，" + expected.in(Lang::kZh),
                               p + ": invalid value \"" + shown + "\"; " + expected.in(Lang::kEn)});
}

Status check_filter(std::string_view param, const std::string& value, std::span<const std::string_view> allowed) {
    if (value.empty()) return Status::ok();
    std::string list;
    for (std::string_view a : allowed) {
        if (a == value) return Status::ok();
        list += (list.empty() ? "" : ", ") + std::string(a);
    }
    return filter_error(param, value, {"可选值：" + list, "allowed: " + list});
}

Status check_filter(std::string_view param, const std::string& value, std::initializer_list<std::string_view> allowed) {
    return check_filter(param, value, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

Status check_month_filter(std::string_view param, const std::string& value) {
    if (value.empty() || (value.size() == 7 && parse_year_month(value))) return Status::ok();
    return filter_error(param, value, {"须为 YYYY-MM 格式的月份", "expected a YYYY-MM month"});
}

Status check_uscc_filter(std::string_view param, const std::string& value) {
    if (value.empty() || validate_uscc(value) == UsccError::kNone) return Status::ok();
    return filter_error(
        param, value,
        {"须为18位统一社会信用代码（校验位正确）", "expected an 18-character USCC with a valid check character"});
}

std::string escape_like(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '%' || c == '_' || c == kLikeEscape) out.push_back(kLikeEscape);
        out.push_back(c);
    }
    return out;
}

}  // namespace zx
