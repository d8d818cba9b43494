#include "platform/formats/toml_rules.hpp"

#include <algorithm>

namespace zx::toml_rules {

namespace fs = std::filesystem;

Status file_error(const fs::path& file, const toml::node* at, const std::string& field, const Text& what) {
    std::string loc = file.string();
    if (at) loc += ":" + std::to_string(at->source().begin.line);
    return Status::data_error({loc + ": " + field + "：" + what.zh, loc + ": " + field + ": " + what.en});
}

Result<toml::table> parse(const fs::path& file) {
    try {
        return toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        const std::string at = file.string() + ":" + std::to_string(e.source().begin.line);
        return Status::data_error({at + "：TOML语法错误：" + std::string(e.description()),
                                   at + ": TOML syntax error: " + std::string(e.description())});
    }
}

Status only_keys(const fs::path& file, const toml::table& t, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& [k, v] : t)
        if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
            return file_error(file, &v, path + std::string(k.str()), {"未知的键", "unknown key"});
    return Status::ok();
}

Status read_string(const fs::path& file, const toml::table& t, const std::string& path, std::string_view key,
                   std::string& out, bool required) {
    const toml::node* n = t.get(key);
    if (!n) return required ? file_error(file, &t, path + std::string(key), {"缺少", "missing"}) : Status::ok();
    const auto* s = n->as_string();
    if (!s || s->get().empty())
        return file_error(file, n, path + std::string(key), {"应为非空字符串", "expected a non-empty string"});
    out = s->get();
    return Status::ok();
}

Status read_int(const fs::path& file, const toml::table& t, const std::string& path, std::string_view key, int& out,
                int min, int max, bool required) {
    const toml::node* n = t.get(key);
    if (!n) return required ? file_error(file, &t, path + std::string(key), {"缺少", "missing"}) : Status::ok();
    const auto* i = n->as_integer();
    const std::string range = std::to_string(min) + "–" + std::to_string(max);
    if (!i || i->get() < min || i->get() > max)
        return file_error(file, n, path + std::string(key),
                          {"应为 " + range + " 的整数", "expected an integer " + range});
    out = static_cast<int>(i->get());
    return Status::ok();
}

Status read_bool(const fs::path& file, const toml::table& t, const std::string& path, std::string_view key, bool& out) {
    const toml::node* n = t.get(key);
    if (!n) return Status::ok();
    const auto* b = n->as_boolean();
    if (!b) return file_error(file, n, path + std::string(key), {"应为 true 或 false", "expected true or false"});
    out = b->get();
    return Status::ok();
}

Status read_strings(const fs::path& file, const toml::table& t, const std::string& path, std::string_view key,
                    std::vector<std::string>& out, bool required) {
    const toml::node* n = t.get(key);
    if (!n) return required ? file_error(file, &t, path + std::string(key), {"缺少", "missing"}) : Status::ok();
    const auto* a = n->as_array();
    if (!a) return file_error(file, n, path + std::string(key), {"应为字符串数组", "expected an array of strings"});
    out.clear();
    for (const toml::node& e : *a) {
        const auto* s = e.as_string();
        if (!s || s->get().empty())
            return file_error(file, &e, path + std::string(key), {"应为非空字符串", "expected non-empty strings"});
        out.push_back(s->get());
    }
    return Status::ok();
}

Result<std::vector<const toml::table*>> tables(const fs::path& file, const toml::table& t, std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const auto* a = n->as_array();
    if (!a)
        return file_error(file, n, std::string(key),
                          {"应为 [[" + std::string(key) + "]] 表数组", "expected [[tables]]"});
    for (const toml::node& e : *a) {
        const auto* tt = e.as_table();
        if (!tt) return file_error(file, &e, std::string(key), {"应为表", "expected a table"});
        out.push_back(tt);
    }
    return out;
}

}  // namespace zx::toml_rules
