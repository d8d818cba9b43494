// The monitoring module's routes: /api/monitoring/* (docs/monitoring.md).
#pragma once

#include <cstddef>

#include "modules/monitoring/monitoring_service.hpp"
#include "platform/http/route.hpp"

namespace zx::monitoring {

http::RouteTable routes(MonitoringService& service, std::size_t max_upload_bytes);

}  // namespace zx::monitoring
