// What the service desk's route files share: desk_routes() (desk_routes.cpp: the cases, their steps,
// sub-tasks and attachments) adds the 三张清单, notifications and meta (desk_list_routes.cpp), then the
// KPIs, the exchange with other systems and the webhooks (desk_admin_routes.cpp), in that order: the
// order of the table is the order of the OpenAPI document. Internal to the module.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/page.hpp"
#include "core/status.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "platform/http/route.hpp"
#include "platform/http/schema.hpp"

namespace zx::service_desk {

// /api/desk/tasks … /api/desk/meta.
void add_list_routes(http::RouteTable& t, DeskService& desk);
// /api/desk/kpi … /api/desk/webhooks/deliveries.
void add_admin_routes(http::RouteTable& t, DeskService& desk);

inline boost::json::value opt_int(const std::optional<std::int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
inline boost::json::value opt_int(const std::optional<int>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

inline boost::json::value sla_states() {
    return http::schema::one_of_strings({"ok", "warning", "breached", "met", "missed"});
}

// Every page of a list, for an export (bounded: the sheet of a list, not a data dump).
template <typename T, typename F>
Result<std::vector<T>> all_pages(F&& page_fn) {
    std::vector<T> out;
    for (int p = 1; p <= 200; ++p) {
        auto page = page_fn(PageRequest{p, kMaxPageSize});
        if (!page) return page.status();
        for (T& x : page->items) out.push_back(std::move(x));
        if (out.size() >= static_cast<std::size_t>(page->total) || page->items.empty()) break;
    }
    return out;
}

}  // namespace zx::service_desk
