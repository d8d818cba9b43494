#include "platform/http/openapi.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <map>

#include "platform/http/schema.hpp"

namespace zx::http {
namespace {

namespace json = boost::json;

json::value error_schema() {
    namespace s = schema;
    return s::object(
        {{"error", s::object({{"code", s::string("机器可读的错误码 / machine code")},
                              {"message", s::string("按 Accept-Language 的提示 / message in the request's language")},
                              {"message_zh", s::string()},
                              {"message_en", s::string()},
                              {"request_id", s::string()},
                              {"details", json::object{{"description", "错误明细（如导入缺陷）/ details"}}}},
                             {"code", "message"})}},
        {"error"});
}

json::object ref(const char* name) {
    return json::object{{"$ref", std::string("#/components/schemas/") + name}};
}

std::string lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

json::object operation(const Route& r) {
    json::object o;
    o["tags"] = json::array{json::string(r.tag)};
    o["summary"] = r.summary;
    std::string access;
    switch (r.access) {
        case Access::kPublic:
            access = "公开 / public";
            break;
        case Access::kSession:
            access = "任一已登录账号 / any signed-in account";
            break;
        case Access::kPermission:
            access = "权限 / permission: " + std::string(r.permission ? r.permission->code : "?");
            o["x-permission"] = r.permission ? r.permission->code : "";
            break;
    }
    o["description"] = access;
    o["operationId"] = lower(r.method) + r.path;

    json::array params;
    const std::string& path = r.path;
    for (std::size_t i = path.find('{'); i != std::string::npos; i = path.find('{', i + 1)) {
        const std::size_t j = path.find('}', i);
        params.push_back(json::object{{"name", path.substr(i + 1, j - i - 1)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
    }
    for (const QueryParam& q : r.query) {
        json::object p{{"name", q.name}, {"in", "query"}, {"required", false}, {"schema", {{"type", q.type}}}};
        if (!q.description.empty()) p["description"] = q.description;
        params.push_back(std::move(p));
    }
    const bool unsafe = r.method != "GET" && r.method != "HEAD";
    if (unsafe && r.access != Access::kPublic)
        params.push_back(json::object{
            {"name", "X-CSRF-Token"},
            {"in", "header"},
            {"required", false},
            {"description", "Cookie会话的写操作必须携带（见 /api/auth/me）/ required on writes of cookie sessions"},
            {"schema", json::object{{"type", "string"}}}});
    if (!params.empty()) o["parameters"] = std::move(params);

    if (!r.request.is_null() || !r.request_media.empty()) {
        json::object content;
        if (!r.request.is_null()) content["application/json"] = json::object{{"schema", r.request}};
        for (const std::string& m : r.request_media)
            content[m] = json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}};
        o["requestBody"] = json::object{{"required", true}, {"content", std::move(content)}};
    }

    json::object responses;
    json::object ok{{"description", "成功 / success"}};
    if (r.media == "application/json") {
        if (!r.response.is_null()) ok["content"] = json::object{{"application/json", {{"schema", r.response}}}};
    } else {
        ok["content"] =
            json::object{{r.media, json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}}}};
    }
    responses[std::to_string(r.status)] = std::move(ok);
    std::map<int, std::string> by_status;
    for (const std::string& code : route_error_codes(r)) {
        const int s = error_status(code);
        if (s < 0) continue;
        std::string& d = by_status[s];
        d += (d.empty() ? "" : ", ") + code;
    }
    for (const auto& [s, codes] : by_status) {
        // A route whose success status is also an error status (an upload answers 422 with its
        // defects) documents both under one response.
        const std::string key = std::to_string(s);
        if (responses.contains(key)) continue;
        responses[key] = json::object{{"description", "错误 / error: " + codes},
                                      {"content", {{"application/json", {{"schema", ref("Error")}}}}}};
    }
    o["responses"] = std::move(responses);
    if (r.access != Access::kPublic)
        o["security"] = json::array{json::object{{"cookie", json::array{}}}, json::object{{"bearer", json::array{}}}};
    return o;
}

}  // namespace

std::string openapi_document(const OpenApiInfo& info, const std::vector<const Route*>& routes) {
    json::object paths;
    for (const Route* r : routes) {
        std::string method = lower(r->method);
        // Several methods share a path: add to its item, never replace it.
        if (!paths.contains(r->path)) paths[r->path] = json::object{};
        paths[r->path].as_object()[method] = operation(*r);
    }
    json::object doc{
        {"openapi", "3.0.3"},
        {"info", json::object{{"title", info.title}, {"version", info.version}, {"description", info.description}}},
        {"paths", std::move(paths)},
        {"components",
         json::object{
             {"schemas", json::object{{"Error", error_schema()}}},
             {"securitySchemes",
              json::object{{"cookie", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "zx_session"}}},
                           {"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}}}}}},
    };
    return json::serialize(doc);
}

}  // namespace zx::http
