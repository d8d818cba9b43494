#include "core/department.hpp"

#include <mutex>
#include <set>

namespace zx {
namespace {

std::string_view trim_ascii(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

Status error_at(std::string_view file, std::size_t line, const std::string& zh, const std::string& en) {
    const std::string where = std::string(file) + ":" + std::to_string(line);
    return Status::data_error({where + "：" + zh, where + ": " + en});
}

// The shared list; replaced whole, read as a snapshot.
struct Installed {
    std::mutex mu;
    std::shared_ptr<const DepartmentList> list = std::make_shared<const DepartmentList>();
};
Installed& installed() {
    static Installed i;
    return i;
}

}  // namespace

Result<DepartmentList> DepartmentList::parse(std::string_view text, std::string_view file) {
    DepartmentList out;
    std::set<std::string> codes, names;
    bool in_block = false;
    std::size_t block_line = 0;
    auto close_block = [&]() -> Status {
        if (!in_block) return Status::ok();
        const Department& d = out.items_.back();
        if (d.code.empty() || d.name.empty())
            return error_at(file, block_line, "[[department]] 须有 code 和 name", "[[department]] needs code and name");
        if (!codes.insert(d.code).second)
            return error_at(file, block_line, "重复的 code " + d.code, "duplicate code " + d.code);
        if (!names.insert(d.name).second)
            return error_at(file, block_line, "重复的 name " + d.name, "duplicate name " + d.name);
        return Status::ok();
    };
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        // A comment starts at a # outside the quoted value (after its closing quote, or on a line without one).
        if (trim_ascii(line).starts_with('#')) continue;
        const std::size_t last_quote = line.rfind('"');
        if (const std::size_t hash = line.find('#', last_quote == std::string_view::npos ? 0 : last_quote + 1);
            hash != std::string_view::npos)
            line = line.substr(0, hash);
        line = trim_ascii(line);
        if (line.empty()) continue;
        if (line == "[[department]]") {
            if (auto s = close_block(); !s) return s;
            out.items_.push_back({});
            in_block = true;
            block_line = line_no;
            continue;
        }
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            return error_at(file, line_no, "应为 key = \"value\"", "expected key = \"value\"");
        const std::string key(trim_ascii(line.substr(0, eq)));
        std::string_view value = trim_ascii(line.substr(eq + 1));
        if (value.size() < 2 || value.front() != '"' || value.back() != '"' ||
            value.substr(1, value.size() - 2).find('"') != std::string_view::npos)
            return error_at(file, line_no, key + " 的值应为带引号的字符串", key + ": expected a quoted string");
        std::string v(value.substr(1, value.size() - 2));
        if (!in_block && key == "version")
            out.version_ = std::move(v);
        else if (in_block && key == "code")
            out.items_.back().code = std::move(v);
        else if (in_block && key == "name")
            out.items_.back().name = std::move(v);
        else
            return error_at(file, line_no, "未知的键 " + key, "unknown key " + key);
    }
    if (auto s = close_block(); !s) return s;
    if (out.items_.empty()) return error_at(file, line_no, "没有任何 [[department]]", "no [[department]] at all");
    return out;
}

const Department* DepartmentList::find(std::string_view name_or_code) const {
    for (const Department& d : items_)
        if (d.name == name_or_code || d.code == name_or_code) return &d;
    return nullptr;
}

std::shared_ptr<const DepartmentList> responsible_departments() {
    Installed& i = installed();
    const std::lock_guard lock(i.mu);
    return i.list;
}

void install_responsible_departments(DepartmentList list) {
    auto next = std::make_shared<const DepartmentList>(std::move(list));
    Installed& i = installed();
    const std::lock_guard lock(i.mu);
    i.list = std::move(next);
}

bool is_responsible_department(std::string_view name) {
    const Department* d = responsible_departments()->find(name);
    return d != nullptr && d->name == name;
}

}  // namespace zx
