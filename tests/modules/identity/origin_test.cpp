#include <gtest/gtest.h>

#include "modules/identity/route_guard.hpp"

namespace zx::identity {
namespace {

http::Request post(const std::string& host, const std::string& origin) {
    http::Request r;
    r.method = "POST";
    r.headers["host"] = host;
    if (!origin.empty()) r.headers["origin"] = origin;
    return r;
}

TEST(SameOrigin, CrossSiteUnsafeRequestsAreRefused) {
    EXPECT_NO_THROW(require_same_origin(post("zx.gxzf.gov.cn", "")));  // API clients send no Origin
    EXPECT_NO_THROW(require_same_origin(post("zx.gxzf.gov.cn", "https://zx.gxzf.gov.cn")));
    EXPECT_NO_THROW(require_same_origin(post("127.0.0.1:8080", "http://127.0.0.1:8080")));
    EXPECT_THROW(require_same_origin(post("zx.gxzf.gov.cn", "https://evil.example")), http::HttpError);
    EXPECT_THROW(require_same_origin(post("zx.gxzf.gov.cn", "null")), http::HttpError);
    EXPECT_THROW(require_same_origin(post("127.0.0.1:8080", "http://127.0.0.1:9090")), http::HttpError);
    http::Request get = post("a", "https://evil.example");
    get.method = "GET";
    EXPECT_NO_THROW(require_same_origin(get));
}

}  // namespace
}  // namespace zx::identity
