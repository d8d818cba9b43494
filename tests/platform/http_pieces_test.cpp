// The HTTP layer's pieces alone, without a server: Router, Response, Request and Metrics.
#include <gtest/gtest.h>

#include <string>

#include "platform/http/http.hpp"

namespace zx::http {
namespace {

// ---- pieces ----

TEST(Router, MatchesSegmentsParamsAndMethods) {
    Router r;
    r.add("GET", "/api/a/{x}", [](Request&) { return Response{}; });
    r.add(
        "POST", "/api/a/{x}", [](Request&) { return Response{}; }, RouteOptions{10});
    r.add("GET", "/api/a/fixed", [](Request&) { return Response{}; });
    std::map<std::string, std::string> params;
    auto m = r.match("GET", "/api/a/7", params);
    ASSERT_TRUE(m.handler);
    EXPECT_EQ(m.pattern, "/api/a/{x}");
    EXPECT_EQ(params["x"], "7");
    params.clear();
    EXPECT_EQ(r.match("GET", "/api/a/fixed", params).pattern, "/api/a/fixed");
    EXPECT_TRUE(params.empty());
    EXPECT_EQ(r.match("POST", "/api/a/fixed", params).pattern, "/api/a/{x}");
    auto none = r.match("DELETE", "/api/a/7", params);
    EXPECT_FALSE(none.handler);
    EXPECT_TRUE(none.path_exists);
    EXPECT_EQ(none.allow, "GET, POST, HEAD");
    auto missing = r.match("GET", "/api/b", params);
    EXPECT_FALSE(missing.handler);
    EXPECT_FALSE(missing.path_exists);
    EXPECT_FALSE(r.match("GET", "/api/a", params).handler);
    EXPECT_FALSE(r.match("GET", "/api/a/7/8", params).handler);
    EXPECT_EQ(r.max_body_any(), RouteOptions{}.max_body);
    auto routes = r.routes();
    ASSERT_EQ(routes.size(), 3u);
    EXPECT_EQ(routes[1], (std::pair<std::string, std::string>("POST", "/api/a/{x}")));
}

TEST(Response, FileNameFallbacks) {
    auto header = [](const std::string& name) { return Response::file("", "text/plain", name).headers.at(0).second; };
    EXPECT_EQ(header("report.xlsx"), "attachment; filename=\"report.xlsx\"; filename*=UTF-8''report.xlsx");
    EXPECT_EQ(header("南宁.xlsx"), "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E5%8D%97%E5%AE%81.xlsx");
    EXPECT_EQ(header("a\"b\r\n.csv"), "attachment; filename=\"a_b__.csv\"; filename*=UTF-8''a%22b%0D%0A.csv");
}

TEST(Request, HeaderQueryAndCookie) {
    Request q;
    q.headers["cookie"] = "a=1; sid=\"xyz\";  theme = dark ";
    q.query.emplace("k", "v1");
    q.query.emplace("k", "v2");
    EXPECT_EQ(q.cookie("sid").value_or(""), "xyz");
    EXPECT_EQ(q.cookie("theme").value_or(""), "dark");
    EXPECT_FALSE(q.cookie("missing"));
    EXPECT_EQ(q.q("k").value_or(""), "v1");
    EXPECT_FALSE(q.q("nope"));
    EXPECT_EQ(q.header("cookie"), q.headers["cookie"]);
    EXPECT_EQ(q.header("absent"), "");
}

TEST(Metrics, PrometheusHistogramIsCumulative) {
    Metrics m;
    m.observe("GET", "/x", 200, 0.0005);
    m.observe("GET", "/x", 200, 0.02);
    m.observe("GET", "/x", 500, 20.0);
    std::string text = m.prometheus_text();
    EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="/x",status="200"} 2)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="/x",status="500"} 1)"), std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="0.001"} 1)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="0.025"} 2)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="10"} 2)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="+Inf"} 3)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_count{method="GET",route="/x"} 3)"), std::string::npos);
}

}  // namespace
}  // namespace zx::http
