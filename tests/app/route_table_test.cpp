// The route tables are the one list of routes: every route names a known permission and documents
// its errors, every error code maps to one HTTP status, and the OpenAPI document generated from the
// tables describes each operation's permission, errors and request body.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "app/app.hpp"
#include "app/permission_catalog.hpp"
#include "platform/http/route.hpp"

namespace zx::api {
namespace {

namespace json = boost::json;

const App& app() {
    return document_app();
}

TEST(RouteTables, EveryPermissionIsDeclaredOnceAndEveryRouteNamesOne) {
    std::set<std::string_view> codes;
    for (const Permission* p : permission_catalog()) {
        EXPECT_TRUE(codes.insert(p->code).second) << "declared twice: " << p->code;
        EXPECT_NE(p->granted, 0) << p->code << " is granted to no role";
        EXPECT_FALSE(p->granted_to(Role::kNone));
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (const http::Route& r : app().routes()) {
        EXPECT_TRUE(seen.insert({r.method, r.path}).second) << "registered twice: " << r.method << " " << r.path;
        EXPECT_TRUE(static_cast<bool>(r.handler)) << r.path;
        EXPECT_FALSE(r.summary.empty()) << r.path;
        if (r.access == http::Access::kPermission) {
            ASSERT_NE(r.permission, nullptr) << r.method << " " << r.path;
            EXPECT_TRUE(codes.count(r.permission->code))
                << r.path << ": " << r.permission->code << " not in the catalog";
        } else {
            EXPECT_EQ(r.permission, nullptr) << r.path << ": a permission on a route that does not check it";
        }
    }
}

TEST(RouteTables, EveryErrorCodeMapsToExactlyOneStatus) {
    std::set<std::string_view> unique;
    for (std::string_view c : http::error_codes()) {
        EXPECT_TRUE(unique.insert(c).second) << "listed twice: " << c;
        const int s = http::error_status(c);
        EXPECT_GE(s, 400) << c;
        EXPECT_LT(s, 600) << c;
    }
    for (const http::Route& r : app().routes())
        for (const std::string& c : http::route_error_codes(r))
            EXPECT_GT(http::error_status(c), 0) << r.path << " answers with an unknown code " << c;
    // The factories' codes.
    for (const char* c :
         {"bad_request", "unauthorized", "forbidden", "not_found", "conflict", "validation_failed", "too_many_requests",
          "internal", "captcha_required", "csrf", "cross_origin", "password_change_required"})
        EXPECT_GT(http::error_status(c), 0) << c;
}

TEST(RouteTables, TheDocumentDescribesPermissionsErrorsAndBodies) {
    json::value doc = json::parse(app().openapi());
    const json::object& paths = doc.at("paths").as_object();
    std::size_t ops = 0;
    for (const http::Route& r : app().routes()) {
        std::string m = r.method;
        for (auto& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const json::object* op = nullptr;
        if (auto* item = paths.if_contains(r.path))
            if (auto* o = item->as_object().if_contains(m)) op = &o->as_object();
        ASSERT_NE(op, nullptr) << r.method << " " << r.path << " is not documented";
        ++ops;
        if (r.access == http::Access::kPermission) {
            EXPECT_EQ(op->at("x-permission").as_string(), r.permission->code) << r.path;
        }
        const json::object& responses = op->at("responses").as_object();
        EXPECT_TRUE(responses.contains(std::to_string(r.status))) << r.path;
        bool has_error = false;
        for (const auto& kv : responses) has_error = has_error || kv.key().front() >= '4';
        EXPECT_TRUE(has_error) << r.method << " " << r.path << " documents no error response";
        if (!r.request.is_null()) {
            EXPECT_TRUE(op->contains("requestBody")) << r.path;
            EXPECT_TRUE(r.method == "POST" || r.method == "PUT" || r.method == "PATCH") << r.path;
        }
        if (r.access != http::Access::kPublic && r.method != "GET" && r.method != "HEAD") {
            EXPECT_NE(json::serialize(op->at("parameters")).find("X-CSRF-Token"), std::string::npos) << r.path;
        }
    }
    std::size_t documented = 0;
    for (const auto& kv : paths) documented += kv.value().as_object().size();
    EXPECT_EQ(documented, ops) << "the document has operations no route table has";
}

// A write that takes a JSON body declares its schema (uploads declare their media types instead).
TEST(RouteTables, WritesWithBodiesDeclareTheirSchemas) {
    const std::set<std::string> no_body = {"POST /api/auth/logout",
                                           "POST /api/users/{id}/unlock",
                                           "POST /api/users/{id}/confirm",
                                           "POST /api/audit/anchor",
                                           "DELETE /api/security/sessions/{id}",
                                           "POST /api/monitoring/data/{table}/verify",
                                           "POST /api/monitoring/bulletins/{month}/issue"};
    for (const http::Route& r : app().routes()) {
        if (r.method == "GET") continue;
        if (no_body.count(r.method + " " + r.path)) continue;
        EXPECT_TRUE(!r.request.is_null() || !r.request_media.empty()) << r.method << " " << r.path;
    }
}

}  // namespace
}  // namespace zx::api
