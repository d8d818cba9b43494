#include "modules/park_evaluation/routes.hpp"

#include "modules/enterprise_data/defect_json.hpp"
#include "modules/park_evaluation/permissions.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::park_evaluation {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

json::value grades_schema() {
    return s::any_object("等级 → 家数 / grade → count");
}

json::value indicator_cells() {
    return s::array(
        s::object({{"id", s::string()}, {"score", s::string()}, {"value", s::nullable(s::string())}}, {"id", "score"}));
}

json::value lines_schema() {
    return s::array(s::object({{"zh", s::string()}, {"en", s::string()}}, {"zh", "en"}));
}

json::value row_schema() {
    return s::object({{"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"park_id", s::string()},
                      {"state", s::one_of_strings({"rated", "exempt"})},
                      {"score", s::nullable(s::string())},
                      {"rank", s::nullable(s::integer())},
                      {"grade", s::string()},
                      {"population", s::string()},
                      {"population_size", s::integer()},
                      {"land_mu", s::string()},
                      {"indicators", indicator_cells()}},
                     {"uscc", "name", "city", "state", "grade", "indicators"});
}

json::value evaluation_schema() {
    return s::object(
        {{"id", s::integer()},
         {"status", s::one_of_strings({"draft", "reviewed", "approved", "publicized", "effective", "withdrawn"})},
         {"notice_days", s::integer()},
         {"notice_from", s::nullable(s::integer())},
         {"notice_until", s::nullable(s::integer())},
         {"scheme", s::string()},
         {"scheme_name", s::string()},
         {"scheme_version", s::string()},
         {"year", s::integer()},
         {"created_by", s::integer()},
         {"created_at", s::integer()},
         {"data_hash", s::string("输入快照的SHA-256 / SHA-256 of the input snapshot")},
         {"rated", s::integer()},
         {"exempt", s::integer()},
         {"parks_rated", s::integer()},
         {"missing",
          s::array(s::object({{"uscc", s::string()}, {"name", s::string()}, {"city", s::string()}}, {"uscc"}))},
         {"grades", grades_schema()},
         {"by_city", s::array(s::object({{"city", s::string()}, {"grades", grades_schema()}}, {"city"}))},
         {"by_park",
          s::array(s::object(
              {{"park_id", s::string()}, {"name", s::string()}, {"city", s::string()}, {"grades", grades_schema()}},
              {"park_id"}))},
         {"benchmarks",
          s::array(s::object(
              {{"id", s::string()}, {"name", s::string()}, {"unit", s::string()}, {"value", s::string()}}, {"id"}))},
         {"indicators", s::array(s::object({{"id", s::string()},
                                            {"name", s::string()},
                                            {"name_en", s::string()},
                                            {"weight", s::string()},
                                            {"unit", s::string()}},
                                           {"id"}))}},
        {"id", "scheme", "year", "grades"});
}

std::int64_t eval_id(const http::Request& req) {
    return http::path_id(req, "id");
}

json::value objection_schema() {
    return s::object({{"id", s::integer()},
                      {"evaluation_id", s::integer()},
                      {"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"clause", s::string("空=整行，land_mu=用地面积，或指标编号 / the topic")},
                      {"text", s::string()},
                      {"status", s::one_of_strings({"open", "upheld", "rejected", "closed"})},
                      {"filed_at", s::integer()},
                      {"decided_at", s::nullable(s::integer())},
                      {"decision_reason", s::nullable(s::string())}},
                     {"id", "evaluation_id", "uscc", "clause", "text", "status", "filed_at"});
}

json::object objection_json(const Objection& o) {
    return {{"id", o.id},
            {"evaluation_id", o.subject_id},
            {"uscc", o.uscc},
            {"name", o.name},
            {"city", o.city},
            {"clause", o.clause},
            {"text", o.text},
            {"status", o.status},
            {"filed_at", o.filed_at},
            {"decided_at", o.decided_at ? json::value(*o.decided_at) : json::value(nullptr)},
            {"decision_reason", o.decision_reason ? json::value(*o.decision_reason) : json::value(nullptr)}};
}

}  // namespace

http::RouteTable routes(parks::ParkService& parks, std::size_t max_upload_bytes) {
    http::RouteTable t;
    t.push_back({.method = "GET",
                 .path = "/api/parks/schemes",
                 .tag = "parks",
                 .summary = "亩均评价方案（schemes/）/ the evaluation schemes",
                 .permission = &perm::kParksRead,
                 .response = s::items(s::any_object()),
                 .handler = [&parks](Call&) {
                     auto list = parks.schemes();
                     http::check(list.status());
                     return http::json_response(json::object{{"items", *list}});
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/data",
                 .tag = "parks",
                 .summary = "已上传的亩均数据表 / the uploaded tables",
                 .permission = &perm::kParksRead,
                 .response = s::object({{"tables", s::array(s::any_object())}}, {"tables"}),
                 .handler = [&parks](Call& c) {
                     auto r = parks.data_status(c.who);
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    http::RouteOptions upload;
    upload.max_body = max_upload_bytes;
    t.push_back(
        {.method = "PUT",
         .path = "/api/parks/data/{table}",
         .tag = "parks",
         .summary = "上传 parks | land | annual（CSV或XLSX，整表替换，全有或全无）/ replace a table",
         .permission = &perm::kParksData,
         .query = {{"name", "原文件名（用于错误报告）/ original file name"},
                   {"scheme",
                    "annual 的补充列按此方案校验（默认 guangxi-default）/ scheme for annual's further columns"}},
         .request_media = {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
         .response = s::object({{"table", s::string()},
                                {"accepted", s::boolean()},
                                {"rows", s::integer()},
                                {"defects_total", s::integer()},
                                {"defects", s::array(defect_schema())}},
                               {"table", "accepted", "rows", "defects_total", "defects"}),
         .errors = {"not_found", "validation_failed", "forbidden"},
         .handler =
             [&parks](Call& c) {
                 const std::string table = c.req.params.at("table");
                 auto r = parks.put_table(c.who, c.ctx, table, c.req.q("name").value_or(""), c.req.body,
                                          c.req.q("scheme").value_or(""));
                 http::check(r.status());
                 json::array defects = defects_json(r->report.defects);
                 return http::json_response(json::object{{"table", table},
                                                         {"accepted", r->accepted},
                                                         {"rows", r->rows},
                                                         {"defects_total", r->report.defects_total},
                                                         {"defects", std::move(defects)}},
                                            r->accepted ? 200 : 422);
             },
         .options = upload});
    t.push_back({.method = "POST",
                 .path = "/api/parks/evaluations",
                 .tag = "parks",
                 .summary = "按方案评价某年度 / evaluate a year under a scheme",
                 .permission = &perm::kParksRun,
                 .request = s::object({{"scheme", s::string()},
                                       {"year", s::integer()},
                                       {"notice_days", s::integer("公示期（工作日，默认7）/ notice days")}},
                                      {"scheme", "year"}),
                 .status = 201,
                 .response = evaluation_schema(),
                 .errors = {"bad_request", "validation_failed", "not_found", "conflict"},
                 .handler = [&parks](Call& c) {
                     auto body = http::body_object(c.req);
                     const auto year = http::get_int(body, "year");
                     if (!year) throw http::HttpError::bad_request({"year：必填整数", "year: required integer"});
                     const int notice = static_cast<int>(http::get_int(body, "notice_days").value_or(7));
                     auto r =
                         parks.create(c.who, c.ctx, http::get_string(body, "scheme"), static_cast<int>(*year), notice);
                     http::check(r.status());
                     return http::json_response(*r, 201);
                 }});
    t.push_back(
        {.method = "GET",
         .path = "/api/parks/evaluations",
         .tag = "parks",
         .summary = "评价批次（新的在前）/ evaluations, newest first",
         .permission = &perm::kParksRead,
         .response = s::object({{"items", s::array(evaluation_schema())}, {"total", s::integer()}}, {"items", "total"}),
         .handler = [&parks](Call& c) {
             auto r = parks.list(c.who);
             http::check(r.status());
             return http::json_response(*r);
         }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}",
                 .tag = "parks",
                 .summary = "评价批次概况：等级分布、基准值、缺数企业 / an evaluation's summary",
                 .permission = &perm::kParksRead,
                 .response = evaluation_schema(),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.get(c.who, eval_id(c.req));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/enterprises",
                 .tag = "parks",
                 .summary = "企业排名（按范围）/ the enterprises' ranking, in scope",
                 .permission = &perm::kParksRead,
                 .query = {{"city", ""},
                           {"park_id", ""},
                           {"grade", ""},
                           {"q", "名称或代码 / name or USCC"},
                           {"page", "", "integer"},
                           {"page_size", "1–200", "integer"}},
                 .response = s::page(row_schema()),
                 .errors = {"not_found", "bad_request"},
                 .handler = [&parks](Call& c) {
                     const parks::RowFilter f{c.req.q("city").value_or(""), c.req.q("park_id").value_or(""),
                                              c.req.q("grade").value_or(""), c.req.q("q").value_or("")};
                     auto r = parks.rows(c.who, eval_id(c.req), f, http::page_of(c.req));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/enterprises/{uscc}",
                 .tag = "parks",
                 .summary = "一家企业：逐项说明、升档所需、历年等级与差别化措施 / one enterprise explained",
                 .permission = &perm::kParksRead,
                 .response = s::object({{"row", row_schema()},
                                        {"lines", lines_schema()},
                                        {"inverse", s::array(s::any_object())},
                                        {"history", s::array(s::any_object())},
                                        {"consequences", s::array(s::any_object())}},
                                       {"row", "lines", "inverse", "history", "consequences"}),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.enterprise(c.who, eval_id(c.req), c.req.params.at("uscc"));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/parks",
                 .tag = "parks",
                 .summary = "园区排名与说明 / the parks' ranking, explained",
                 .permission = &perm::kParksRead,
                 .response = s::object({{"items", s::array(s::any_object())}, {"not_rated", s::array(s::any_object())}},
                                       {"items"}),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.park_rows(c.who, eval_id(c.req));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/sensitivity",
                 .tag = "parks",
                 .summary = "单项数据变动1%即改变等级的企业（公示前复核）/ grades that flip on a 1% change",
                 .permission = &perm::kParksReview,
                 .response = s::items(s::any_object()),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.sensitivity(c.who, eval_id(c.req));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/parks/evaluations/{id}/what-if",
                 .tag = "parks",
                 .summary = "方案模拟：调整权重或分档比例 / what-if on weights and grade splits",
                 .permission = &perm::kParksRun,
                 .request = s::object(
                     {{"weights", s::any_object("指标编号 → 权重（字符串）/ indicator → weight")},
                      {"splits",
                       s::array(s::object({{"grade", s::string()}, {"percent", s::integer()}}, {"grade", "percent"}))}},
                     {}),
                 .response = s::object({{"grades", grades_schema()},
                                        {"changed", s::integer()},
                                        {"moved", s::array(s::any_object())},
                                        {"elapsed_ms", s::integer()}},
                                       {"grades", "changed", "moved"}),
                 .errors = {"not_found", "bad_request", "validation_failed"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.what_if(c.who, eval_id(c.req), http::body_object(c.req));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/parks/evaluations/{id}/transition",
                 .tag = "parks",
                 .summary = "复核、审批、公示、生效或撤回（三人分离）/ a step of the lifecycle",
                 .permission = &perm::kParksPublish,
                 .request = s::object(
                     {{"to", s::one_of_strings({"reviewed", "approved", "publicized", "effective", "withdrawn"})},
                      {"note", s::string()}},
                     {"to"}),
                 .response = evaluation_schema(),
                 .errors = {"not_found", "conflict", "forbidden", "validation_failed"},
                 .handler = [&parks](Call& c) {
                     auto body = http::body_object(c.req);
                     auto r = parks.transition(c.who, c.ctx, eval_id(c.req), http::get_string(body, "to"),
                                               http::get_string(body, "note", false));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/events",
                 .tag = "parks",
                 .summary = "评价批次的经过 / the evaluation's history",
                 .permission = &perm::kParksRead,
                 .response = s::items(s::any_object()),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.events(c.who, eval_id(c.req));
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/parks/evaluations/{id}/objections",
                 .tag = "parks",
                 .summary = "公示期内对本企业结果提出异议 / object to one's own row during the notice",
                 .permission = &perm::kParksObjectionFile,
                 .request = s::object({{"clause", s::string()}, {"text", s::string()}}, {"text"}),
                 .status = 201,
                 .response = objection_schema(),
                 .errors = {"not_found", "conflict", "forbidden", "validation_failed"},
                 .handler = [&parks](Call& c) {
                     auto body = http::body_object(c.req);
                     auto r =
                         parks.file_objection(c.who, c.ctx, eval_id(c.req), http::get_string(body, "clause", false),
                                              http::get_string(body, "text"));
                     http::check(r.status());
                     return http::json_response(objection_json(*r), 201);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/objections",
                 .tag = "parks",
                 .summary = "异议（按范围）/ objections in scope",
                 .permission = &perm::kParksRead,
                 .response = s::items(objection_schema()),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.objections(c.who, eval_id(c.req));
                     http::check(r.status());
                     return http::json_response(json::object{{"items", http::json_array(*r, objection_json)}});
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/parks/evaluations/{id}/objections/{objection}/decision",
         .tag = "parks",
         .summary = "处理异议：成立（撤回重算）或不成立 / decide an objection",
         .permission = &perm::kParksObjectionDecide,
         .request = s::object({{"decision", s::one_of_strings({"upheld", "rejected"})}, {"reason", s::string()}},
                              {"decision", "reason"}),
         .response = objection_schema(),
         .errors = {"not_found", "conflict", "forbidden", "validation_failed"},
         .handler = [&parks](Call& c) {
             auto body = http::body_object(c.req);
             auto r = parks.decide_objection(c.who, c.ctx, eval_id(c.req), http::path_id(c.req, "objection"),
                                             http::get_string(body, "decision"), http::get_string(body, "reason"));
             http::check(r.status());
             return http::json_response(objection_json(*r));
         }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/evaluations/{id}/consequences",
                 .tag = "parks",
                 .summary = "差别化措施清单（按部门）/ the measures each department applies",
                 .permission = &perm::kParksReview,
                 .query = {{"department", "部门名称 / one department"}, {"format", "json（默认）| csv"}},
                 .response = s::items(s::any_object()),
                 .errors = {"not_found"},
                 .handler = [&parks](Call& c) {
                     auto r = parks.consequences(c.who, eval_id(c.req), c.req.q("department").value_or(""));
                     http::check(r.status());
                     if (c.req.q("format").value_or("") == "csv")
                         return http::Response::file("\xEF\xBB\xBF" + std::string(r->at("csv").as_string()),
                                                     "text/csv; charset=utf-8", "差别化措施清单.csv");
                     r->erase("csv");
                     return http::json_response(*r);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/parks/mine",
                 .tag = "parks",
                 .summary = "本企业的亩均评价 / the enterprise's own results",
                 .permission = &perm::kParksRead,
                 .response = s::items(s::any_object()),
                 .handler = [&parks](Call& c) {
                     auto r = parks.mine(c.who);
                     http::check(r.status());
                     return http::json_response(*r);
                 }});
    return t;
}

}  // namespace zx::park_evaluation
