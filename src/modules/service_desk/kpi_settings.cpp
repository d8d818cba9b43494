#include "modules/service_desk/kpi_settings.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>

#include "core/money.hpp"

namespace zx::service_desk {
namespace {

// "kpi.toml:12: weights.response：…" / "kpi.toml:12: weights.response: …"
Status file_error(const std::string& file, const toml::node* at, const std::string& key, const Text& what) {
    std::string loc = file;
    if (at != nullptr) loc += ":" + std::to_string(at->source().begin.line);
    return Status::data_error({loc + ": " + key + "：" + what.zh, loc + ": " + key + ": " + what.en});
}

Status only_keys(const std::string& file, const toml::table& t, const std::string& prefix,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& [k, v] : t)
        if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
            return file_error(file, &v, prefix + std::string(k.str()), {"未知的键", "unknown key"});
    return Status::ok();
}

// The optional table `name` of `root`; an error when the key is there but is not a table.
Result<const toml::table*> section(const std::string& file, const toml::table& root, const std::string& name) {
    const toml::node* n = root.get(name);
    if (n == nullptr) return static_cast<const toml::table*>(nullptr);
    if (!n->is_table()) return file_error(file, n, name, {"应为表 [" + name + "]", "expected a table [" + name + "]"});
    return n->as_table();
}

// An exact ratio written as a string ("0.4", "40%"), or nullopt when the key is absent.
Result<std::optional<Ratio>> ratio(const std::string& file, const toml::table& t, const std::string& key,
                                   const std::string& path) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::optional<Ratio>();
    if (n->is_floating_point())
        return file_error(file, n, path,
                          {"请写成字符串（如 \"0.4\" 或 \"40%\"），以保证精确",
                           "write it as a string (\"0.4\" or \"40%\") so it stays exact"});
    const auto* s = n->as_string();
    if (s == nullptr)
        return file_error(file, n, path, {"应为比例字符串，如 \"0.4\"", "expected a ratio string like \"0.4\""});
    auto r = parse_ratio(s->get());
    if (!r)
        return file_error(file, n, path,
                          {"“" + s->get() + "”不是比例（如 \"0.4\" 或 \"40%\"）",
                           "\"" + s->get() + "\" is not a ratio (like \"0.4\" or \"40%\")"});
    if (r->num > r->den) return file_error(file, n, path, {"不能大于1", "must not exceed 1"});
    return std::optional<Ratio>(*r);
}

Status read_rates(const std::string& file, const toml::table& t, KpiSettings& out) {
    if (auto s = only_keys(file, t, "rates.", {"satisfied_ratings"}); !s) return s;
    const toml::node* n = t.get("satisfied_ratings");
    if (n == nullptr) return Status::ok();
    const std::string path = "rates.satisfied_ratings";
    const auto* a = n->as_array();
    if (a == nullptr || a->empty())
        return file_error(file, n, path,
                          {"应为1–5的整数数组，如 [4, 5]", "expected an array of ratings 1–5, like [4, 5]"});
    std::vector<int> ratings;
    for (const toml::node& e : *a) {
        const auto* i = e.as_integer();
        if (i == nullptr || i->get() < 1 || i->get() > 5)
            return file_error(file, &e, path, {"评分应为1–5的整数", "a rating is an integer 1–5"});
        const int r = static_cast<int>(i->get());
        if (std::find(ratings.begin(), ratings.end(), r) != ratings.end())
            return file_error(file, &e, path,
                              {"评分 " + std::to_string(r) + " 重复", "rating " + std::to_string(r) + " repeated"});
        ratings.push_back(r);
    }
    std::sort(ratings.begin(), ratings.end());
    out.satisfied_ratings = std::move(ratings);
    return Status::ok();
}

// Ten-thousandths as a decimal: 9000 → "0.9", 12500 → "1.25".
std::string fmt_sum(std::int64_t ten_thousandths) {
    std::string frac = std::to_string(10000 + ten_thousandths % 10000).substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return std::to_string(ten_thousandths / 10000) + (frac.empty() ? "" : "." + frac);
}

Status read_weights(const std::string& file, const toml::table& t, KpiSettings& out) {
    if (auto s = only_keys(file, t, "weights.", {"response", "resolution", "satisfaction"}); !s) return s;
    const std::initializer_list<std::pair<const char*, std::int64_t*>> weights = {
        {"response", &out.response_weight},
        {"resolution", &out.resolution_weight},
        {"satisfaction", &out.satisfaction_weight},
    };
    for (const auto& [key, target] : weights) {
        const std::string path = std::string("weights.") + key;
        auto r = ratio(file, t, key, path);
        if (!r) return r.status();
        if (!r->has_value()) continue;
        const Ratio w = **r;
        // The score is computed in ten-thousandths of a weight, exactly.
        if (10000 % w.den != 0)
            return file_error(file, t.get(key), path, {"最多四位小数", "at most four decimal places"});
        *target = w.num * (10000 / w.den);
    }
    const std::int64_t sum = out.response_weight + out.resolution_weight + out.satisfaction_weight;
    if (sum != 10000) {
        const std::string shown = fmt_sum(sum);
        return file_error(file, &t, "weights",
                          {"权重之和应为1，现为 " + shown, "the weights must sum to 1, not " + shown});
    }
    return Status::ok();
}

Status read_percentiles(const std::string& file, const toml::table& t, KpiSettings& out) {
    if (auto s = only_keys(file, t, "percentiles.", {"median", "p90"}); !s) return s;
    for (const auto& [key, target] : {std::pair{"median", &out.median}, std::pair{"p90", &out.p90}}) {
        const std::string path = std::string("percentiles.") + key;
        auto r = ratio(file, t, key, path);
        if (!r) return r.status();
        if (!r->has_value()) continue;
        if ((*r)->num == 0) return file_error(file, t.get(key), path, {"应大于0", "must be above 0"});
        *target = **r;
    }
    return Status::ok();
}

}  // namespace

Result<KpiSettings> parse_kpi_settings(std::string_view toml_text, const std::string& file_name) {
    toml::table root;
    try {
        root = toml::parse(toml_text, file_name);
    } catch (const toml::parse_error& e) {
        const std::string at = file_name + ":" + std::to_string(e.source().begin.line);
        return Status::data_error({at + "：TOML语法错误：" + std::string(e.description()),
                                   at + ": TOML syntax error: " + std::string(e.description())});
    }
    if (auto s = only_keys(file_name, root, "", {"version", "rates", "weights", "percentiles"}); !s) return s;
    KpiSettings out;
    const toml::node* version = root.get("version");
    if (version == nullptr) return file_error(file_name, nullptr, "version", {"缺少版本号", "missing"});
    const auto* v = version->as_integer();
    if (v == nullptr || v->get() < 1)
        return file_error(file_name, version, "version", {"应为正整数", "expected a positive integer"});
    out.version = v->get();

    auto rates = section(file_name, root, "rates");
    if (!rates) return rates.status();
    if (*rates != nullptr)
        if (auto s = read_rates(file_name, **rates, out); !s) return s;
    auto weights = section(file_name, root, "weights");
    if (!weights) return weights.status();
    if (*weights != nullptr)
        if (auto s = read_weights(file_name, **weights, out); !s) return s;
    auto percentiles = section(file_name, root, "percentiles");
    if (!percentiles) return percentiles.status();
    if (*percentiles != nullptr)
        if (auto s = read_percentiles(file_name, **percentiles, out); !s) return s;
    return out;
}

Result<KpiSettings> load_kpi_settings(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::io_error({file.string() + "：无法读取文件", file.string() + ": cannot read the file"});
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return Status::io_error({file.string() + "：无法读取文件", file.string() + ": cannot read the file"});
    return parse_kpi_settings(text, file.string());
}

}  // namespace zx::service_desk
