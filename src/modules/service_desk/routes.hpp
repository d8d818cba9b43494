// The service desk's routes: dispatched tasks in scope, dispatching, status updates.
#pragma once

#include "modules/service_desk/task_service.hpp"
#include "platform/http/route.hpp"

namespace zx::service_desk {

http::RouteTable routes(TaskService& tasks);

}  // namespace zx::service_desk
