// What the HTTP server tests share (http_server_test.cpp, http_server_lifecycle_test.cpp): the raw
// client's one-shot request, JSON readers, and a router with a route for every behaviour under test.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "platform/http/http.hpp"
#include "support/raw_http_client.hpp"

namespace zx::http::test {

namespace json = boost::json;

using zx::test::Client;
using zx::test::Reply;

inline Reply fetch(std::uint16_t port, const std::string& method, const std::string& target,
                   const std::string& extra_headers = {}, const std::string& body = {}) {
    Client c(port);
    auto r = c.request(method, target, extra_headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(Reply{});
}

inline json::object parse_object(const std::string& body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    EXPECT_FALSE(ec) << body;
    return v.is_object() ? v.as_object() : json::object{};
}

inline std::string str(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : std::string();
}

inline bool is_hex16(const std::string& s) {
    return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

inline std::shared_ptr<Router> test_router() {
    auto r = std::make_shared<Router>();
    r->add("GET", "/api/runs/{id}/rows", [](Request& q) {
        json::object o;
        o["id"] = q.params.at("id");
        o["page"] = q.q("page").value_or("");
        return Response::json(json::serialize(o));
    });
    r->add("GET", "/api/runs/latest", [](Request&) { return Response::json(R"({"id":"latest"})"); });
    r->add("DELETE", "/api/runs/{id}", [](Request&) { return Response::json("{}"); });
    r->add("GET", "/api/echo", [](Request& q) {
        json::object o;
        o["city"] = q.q("city").value_or("");
        o["x"] = q.q("x").value_or("");
        o["sid"] = q.cookie("sid").value_or("");
        o["custom"] = q.header("x-custom");
        o["path"] = q.path;
        return Response::json(json::serialize(o));
    });
    r->add(
        "POST", "/api/echo", [](Request& q) { return Response::text(q.body); }, RouteOptions{64});
    r->add(
        "POST", "/api/big", [](Request& q) { return Response::text(std::to_string(q.body.size())); },
        RouteOptions{4 << 20});
    r->add("GET", "/api/fail/http", [](Request&) -> Response {
        throw HttpError::unprocessable({"第 3 行有误", "row 3 is invalid"}, R"({"rows":[3,5]})");
    });
    r->add("GET", "/api/fail/detail",
           [](Request&) -> Response { throw HttpError::internal("connection to db lost: secret-detail-7"); });
    r->add("GET", "/api/fail/std",
           [](Request&) -> Response { throw std::runtime_error("password=hunter2 leaked in exception"); });
    r->add("GET", "/api/fail/int", [](Request&) -> Response { throw 42; });
    r->add("GET", "/api/download",
           [](Request&) { return Response::file("a,b\n", "text/csv; charset=utf-8", "南宁 奖励 2024.csv"); });
    r->add("GET", "/api/slow", [](Request& q) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(q.q("ms").value_or("5"))));
        return Response::json(R"({"slept":true})");
    });
    r->add("GET", "/api/cookies", [](Request&) {
        Response res = Response::json("{}");
        res.headers.emplace_back("Set-Cookie", "a=1; HttpOnly");
        res.headers.emplace_back("Set-Cookie", "b=2; HttpOnly");
        res.headers.emplace_back("Cache-Control", "private, max-age=60");
        res.headers.emplace_back("Content-Length", "999");
        res.headers.emplace_back("X-Evil", "x\r\nInjected: yes");
        return res;
    });
    r->add("GET", "/api/no-content", [](Request&) { return Response::text("ignored", "text/plain", 204); });
    return r;
}
}  // namespace zx::http::test
