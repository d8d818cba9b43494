// The service desk's routes: the old dispatched tasks, and the desk (cases, sub-tasks, the 三张清单,
// notifications, KPIs; docs/service-desk.md).
#pragma once

#include "modules/service_desk/desk_service.hpp"
#include "modules/service_desk/task_service.hpp"
#include "platform/http/route.hpp"

namespace zx::service_desk {

http::RouteTable routes(TaskService& tasks);
http::RouteTable desk_routes(DeskService& desk);

}  // namespace zx::service_desk
