// An outbound HTTP(S) POST with hard time limits, for the service desk's webhooks: one request, one
// answer, no redirects followed, TLS verified against the system's certificate store. Boost.Beast
// stays in this file and http_server.cpp.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/status.hpp"

namespace zx::http {

struct ClientResponse {
    int status = 0;
    std::string body;  // at most the first 4 KiB, for the delivery log
};

// POSTs `body` to `url` (http:// or https://) with `headers`. A network failure, a timeout or an
// unparsable URL is an IoError naming what went wrong; any HTTP status is a response.
Result<ClientResponse> post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body, std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace zx::http
