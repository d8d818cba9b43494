// JSON Schema fragments for route tables (OpenAPI 3.0 dialect), built as Boost.JSON values.
#pragma once

#include <boost/json/value.hpp>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace zx::http::schema {

namespace json = boost::json;

json::value string(std::string_view description = {});
json::value integer(std::string_view description = {});
json::value boolean(std::string_view description = {});
json::value nullable(json::value s);
json::value one_of_strings(std::initializer_list<std::string_view> values, std::string_view description = {});
json::value array(json::value items);
// An object with these properties; `required` may be empty (then no "required" key: OpenAPI 3.0
// forbids an empty list). Additional properties are allowed unless `closed`.
json::value object(std::initializer_list<std::pair<std::string_view, json::value>> properties,
                   std::initializer_list<std::string_view> required = {});
// Any JSON object (a document whose shape is described in words).
json::value any_object(std::string_view description = {});
// {"ok": true}
json::value ok();
// {"total", "page", "page_size", "items": [item]}
json::value page(json::value item);
// {"items": [item]}
json::value items(json::value item);

}  // namespace zx::http::schema
