#include "modules/enterprise_data/routes.hpp"

#include "core/designation.hpp"
#include "core/money.hpp"
#include "modules/enterprise_data/defect_json.hpp"
#include "modules/enterprise_data/permissions.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::enterprise_data {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;
using http::HttpError;

std::optional<TableKind> table_kind(const std::string& k) {
    if (k == "enterprises") return TableKind::kEnterprises;
    if (k == "designations") return TableKind::kDesignations;
    if (k == "output") return TableKind::kOutput;
    return std::nullopt;
}

json::value enterprise_schema(bool detail) {
    json::value o =
        s::object({{"uscc", s::string("统一社会信用代码 / USCC")},
                   {"name", s::string()},
                   {"city", s::string()},
                   {"industry", s::string("GB/T 4754 行业代码 / industry class")},
                   {"scale_since", s::nullable(s::string("纳入规上统计的月份 YYYY-MM / above scale since"))}},
                  {"uscc", "name", "city", "industry", "scale_since"});
    if (detail) {
        auto& props = o.as_object()["properties"].as_object();
        props["updated_at"] = s::integer();
        props["designations"] = s::array(s::object({{"designation", s::string()},
                                                    {"valid_from", s::string("YYYY-MM-DD")},
                                                    {"valid_to", s::nullable(s::string("YYYY-MM-DD"))}},
                                                   {"designation", "valid_from", "valid_to"}));
    }
    return o;
}

json::object enterprise_json(const EnterpriseRecord& e) {
    return {{"uscc", e.uscc},
            {"name", e.name},
            {"city", e.city},
            {"industry", e.industry},
            {"scale_since", http::json_opt(e.scale_since)}};
}

json::object designation_json(const DesignationPeriod& d) {
    return {{"designation", d.designation}, {"valid_from", d.valid_from}, {"valid_to", http::json_opt(d.valid_to)}};
}

json::value output_schema() {
    return s::object({{"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"month", s::string("YYYY-MM")},
                      {"output_yuan", s::string("元，精确到分 / yuan, exact to the fen")},
                      {"status", s::one_of_strings({"pending", "verified", "rejected"})},
                      {"revision", s::integer()},
                      {"verified_at", s::nullable(s::integer())},
                      {"reject_reason", s::nullable(s::string())}},
                     {"uscc", "month", "output_yuan", "status"});
}

json::object output_json(const OutputRecord& o) {
    return {{"uscc", o.uscc},
            {"name", o.name},
            {"city", o.city},
            {"month", o.month},
            {"output_yuan", http::yuan_text(o.output_fen)},
            {"status", o.status},
            {"revision", o.revision},
            {"verified_at", http::json_opt(o.verified_at)},
            {"reject_reason", http::json_opt(o.reject_reason)}};
}

json::value progress_schema() {
    return s::object({{"city", s::string()},
                      {"enterprises", s::integer()},
                      {"pending", s::integer("待核定月数 / months pending")},
                      {"verified", s::integer()},
                      {"rejected", s::integer()}},
                     {"city", "enterprises", "pending", "verified", "rejected"});
}

json::object progress_json(const CityProgress& p) {
    return {{"city", p.city},
            {"enterprises", p.enterprises},
            {"pending", p.pending},
            {"verified", p.verified},
            {"rejected", p.rejected}};
}

}  // namespace

http::RouteTable routes(const RouteDeps& d) {
    DataService& data = d.data;
    ContactService& contacts = d.contacts;
    http::RouteTable t;
    t.push_back({.method = "GET",
                 .path = "/api/enterprises",
                 .tag = "data",
                 .summary = "企业列表（按数据范围）/ enterprises in scope",
                 .permission = &perm::kEnterpriseRead,
                 .query = {{"city", "设区市（只能缩小范围）/ city, narrows the scope"},
                           {"q", "名称片段或信用代码前缀 / name substring or USCC prefix"},
                           {"industry", "国民经济行业代码前缀（GB/T 4754）/ industry code prefix"},
                           {"designation", "当前有效的认定类型（见 /api/designations）/ a designation active today"},
                           {"sort", "uscc | name | city"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(enterprise_schema(false)),
                 .errors = {"bad_request", "validation_failed"},
                 .handler = [&data](Call& c) {
                     EnterpriseFilter f;
                     f.city = c.req.q("city").value_or("");
                     f.q = c.req.q("q").value_or("");
                     f.industry = c.req.q("industry").value_or("");
                     f.designation = c.req.q("designation").value_or("");
                     f.sort = c.req.q("sort").value_or("uscc");
                     const PageRequest pr = http::page_of(c.req);
                     auto page = data.list_enterprises(c.who, f, pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, enterprise_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/enterprises/{uscc}",
                 .tag = "data",
                 .summary = "企业详情与认定 / one enterprise with designations",
                 .permission = &perm::kEnterpriseRead,
                 .response = enterprise_schema(true),
                 .errors = {"not_found"},
                 .handler = [&data](Call& c) {
                     const std::string uscc = c.req.params.at("uscc");
                     auto e = data.get_enterprise(c.who, uscc);
                     http::check(e.status());
                     auto des = data.designations_of(c.who, uscc);
                     http::check(des.status());
                     json::object o = enterprise_json(*e);
                     o["updated_at"] = e->updated_at;
                     o["designations"] = http::json_array(*des, designation_json);
                     return http::json_response(o);
                 }});
    http::RouteOptions upload_limits;
    upload_limits.max_body = d.max_upload_bytes;
    t.push_back(
        {.method = "POST",
         .path = "/api/uploads/{kind}",
         .tag = "data",
         .summary = "上传 enterprises | designations | output（CSV或XLSX，全有或全无）/ upload a table",
         .permission = &perm::kUploadWrite,
         .query = {{"filename", "原文件名（用于错误报告）/ original file name, for the report"}},
         .request_media = {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
         .status = 201,
         .response = s::object({{"upload_id", s::integer()},
                                {"accepted", s::boolean()},
                                {"rows", s::integer()},
                                {"defects_total", s::integer()},
                                {"defects", s::array(defect_schema())},
                                {"defect_report", s::string("未通过时的错误报告地址 / the report, when refused")}},
                               {"upload_id", "accepted", "rows", "defects_total", "defects"}),
         .errors = {"not_found", "validation_failed", "conflict"},
         .handler =
             [&data](Call& c) {
                 auto kind = table_kind(c.req.params.at("kind"));
                 if (!kind)
                     throw HttpError::not_found({"未知数据表（enterprises、designations、output）",
                                                 "unknown table (enterprises, designations, output)"});
                 std::string filename = c.req.q("filename").value_or("");
                 if (filename.empty()) {
                     const std::string ct = c.req.header("content-type");
                     filename = std::string(table_stem(*kind)) +
                                (ct.find("spreadsheetml") != std::string::npos ? ".xlsx" : ".csv");
                 }
                 auto res = data.upload(c.who, c.ctx, *kind, filename, c.req.body);
                 http::check(res.status());
                 json::object o;
                 o["upload_id"] = res->upload_id;
                 o["accepted"] = res->accepted;
                 o["rows"] = res->rows;
                 o["defects_total"] = res->defects_total;
                 json::array defects = defects_json(res->defects);
                 o["defects"] = std::move(defects);
                 if (!res->accepted)
                     o["defect_report"] = "/api/uploads/" + std::to_string(res->upload_id) + "/defects.csv";
                 return http::json_response(o, res->accepted ? 201 : 422);
             },
         .options = upload_limits});
    // The defect report, under its historical name and as /defects.
    for (const char* path : {"/api/uploads/{id}/defects.csv", "/api/uploads/{id}/defects"})
        t.push_back({.method = "GET",
                     .path = path,
                     .tag = "data",
                     .summary = "下载错误报告（CSV）/ download the defect report (CSV)",
                     .permission = &perm::kUploadRead,
                     .media = "text/csv",
                     .errors = {"not_found"},
                     .handler = [&data](Call& c) {
                         auto csv = data.defect_report(c.who, http::path_id(c.req, "id"));
                         http::check(csv.status());
                         return http::Response::file("\xEF\xBB\xBF" + *csv, "text/csv; charset=utf-8",
                                                     "defects-" + c.req.params.at("id") + ".csv");
                     }});
    t.push_back(
        {.method = "GET",
         .path = "/api/uploads/{id}/file",
         .tag = "data",
         .summary = "下载上传的原文件（按SHA-256存档）/ download the file as uploaded (kept by SHA-256)",
         .permission = &perm::kUploadRead,
         .media = "application/octet-stream",
         .errors = {"not_found"},
         .handler = [&data](Call& c) {
             auto f = data.upload_file(c.who, http::path_id(c.req, "id"));
             http::check(f.status());
             const bool xlsx = f->filename.size() >= 5 && f->filename.compare(f->filename.size() - 5, 5, ".xlsx") == 0;
             http::Response r = http::Response::file(
                 std::move(f->bytes),
                 xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
                 f->filename);
             r.headers.emplace_back("X-Content-SHA256", f->sha256);
             return r;
         }});
    t.push_back(
        {.method = "GET",
         .path = "/api/uploads",
         .tag = "data",
         .summary =
             "上传记录（本市，或自治区与审计全部）/ upload history (the city's; all for the province and auditors)",
         .permission = &perm::kUploadRead,
         .query = {{"kind", "enterprises | designations | output"},
                   {"status", "accepted | rejected"},
                   {"page", "", "integer"},
                   {"page_size", "1–500", "integer"}},
         .response = s::page(s::object(
             {{"id", s::integer()},
              {"kind", s::one_of_strings({"enterprises", "designations", "output"})},
              {"filename", s::string()},
              {"username", s::string()},
              {"city", s::nullable(s::string())},
              {"created_at", s::integer()},
              {"accepted", s::boolean()},
              {"rows", s::integer()},
              {"defects_total", s::integer()},
              {"sha256", s::string("文件的SHA-256 / of the file")}},
             {"id", "kind", "filename", "username", "created_at", "accepted", "rows", "defects_total", "sha256"})),
         .errors = {"bad_request", "validation_failed"},
         .handler = [&data](Call& c) {
             const PageRequest pr = http::page_of(c.req);
             const UploadFilter f{c.req.q("kind").value_or(""), c.req.q("status").value_or("")};
             auto page = data.list_uploads(c.who, f, pr);
             http::check(page.status());
             return http::page_json(*page, pr, [](const UploadRecord& u) {
                 return json::object{{"id", u.id},
                                     {"kind", u.kind},
                                     {"filename", u.filename},
                                     {"username", u.username},
                                     {"city", http::json_opt(u.city)},
                                     {"created_at", u.created_at},
                                     {"accepted", u.accepted},
                                     {"rows", u.rows},
                                     {"defects_total", u.defects_total},
                                     {"sha256", u.sha256}};
             });
         }});
    t.push_back({.method = "GET",
                 .path = "/api/designations",
                 .tag = "data",
                 .summary = "认定类型 / the designation codes and their names",
                 .access = http::Access::kPublic,
                 .response = s::items(s::object({{"code", s::string()}, {"name", s::string()}}, {"code", "name"})),
                 .handler = [](Call&) {
                     json::array items;
                     for (int i = 0; i < kDesignationCount; ++i)
                         items.push_back(json::object{{"code", kDesignationCodes[static_cast<std::size_t>(i)]},
                                                      {"name", kDesignationNamesZh[static_cast<std::size_t>(i)]}});
                     return http::json_response(json::object{{"items", std::move(items)}});
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/output",
                 .tag = "data",
                 .summary = "月度产值 / monthly output",
                 .permission = &perm::kOutputRead,
                 .query = {{"uscc", ""},
                           {"status", "pending | verified | rejected"},
                           {"month_from", "YYYY-MM"},
                           {"month_to", "YYYY-MM"},
                           {"city", ""},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(output_schema()),
                 .errors = {"bad_request", "validation_failed"},
                 .handler = [&data](Call& c) {
                     OutputFilter f;
                     f.uscc = c.req.q("uscc").value_or("");
                     f.status = c.req.q("status").value_or("");
                     f.month_from = c.req.q("month_from").value_or("");
                     f.month_to = c.req.q("month_to").value_or("");
                     f.city = c.req.q("city").value_or("");
                     const PageRequest pr = http::page_of(c.req);
                     auto page = data.list_output(c.who, f, pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, output_json);
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/output/verify",
         .tag = "data",
         .summary = "核定或退回 / verify or reject months",
         .permission = &perm::kOutputVerify,
         .request = s::object({{"uscc", s::string()},
                               {"months", s::array(s::string("YYYY-MM"))},
                               {"action", s::one_of_strings({"verify", "reject"})},
                               {"reason", s::string("退回原因 / reason for a rejection")}},
                              {"uscc", "months", "action"}),
         .response = s::object({{"changed", s::integer()}}, {"changed"}),
         .errors = {"not_found", "conflict"},
         .handler = [&data](Call& c) {
             auto body = http::body_object(c.req);
             std::vector<std::string> months;
             auto it = body.find("months");
             if (it == body.end() || !it->value().is_array())
                 throw HttpError::bad_request({"months：须为YYYY-MM月份的数组", "months: an array of YYYY-MM"});
             for (const auto& m : it->value().as_array()) {
                 if (!m.is_string())
                     throw HttpError::bad_request({"months：须为YYYY-MM月份的数组", "months: an array of YYYY-MM"});
                 months.emplace_back(m.as_string());
             }
             const std::string action = http::get_string(body, "action");
             if (action != "verify" && action != "reject")
                 throw HttpError::bad_request({"action：须为 verify 或 reject", "action: verify | reject"});
             auto n = data.verify(c.who, c.ctx, http::get_string(body, "uscc"), months, action == "verify",
                                  http::get_string(body, "reason", false));
             http::check(n.status());
             return http::json_response(json::object{{"changed", *n}});
         }});
    t.push_back(
        {.method = "POST",
         .path = "/api/output/verify-bulk",
         .tag = "data",
         .summary = "批量核定或退回（全有或全无，先计数再确认）/ bulk verify or reject: count, then confirm",
         .permission = &perm::kOutputVerify,
         .request = s::object(
             {{"filter", s::object({{"city", s::string("设区市（在本人范围内）/ city, within scope")},
                                    {"month_from", s::string("YYYY-MM")},
                                    {"month_to", s::string("YYYY-MM")},
                                    {"usccs", s::array(s::string())}})},
              {"items",
               s::array(s::object({{"uscc", s::string()}, {"month", s::string("YYYY-MM")}}, {"uscc", "month"}))},
              {"action", s::one_of_strings({"verify", "reject"})},
              {"reason", s::string("退回原因 / reason for a rejection")},
              {"expected_count", s::integer("确认的月数；缺省时只计数不修改 / the count confirmed; absent: dry run")}},
             {"action"}),
         .response = s::object({{"count", s::integer("待核定月数 / pending months taken")},
                                {"changed", s::integer()},
                                {"dry_run", s::boolean()}},
                               {"count", "changed", "dry_run"}),
         .errors = {"not_found", "conflict", "validation_failed"},
         .handler = [&data](Call& c) {
             auto body = http::body_object(c.req);
             BulkVerifyRequest r;
             const auto filter = body.find("filter");
             const auto items = body.find("items");
             const bool has_filter = filter != body.end() && !filter->value().is_null();
             const bool has_items = items != body.end() && !items->value().is_null();
             if (has_filter == has_items)
                 throw HttpError::bad_request({"须给出 filter 或 items 之一", "give exactly one of filter and items"});
             if (has_filter) {
                 if (!filter->value().is_object())
                     throw HttpError::bad_request({"filter：须为对象", "filter: an object"});
                 const json::object& f = filter->value().as_object();
                 r.by_filter = true;
                 r.city = http::get_string(f, "city", false);
                 r.month_from = http::get_string(f, "month_from", false);
                 r.month_to = http::get_string(f, "month_to", false);
                 if (auto u = f.find("usccs"); u != f.end() && !u->value().is_null()) {
                     if (!u->value().is_array())
                         throw HttpError::bad_request({"usccs：须为字符串数组", "usccs: an array of strings"});
                     for (const auto& v : u->value().as_array()) {
                         if (!v.is_string())
                             throw HttpError::bad_request({"usccs：须为字符串数组", "usccs: an array of strings"});
                         r.usccs.emplace_back(v.as_string());
                     }
                 }
             } else {
                 if (!items->value().is_array()) throw HttpError::bad_request({"items：须为数组", "items: an array"});
                 for (const auto& v : items->value().as_array()) {
                     if (!v.is_object())
                         throw HttpError::bad_request(
                             {"items：须为 {uscc, month} 对象的数组", "items: an array of {uscc, month}"});
                     r.items.emplace_back(http::get_string(v.as_object(), "uscc"),
                                          http::get_string(v.as_object(), "month"));
                 }
             }
             const std::string action = http::get_string(body, "action");
             if (action != "verify" && action != "reject")
                 throw HttpError::bad_request({"action：须为 verify 或 reject", "action: verify | reject"});
             r.approve = action == "verify";
             r.reason = http::get_string(body, "reason", false);
             r.expected_count = http::get_int(body, "expected_count");
             auto res = data.verify_bulk(c.who, c.ctx, r);
             http::check(res.status());
             return http::json_response(
                 json::object{{"count", res->count}, {"changed", res->changed}, {"dry_run", res->dry_run}});
         }});
    t.push_back({.method = "GET",
                 .path = "/api/output/revisions",
                 .tag = "data",
                 .summary = "修订记录（谁、何时、由何改为何、理由）/ the revision history of verified months",
                 .permission = &perm::kRevisionRead,
                 .query = {{"uscc", ""},
                           {"city", "设区市 / a city"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(s::object({{"audit_id", s::integer("审计日志序号 / the audit entry")},
                                                {"at", s::integer()},
                                                {"username", s::string()},
                                                {"uscc", s::string()},
                                                {"name", s::string()},
                                                {"city", s::string()},
                                                {"month", s::string()},
                                                {"before_yuan", s::string()},
                                                {"after_yuan", s::string()},
                                                {"reason", s::string()},
                                                {"revision", s::integer("修订前的版本号 / revision before")}},
                                               {"audit_id", "at", "uscc", "month", "before_yuan", "after_yuan"})),
                 .errors = {"validation_failed"},
                 .handler = [&data](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     auto page =
                         data.list_revisions(c.who, c.req.q("uscc").value_or(""), c.req.q("city").value_or(""), pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, [](const RevisionRecord& v) {
                         return json::object{{"audit_id", v.audit_id},
                                             {"at", v.at},
                                             {"username", v.username},
                                             {"uscc", v.uscc},
                                             {"name", v.name},
                                             {"city", v.city},
                                             {"month", v.month},
                                             {"before_yuan", v.before_yuan},
                                             {"after_yuan", v.after_yuan},
                                             {"reason", v.reason},
                                             {"revision", v.revision}};
                     });
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/output/revise",
                 .tag = "data",
                 .summary = "修订已核定产值 / revise a verified month",
                 .permission = &perm::kOutputRevise,
                 .request = s::object({{"uscc", s::string()},
                                       {"month", s::string("YYYY-MM")},
                                       {"output_yuan", s::string("元，最多两位小数 / yuan, at most two decimals")},
                                       {"reason", s::string()}},
                                      {"uscc", "month", "output_yuan", "reason"}),
                 .response = s::ok(),
                 .errors = {"not_found", "conflict"},
                 .handler = [&data](Call& c) {
                     auto body = http::body_object(c.req);
                     std::int64_t fen = 0;
                     const std::string amount = http::get_string(body, "output_yuan");
                     if (parse_yuan(amount, fen) != AmountError::kNone)
                         throw HttpError::bad_request({"output_yuan：元金额字符串，最多两位小数",
                                                       "output_yuan: a yuan amount string with at most two decimals"});
                     http::check(data.revise(c.who, c.ctx, http::get_string(body, "uscc"),
                                             http::get_string(body, "month"), fen, http::get_string(body, "reason")));
                     return http::json_response(json::object{{"ok", true}});
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/verification/progress",
                 .tag = "data",
                 .summary = "各市核定进度 / verification progress per city",
                 .permission = &perm::kProgressRead,
                 .response = s::items(progress_schema()),
                 .handler = [&data](Call& c) {
                     auto rows = data.progress(c.who);
                     http::check(rows.status());
                     return http::items_json(*rows, progress_json);
                 }});
    const json::value contact = s::object({{"contact_name", s::string()},
                                           {"phone", s::string()},
                                           {"id_number", s::string()},
                                           {"bank_account", s::string()}});
    json::value masked = contact;
    masked.as_object()["properties"].as_object()["masked"] = s::boolean();
    t.push_back({.method = "GET",
                 .path = "/api/enterprises/{uscc}/contact",
                 .tag = "data",
                 .summary = "企业联系人（脱敏）/ contact, masked",
                 .permission = &perm::kContactRead,
                 .response = masked,
                 .errors = {"not_found"},
                 .handler = [&contacts](Call& c) {
                     auto ct = contacts.get_masked(c.who, c.req.params.at("uscc"));
                     http::check(ct.status());
                     return http::json_response(json::object{{"contact_name", ct->contact_name},
                                                             {"phone", ct->phone},
                                                             {"id_number", ct->id_number},
                                                             {"bank_account", ct->bank_account},
                                                             {"masked", true}});
                 }});
    // PUT replaces the whole contact, so every field must be given ("" for none); PATCH changes the
    // fields given (null or "" clears one) and keeps the others.
    json::value full = contact;
    full.as_object()["required"] = json::array{"contact_name", "phone", "id_number", "bank_account"};
    t.push_back(
        {.method = "PUT",
         .path = "/api/enterprises/{uscc}/contact",
         .tag = "data",
         .summary =
             "登记联系人，整体替换（须给出全部字段，空串表示无）/ replace the contact: every field, \"\" for none",
         .permission = &perm::kContactWrite,
         .request = full,
         .response = s::ok(),
         .errors = {"not_found"},
         .handler = [&contacts](Call& c) {
             auto body = http::body_object(c.req);
             Contact ct;
             ct.contact_name = http::get_string(body, "contact_name");
             ct.phone = http::get_string(body, "phone");
             ct.id_number = http::get_string(body, "id_number");
             ct.bank_account = http::get_string(body, "bank_account");
             http::check(contacts.set(c.who, c.ctx, c.req.params.at("uscc"), ct));
             return http::json_response(json::object{{"ok", true}});
         }});
    json::value partial = contact;
    for (auto& [k, v] : partial.as_object()["properties"].as_object()) v = s::nullable(v);
    t.push_back(
        {.method = "PATCH",
         .path = "/api/enterprises/{uscc}/contact",
         .tag = "data",
         .summary = "修改联系人部分字段（未给出的不变，null 清除）/ change some fields: absent unchanged, null clears",
         .permission = &perm::kContactWrite,
         .request = partial,
         .response = s::ok(),
         .errors = {"not_found"},
         .handler = [&contacts](Call& c) {
             auto body = http::body_object(c.req);
             for (const auto& kv : body)
                 if (kv.key() != "contact_name" && kv.key() != "phone" && kv.key() != "id_number" &&
                     kv.key() != "bank_account")
                     throw HttpError::bad_request(Text{"未知字段：", "unknown field: "} + std::string(kv.key()));
             auto field = [&](const char* k) -> std::optional<std::string> {
                 if (!body.contains(k)) return std::nullopt;
                 return http::get_string(body, k, false);  // null: "" (clear)
             };
             const ContactPatch patch{field("contact_name"), field("phone"), field("id_number"), field("bank_account")};
             http::check(contacts.update(c.who, c.ctx, c.req.params.at("uscc"), patch));
             return http::json_response(json::object{{"ok", true}});
         }});
    t.push_back(
        {.method = "POST",
         .path = "/api/enterprises/{uscc}/contact/reveal",
         .tag = "data",
         .summary = "查看完整字段（留痕）/ reveal one field, audited",
         .permission = &perm::kContactReveal,
         .request = s::object({{"field", s::one_of_strings({"phone", "id_number", "bank_account"})}}, {"field"}),
         .response = s::object({{"field", s::string()}, {"value", s::string()}}, {"field", "value"}),
         .errors = {"not_found"},
         .handler = [&contacts](Call& c) {
             auto body = http::body_object(c.req);
             const std::string field = http::get_string(body, "field");
             auto v = contacts.reveal(c.who, c.ctx, c.req.params.at("uscc"), field);
             http::check(v.status());
             return http::json_response(json::object{{"field", field}, {"value", *v}});
         }});
    return t;
}

}  // namespace zx::enterprise_data
