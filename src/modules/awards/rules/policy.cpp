#include "modules/awards/rules/policy.hpp"

#include <algorithm>

namespace zx {

int Policy::find_clause(const std::string& cid) const {
    for (std::size_t i = 0; i < clauses.size(); ++i)
        if (clauses[i].id == cid) return static_cast<int>(i);
    return -1;
}

int Policy::find_group(const std::string& gid) const {
    for (std::size_t i = 0; i < groups.size(); ++i)
        if (groups[i].id == gid) return static_cast<int>(i);
    return -1;
}

MonthRange Policy::months_needed() const {
    bool any = false;
    MonthRange r{};
    for (const auto& c : clauses) {
        for (const auto& p : c.periods) {
            YearMonth lo = p.first + (-12);
            if (c.growth_window == GrowthWindow::kYearToDate) lo = std::min(lo, YearMonth::of(p.last.year() - 1, 1));
            if (!any) r = {lo, p.last};
            r.first = std::min(r.first, lo);
            r.last = std::max(r.last, p.last);
            any = true;
        }
    }
    return r;
}

}  // namespace zx
