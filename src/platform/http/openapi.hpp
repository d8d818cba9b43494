// The OpenAPI 3.0 document generated from route tables: every operation with its permission
// (x-permission and in the description), its parameters (path, query, the CSRF header on unsafe
// methods of session routes), its request schema, its success status and schema, and one response
// per status its error codes map to (with the shared Error body).
#pragma once

#include <string>
#include <vector>

#include "platform/http/route.hpp"

namespace zx::http {

struct OpenApiInfo {
    std::string title;
    std::string version;
    std::string description;
};

std::string openapi_document(const OpenApiInfo& info, const std::vector<const Route*>& routes);

}  // namespace zx::http
