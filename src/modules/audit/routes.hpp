// The audit log's routes: read, verify, export (the audit administrator only).
#pragma once

#include "platform/http/route.hpp"
#include "platform/storage/db.hpp"

namespace zx::audit {

http::RouteTable routes(db::Database& db);

}  // namespace zx::audit
