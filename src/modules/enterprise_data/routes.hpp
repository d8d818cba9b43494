// The enterprise data module's routes: enterprises in scope, uploads with defect reports, monthly
// output, 核定 (verify/reject), revisions, progress, contacts (masked; revealed with an audit entry).
#pragma once

#include "modules/enterprise_data/contact_service.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "platform/http/route.hpp"

namespace zx::enterprise_data {

struct RouteDeps {
    DataService& data;
    ContactService& contacts;
    std::size_t max_upload_bytes;
};

http::RouteTable routes(const RouteDeps& deps);

}  // namespace zx::enterprise_data
