// The responsible departments (责任单位) that tasks are dispatched to and department accounts belong
// to: one list, read from a data file shipped with the policies (policies/departments.toml) when the
// server starts, so adding a department is an edit of that file, not of code.
//
// Thread safety: parse() is pure. install_responsible_departments() replaces the process's list
// atomically; responsible_departments() returns a snapshot that stays valid while it is held.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace zx {

struct Department {
    std::string code;  // short ASCII code ("gxt")
    std::string name;  // the Chinese name, as tasks and accounts store it ("自治区工业和信息化厅")
};

class DepartmentList {
  public:
    DepartmentList() = default;
    // Parses the file's text:   version = "…"   then   [[department]] / code = "…" / name = "…"   blocks;
    // `#` starts a comment. Unknown keys, a block without code or name, or a duplicate code or name are
    // errors naming `file` and the line.
    static Result<DepartmentList> parse(std::string_view text, std::string_view file);

    // The department whose name or code is `name_or_code`, or nullptr.
    const Department* find(std::string_view name_or_code) const;
    const std::vector<Department>& all() const { return items_; }
    const std::string& version() const { return version_; }

  private:
    std::string version_;
    std::vector<Department> items_;
};

// The list the server loaded at startup (empty before: then no department is known).
std::shared_ptr<const DepartmentList> responsible_departments();
void install_responsible_departments(DepartmentList list);
// Whether `name` is the name of a department of the installed list.
bool is_responsible_department(std::string_view name);

}  // namespace zx
