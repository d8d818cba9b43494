#include "modules/enterprise_data/defect_json.hpp"

#include "platform/http/schema.hpp"

namespace zx {

boost::json::value defect_schema() {
    namespace s = http::schema;
    return s::object({{"file", s::string()},
                      {"line", s::integer()},
                      {"field", s::string()},
                      {"value", s::string()},
                      {"message_zh", s::string()},
                      {"message_en", s::string()}},
                     {"file", "line", "field", "message_zh", "message_en"});
}

boost::json::array defects_json(const std::vector<Defect>& defects) {
    boost::json::array out;
    for (const Defect& d : defects)
        out.push_back(boost::json::object{{"file", d.file},
                                          {"line", d.line},
                                          {"field", d.field},
                                          {"value", d.value},
                                          {"message_zh", d.message_zh},
                                          {"message_en", d.message_en}});
    return out;
}

}  // namespace zx
