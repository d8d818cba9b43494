#include "modules/monitoring/rules_loader.hpp"

#include <set>

#include "platform/formats/toml_rules.hpp"

namespace zx::monitoring {
namespace {

namespace tr = toml_rules;

template <std::size_t N>
std::optional<std::size_t> index_of(const std::array<std::string_view, N>& names, std::string_view v) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == v) return i;
    return std::nullopt;
}

constexpr std::array<std::string_view, 4> kKinds = {"cumulative_growth_below", "monthly_decline_run",
                                                    "plan_completion_below", "electricity_divergence_above"};

}  // namespace

std::optional<std::int64_t> parse_hundredths(std::string_view s) {
    bool neg = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        neg = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 12) return std::nullopt;
    std::int64_t v = 0;
    int decimals = -1;
    bool digit = false;
    for (char c : s) {
        if (c == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9' || (decimals >= 0 && ++decimals > 2)) return std::nullopt;
        v = v * 10 + (c - '0');
        digit = true;
    }
    if (!digit) return std::nullopt;
    for (int i = std::max(decimals, 0); i < 2; ++i) v *= 10;
    return neg ? -v : v;
}

std::filesystem::path watch_rules_file(const std::filesystem::path& policies_root) {
    return policies_root / "monitoring" / "monitoring.toml";
}

Result<WatchRules> load_watch_rules(const std::filesystem::path& file) {
    auto parsed = tr::parse(file);
    if (!parsed) return parsed.status();
    const toml::table& t = *parsed;
    if (auto s = tr::only_keys(file, t, "", {"version", "top500", "bulletin", "warning"}); !s) return s;
    WatchRules r;
    if (auto s = tr::read_string(file, t, "", "version", r.version); !s) return s;
    if (const auto* top = t["top500"].as_table()) {
        if (auto s = tr::only_keys(file, *top, "top500.", {"basis", "size"}); !s) return s;
        std::string basis = "output";
        if (auto s = tr::read_string(file, *top, "top500.", "basis", basis, false); !s) return s;
        if (basis != "output" && basis != "designation")
            return tr::file_error(file, top->get("basis"), "top500.basis",
                                  {"应为 output 或 designation", "expected output or designation"});
        r.basis = basis == "output" ? TopBasis::kOutput : TopBasis::kDesignation;
        if (auto s = tr::read_int(file, *top, "top500.", "size", r.size, 1, 100000, false); !s) return s;
    }
    if (const auto* b = t["bulletin"].as_table()) {
        if (auto s = tr::only_keys(file, *b, "bulletin.", {"working_day"}); !s) return s;
        if (auto s = tr::read_int(file, *b, "bulletin.", "working_day", r.bulletin_working_day, 1, 20, false); !s)
            return s;
    }
    auto rules = tr::tables(file, t, "warning");
    if (!rules) return rules.status();
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rules->size(); ++i) {
        const toml::table& w = *(*rules)[i];
        const std::string path = "warning[" + std::to_string(i) + "].";
        if (auto s = tr::only_keys(file, w, path, {"id", "level", "kind", "threshold", "months", "opens_case"}); !s)
            return s;
        WarningRule rule;
        std::string level, kind;
        if (auto s = tr::read_string(file, w, path, "id", rule.id); !s) return s;
        if (!ids.insert(rule.id).second)
            return tr::file_error(file, w.get("id"), path + "id", {"规则编号重复", "duplicate rule id"});
        if (auto s = tr::read_string(file, w, path, "level", level); !s) return s;
        auto li = index_of(kLevelCodes, level);
        if (!li)
            return tr::file_error(file, w.get("level"), path + "level",
                                  {"应为 red、orange、yellow 或 blue", "expected red, orange, yellow or blue"});
        rule.level = static_cast<Level>(*li);
        if (auto s = tr::read_string(file, w, path, "kind", kind); !s) return s;
        auto ki = index_of(kKinds, kind);
        if (!ki) {
            std::string all;
            for (auto k : kKinds) all += (all.empty() ? "" : ", ") + std::string(k);
            return tr::file_error(file, w.get("kind"), path + "kind", {"应为 " + all, "expected " + all});
        }
        rule.kind = static_cast<WarningKind>(*ki);
        if (rule.kind == WarningKind::kMonthlyDeclineRun) {
            if (auto s = tr::read_int(file, w, path, "months", rule.months, 1, 12); !s) return s;
            if (w.contains("threshold"))
                return tr::file_error(file, w.get("threshold"), path + "threshold",
                                      {"该类规则没有阈值（用 months）", "this kind has no threshold (use months)"});
        } else {
            std::string th;
            if (auto s = tr::read_string(file, w, path, "threshold", th); !s) return s;
            auto v = parse_hundredths(th);
            if (!v)
                return tr::file_error(file, w.get("threshold"), path + "threshold",
                                      {"应为至多两位小数的数（字符串），如 \"-10\"、\"90\"、\"15.5\"",
                                       "expected a number with at most two decimals, as a string: \"-10\", \"90\""});
            if (rule.kind != WarningKind::kCumulativeGrowthBelow && *v < 0)
                return tr::file_error(file, w.get("threshold"), path + "threshold",
                                      {"不能为负数", "must not be negative"});
            rule.threshold = *v;
            if (w.contains("months"))
                return tr::file_error(file, w.get("months"), path + "months",
                                      {"只有 monthly_decline_run 有 months", "only monthly_decline_run has months"});
        }
        if (w.contains("opens_case"))
            if (auto s = tr::read_bool(file, w, path, "opens_case", rule.opens_case); !s) return s;
        r.warnings.push_back(std::move(rule));
    }
    return r;
}

}  // namespace zx::monitoring
