// The 亩均 evaluation's routes under /api/parks (docs/park-evaluation.md).
#pragma once

#include <cstddef>

#include "modules/park_evaluation/park_service.hpp"
#include "platform/http/route.hpp"

namespace zx::park_evaluation {

http::RouteTable routes(parks::ParkService& parks, std::size_t max_upload_bytes);

}  // namespace zx::park_evaluation
