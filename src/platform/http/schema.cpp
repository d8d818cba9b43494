#include "platform/http/schema.hpp"

#include <boost/json.hpp>

namespace zx::http::schema {
namespace {

json::value typed(const char* type, std::string_view description) {
    json::object o{{"type", type}};
    if (!description.empty()) o["description"] = description;
    return o;
}

}  // namespace

json::value string(std::string_view d) {
    return typed("string", d);
}
json::value integer(std::string_view d) {
    return typed("integer", d);
}
json::value boolean(std::string_view d) {
    return typed("boolean", d);
}

json::value nullable(json::value s) {
    if (s.is_object()) s.as_object()["nullable"] = true;
    return s;
}

json::value one_of_strings(std::initializer_list<std::string_view> values, std::string_view d) {
    json::object o = typed("string", d).as_object();
    json::array e;
    for (auto v : values) e.emplace_back(v);
    o["enum"] = std::move(e);
    return o;
}

json::value array(json::value items) {
    return json::object{{"type", "array"}, {"items", std::move(items)}};
}

json::value object(std::initializer_list<std::pair<std::string_view, json::value>> properties,
                   std::initializer_list<std::string_view> required) {
    json::object props;
    for (const auto& [k, v] : properties) props[k] = v;
    json::object o{{"type", "object"}, {"properties", std::move(props)}};
    if (required.size() > 0) {
        json::array r;
        for (auto k : required) r.emplace_back(k);
        o["required"] = std::move(r);
    }
    return o;
}

json::value any_object(std::string_view d) {
    return typed("object", d);
}

json::value ok() {
    return object({{"ok", boolean()}}, {"ok"});
}

json::value page(json::value item) {
    return object({{"total", integer("匹配的总行数 / rows matching the query")},
                   {"page", integer()},
                   {"page_size", integer()},
                   {"items", array(std::move(item))}},
                  {"total", "page", "page_size", "items"});
}

json::value items(json::value item) {
    return object({{"items", array(std::move(item))}}, {"items"});
}

}  // namespace zx::http::schema
