// The service desk's KPIs, the exchange of cases with other systems (12345, 桂商码) and the
// departments' webhooks (docs/service-desk.md); desk_routes() adds them last.
#include "core/clock.hpp"
#include "core/utf8.hpp"
#include "modules/service_desk/desk_export.hpp"
#include "modules/service_desk/desk_route_support.hpp"
#include "modules/service_desk/permissions.hpp"
#include "platform/formats/csv_parser.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::service_desk {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

std::string csv_field(std::string_view v) {
    std::string out;
    append_csv_field(out, v);
    return out;
}

json::value kpi_row_schema() {
    return s::object(
        {{"key", s::string("分组取值，合计行为空 / the group's value; empty in the total")},
         {"cases", s::integer()},
         {"response_due", s::integer()},
         {"responded_in_time", s::integer()},
         {"response_rate", s::string("响应率（%，一位小数）/ percent, one decimal; empty when nothing was due")},
         {"resolution_due", s::integer()},
         {"resolved_in_time", s::integer()},
         {"resolution_rate", s::string()},
         {"rated", s::integer()},
         {"satisfied", s::integer()},
         {"satisfaction_rate", s::string()},
         {"respond_median_seconds", s::nullable(s::integer())},
         {"respond_p90_seconds", s::nullable(s::integer())},
         {"resolve_median_seconds", s::nullable(s::integer())},
         {"resolve_p90_seconds", s::nullable(s::integer())},
         {"score", s::string("综合得分（kpi.toml 权重）/ composite score")}},
        {"key", "cases", "response_rate", "resolution_rate", "satisfaction_rate", "score"});
}

json::object kpi_row_json(const service_desk::KpiRow& r) {
    return {{"key", r.key},
            {"cases", r.cases},
            {"response_due", r.response_due},
            {"responded_in_time", r.responded_in_time},
            {"response_rate", r.response_rate},
            {"resolution_due", r.resolution_due},
            {"resolved_in_time", r.resolved_in_time},
            {"resolution_rate", r.resolution_rate},
            {"rated", r.rated},
            {"satisfied", r.satisfied},
            {"satisfaction_rate", r.satisfaction_rate},
            {"respond_median_seconds", opt_int(r.respond_median_seconds)},
            {"respond_p90_seconds", opt_int(r.respond_p90_seconds)},
            {"resolve_median_seconds", opt_int(r.resolve_median_seconds)},
            {"resolve_p90_seconds", opt_int(r.resolve_p90_seconds)},
            {"score", r.score}};
}

service_desk::KpiGroup kpi_group(const http::Request& req) {
    const std::string g = req.q("group").value_or("department");
    auto group = service_desk::parse_kpi_group(g);
    if (!group)
        http::check(Status::data_error(
            {"group：须为 department、city、category 或 week", "group: department, city, category or week"}));
    return *group;
}

KpiQuery kpi_query(const http::Request& req) {
    return {req.q("from").value_or(""), req.q("to").value_or(""), req.q("group").value_or("department")};
}

std::vector<http::QueryParam> kpi_params() {
    return {{"from", "反映日期起（YYYY-MM-DD，北京时间）/ reported from"},
            {"to", "反映日期止（含）/ reported to, inclusive"},
            {"group", "department | city | category | week"}};
}

// The exchange file's cases: JSON {"cases": [...]} or CSV with the header
// source,external_id,uscc,category,urgency,title,description,reported_at (reported_at optional).
std::vector<ExchangeCase> exchange_cases(const http::Request& req) {
    std::vector<ExchangeCase> out;
    if (req.header("content-type").rfind("text/csv", 0) == 0) {
        std::vector<std::string> header;
        bool first = true;
        std::int64_t bad_line = 0;
        const bool ok = scan_csv(
            req.body.data(), req.body.data() + req.body.size(), 1,
            [&](const std::vector<std::string_view>& fields, std::int64_t line) {
                if (first) {
                    for (std::string_view f : fields) header.emplace_back(trim_space(f));
                    first = false;
                    return true;
                }
                ExchangeCase x;
                x.line = line;
                for (std::size_t i = 0; i < fields.size() && i < header.size(); ++i) {
                    const std::string v(fields[i]);
                    const std::string& h = header[i];
                    if (h == "source")
                        x.ref.source = v;
                    else if (h == "external_id")
                        x.ref.id = v;
                    else if (h == "uscc")
                        x.c.uscc = v;
                    else if (h == "category")
                        x.c.category = v;
                    else if (h == "urgency")
                        x.c.urgency = v;
                    else if (h == "title")
                        x.c.title = v;
                    else if (h == "description")
                        x.c.description = v;
                    else if (h == "reported_at")
                        x.ref.reported_at = v;
                }
                out.push_back(std::move(x));
                return true;
            },
            nullptr, &bad_line);
        if (!ok)
            throw http::HttpError::bad_request({"第" + std::to_string(bad_line) + "行：引号未闭合",
                                                "line " + std::to_string(bad_line) + ": unterminated quote"});
        const char* required[] = {"source", "external_id", "uscc", "category", "urgency", "title"};
        for (const char* r : required)
            if (std::find(header.begin(), header.end(), r) == header.end())
                throw http::HttpError::bad_request(
                    {"第1行：缺少列 " + std::string(r), "line 1: missing column " + std::string(r)});
        return out;
    }
    auto body = http::body_object(req);
    const json::value* cases = body.if_contains("cases");
    if (!cases || !cases->is_array()) throw http::HttpError::bad_request({"cases：应为数组", "cases: an array"});
    std::int64_t line = 0;
    for (const json::value& v : cases->as_array()) {
        ++line;
        if (!v.is_object()) throw http::HttpError::bad_request({"cases：应为对象数组", "cases: objects"});
        const json::object& o = v.as_object();
        ExchangeCase x;
        x.line = line;
        x.ref.source = http::get_string(o, "source", false);
        x.ref.id = http::get_string(o, "external_id", false);
        x.ref.reported_at = http::get_string(o, "reported_at", false);
        x.c.uscc = http::get_string(o, "uscc", false);
        x.c.category = http::get_string(o, "category", false);
        x.c.urgency = http::get_string(o, "urgency", false);
        x.c.title = http::get_string(o, "title", false);
        x.c.description = http::get_string(o, "description", false);
        out.push_back(std::move(x));
    }
    return out;
}

}  // namespace

void add_admin_routes(http::RouteTable& t, DeskService& desk) {
    t.push_back(
        {.method = "GET",
         .path = "/api/desk/kpi",
         .tag = "desk",
         .summary =
             "指挥部考核指标：响应率、解决率、满意率、用时中位数与P90 / KPIs by department, city, category or week",
         .permission = &perm::kDeskKpi,
         .query = kpi_params(),
         .response = s::object({{"version", s::integer("kpi.toml 版本 / parameter set")},
                                {"group", s::string()},
                                {"rows", s::array(kpi_row_schema())},
                                {"total", kpi_row_schema()}},
                               {"version", "group", "rows", "total"}),
         .errors = {"validation_failed"},
         .handler = [&desk](Call& c) {
             const service_desk::KpiGroup group = kpi_group(c.req);
             auto facts = desk.kpi_facts(c.who, kpi_query(c.req));
             http::check(facts.status());
             const service_desk::KpiReport rep = service_desk::compute_kpi(*facts, group, desk.rules()->kpi);
             json::array rows;
             for (const service_desk::KpiRow& r : rep.rows) rows.push_back(kpi_row_json(r));
             return http::json_response(json::object{{"version", desk.rules()->kpi.version},
                                                     {"group", c.req.q("group").value_or("department")},
                                                     {"rows", std::move(rows)},
                                                     {"total", kpi_row_json(rep.total)}});
         }});
    {
        std::vector<http::QueryParam> q = kpi_params();
        q.push_back({"key", "分组取值，省略为合计 / the group's value; absent: the total"});
        q.push_back({"metric",
                     "（默认 cases）cases | response_due | responded_in_time | response_missed | resolution_due | "
                     "resolved_in_time "
                     "| resolution_missed | rated | satisfied | unsatisfied"});
        t.push_back({.method = "GET",
                     .path = "/api/desk/kpi/cases",
                     .tag = "desk",
                     .summary = "某一指标背后的案件 / the cases behind a figure",
                     .permission = &perm::kDeskKpi,
                     .query = std::move(q),
                     .response = s::object({{"ids", s::array(s::integer())}}, {"ids"}),
                     .errors = {"validation_failed"},
                     .handler = [&desk](Call& c) {
                         const service_desk::KpiGroup group = kpi_group(c.req);
                         auto metric = service_desk::parse_kpi_metric(c.req.q("metric").value_or("cases"));
                         if (!metric) http::check(Status::data_error({"metric：未知指标", "metric: unknown figure"}));
                         auto facts = desk.kpi_facts(c.who, kpi_query(c.req));
                         http::check(facts.status());
                         const auto key = c.req.q("key");
                         const auto ids = service_desk::kpi_case_ids(
                             *facts, group, key ? std::optional<std::string_view>(*key) : std::nullopt, *metric,
                             desk.rules()->kpi);
                         json::array a;
                         for (std::int64_t id : ids) a.emplace_back(id);
                         return http::json_response(json::object{{"ids", std::move(a)}});
                     }});
    }
    t.push_back({.method = "GET",
                 .path = "/api/desk/kpi/export.xlsx",
                 .tag = "desk",
                 .summary = "月度考核表（按责任单位）/ the monthly KPI table by department (XLSX)",
                 .permission = &perm::kDeskKpi,
                 .query = {{"month", "YYYY-MM（北京时间反映月份，默认本月）/ month of report, this month by default"}},
                 .media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     // This month (Beijing time) unless one is named.
                     const std::string month =
                         c.req.q("month").value_or(format_date(beijing_date(unix_now())).substr(0, 7));
                     auto ym = parse_year_month(month);
                     if (!ym) http::check(Status::data_error({"month：须为 YYYY-MM", "month: YYYY-MM"}));
                     const KpiQuery q{format_date(Date::first_of(*ym)), format_date(Date::last_of(*ym)), "department"};
                     auto facts = desk.kpi_facts(c.who, q);
                     http::check(facts.status());
                     const service_desk::KpiReport rep =
                         service_desk::compute_kpi(*facts, service_desk::KpiGroup::kDepartment, desk.rules()->kpi);
                     auto bytes = kpi_xlsx(rep, month);
                     http::check(bytes.status());
                     return http::Response::file(std::move(bytes).value(), std::string(kXlsxMime),
                                                 "服务台考核表-" + month + ".xlsx");
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/desk/exchange/import",
         .tag = "desk",
         .summary =
             "导入12345、桂商码等外部案件（按来源与外部编号去重，全部或全不）/ import other systems' cases, each "
             "once, all or nothing",
         .permission = &perm::kDeskExchange,
         .request = s::object(
             {{"cases", s::array(s::object({{"source", s::string("12345 | gsm | …")},
                                            {"external_id", s::string()},
                                            {"uscc", s::string()},
                                            {"category", s::string()},
                                            {"urgency", s::one_of_strings({"normal", "urgent"})},
                                            {"title", s::string()},
                                            {"description", s::string()},
                                            {"reported_at", s::string("外部受理时间 / when they took it")}},
                                           {"source", "external_id", "uscc", "category", "urgency", "title"}))}},
             {"cases"}),
         .request_media = {"text/csv"},
         .response = s::object({{"created", s::integer()}, {"existing", s::integer()}, {"ids", s::array(s::integer())}},
                               {"created", "existing", "ids"}),
         .errors = {"bad_request", "validation_failed"},
         .handler =
             [&desk](Call& c) {
                 auto out = desk.import_cases(c.who, c.ctx, exchange_cases(c.req));
                 http::check(out.status());
                 json::array ids;
                 for (std::int64_t id : out->ids) ids.emplace_back(id);
                 return http::json_response(
                     json::object{{"created", out->created}, {"existing", out->existing}, {"ids", std::move(ids)}});
             },
         .options = {.max_body = 32u << 20}});
    for (const bool csv : {false, true}) {
        t.push_back(
            {.method = "GET",
             .path = csv ? "/api/desk/exchange/answers.csv" : "/api/desk/exchange/answers",
             .tag = "desk",
             .summary = "外部案件的办理结果（自某时起有变化的）/ the answers to another system's cases, changed since",
             .permission = &perm::kDeskExchange,
             .query = {{"source", "来源系统 / the system"},
                       {"since", "Unix 秒，含 / changed at or after", "integer"},
                       {"limit", "1–10000", "integer"}},
             .media = csv ? "text/csv" : "application/json",
             .response = csv ? json::value()
                             : s::items(s::object({{"id", s::integer()},
                                                   {"source", s::string()},
                                                   {"external_id", s::string()},
                                                   {"status", s::string()},
                                                   {"lead_department", s::string()},
                                                   {"reply", s::string()},
                                                   {"responded_at", s::nullable(s::integer())},
                                                   {"resolved_at", s::nullable(s::integer())},
                                                   {"closed_at", s::nullable(s::integer())},
                                                   {"rating", s::nullable(s::integer())},
                                                   {"updated_at", s::integer()}},
                                                  {"id", "source", "external_id", "status", "updated_at"})),
             .errors = {"bad_request"},
             .handler = [&desk, csv](Call& c) {
                 std::int64_t since = 0;
                 int limit = 1000;
                 try {
                     since = std::stoll(c.req.q("since").value_or("0"));
                     limit = std::stoi(c.req.q("limit").value_or("1000"));
                 } catch (...) {
                     throw http::HttpError::bad_request({"since、limit 应为整数", "since, limit: integers"});
                 }
                 auto rows = desk.exchange_answers(c.who, c.req.q("source").value_or(""), since, limit);
                 http::check(rows.status());
                 if (csv) {
                     std::string out =
                         "id,source,external_id,status,lead_department,reply,responded_at,resolved_at,closed_at,"
                         "rating,updated_at\n";
                     const auto n = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
                     for (const ExchangeAnswer& a : *rows)
                         out += std::to_string(a.id) + "," + csv_field(a.source) + "," + csv_field(a.external_id) +
                                "," + a.status + "," + csv_field(a.lead_department) + "," + csv_field(a.reply) + "," +
                                n(a.responded_at) + "," + n(a.resolved_at) + "," + n(a.closed_at) + "," + n(a.rating) +
                                "," + std::to_string(a.updated_at) + "\n";
                     return http::Response::file(std::move(out), "text/csv; charset=utf-8", "answers.csv");
                 }
                 return http::items_json(*rows, [](const ExchangeAnswer& a) {
                     return json::object{{"id", a.id},
                                         {"source", a.source},
                                         {"external_id", a.external_id},
                                         {"status", a.status},
                                         {"lead_department", a.lead_department},
                                         {"reply", a.reply},
                                         {"responded_at", opt_int(a.responded_at)},
                                         {"resolved_at", opt_int(a.resolved_at)},
                                         {"closed_at", opt_int(a.closed_at)},
                                         {"rating", opt_int(a.rating)},
                                         {"updated_at", a.updated_at}};
                 });
             }});
    }
    const json::value hook_schema =
        s::object({{"id", s::integer()},
                   {"department", s::string()},
                   {"url", s::string()},
                   {"enabled", s::boolean()},
                   {"secret", s::string("仅创建或轮换时返回一次 / only when created or rotated")},
                   {"updated_at", s::integer()},
                   {"pending", s::integer()},
                   {"failed", s::integer()}},
                  {"id", "department", "url", "enabled", "updated_at"});
    const auto hook_json = [](const Webhook& w) {
        json::object o{{"id", w.id},           {"department", w.department}, {"url", w.url},
                       {"enabled", w.enabled}, {"updated_at", w.updated_at}, {"pending", w.pending},
                       {"failed", w.failed}};
        if (!w.secret.empty()) o["secret"] = w.secret;
        return o;
    };
    t.push_back({.method = "GET",
                 .path = "/api/desk/webhooks",
                 .tag = "desk",
                 .summary = "各单位的推送地址 / the departments' webhooks",
                 .permission = &perm::kDeskWebhookRead,
                 .response = s::items(hook_schema),
                 .handler = [&desk, hook_json](Call& c) {
                     auto list = desk.webhooks(c.who);
                     http::check(list.status());
                     return http::items_json(*list, hook_json);
                 }});
    t.push_back(
        {.method = "PUT",
         .path = "/api/desk/webhooks",
         .tag = "desk",
         .summary = "设置单位推送地址（签名密钥仅显示一次）/ set a department's webhook (the secret is shown once)",
         .permission = &perm::kDeskWebhookWrite,
         .request = s::object({{"department", s::string()},
                               {"url", s::string("http(s)://…")},
                               {"enabled", s::boolean()},
                               {"rotate", s::boolean("换新密钥 / issue a new secret")}},
                              {"department", "url"}),
         .response = hook_schema,
         .errors = {"bad_request"},
         .handler = [&desk, hook_json](Call& c) {
             auto body = http::body_object(c.req);
             const auto flag = [&body](const char* k, bool dflt) {
                 const json::value* v = body.if_contains(k);
                 return v && v->is_bool() ? v->as_bool() : dflt;
             };
             auto w = desk.set_webhook(c.who, c.ctx, http::get_string(body, "department"),
                                       http::get_string(body, "url"), flag("enabled", true), flag("rotate", false));
             http::check(w.status());
             return http::json_response(hook_json(*w));
         }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/webhooks/deliveries",
                 .tag = "desk",
                 .summary = "推送记录 / the delivery log",
                 .permission = &perm::kDeskWebhookRead,
                 .query = {{"status", "pending | delivered | failed"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(s::object({{"id", s::integer()},
                                                {"webhook_id", s::integer()},
                                                {"case_id", s::nullable(s::integer())},
                                                {"department", s::string()},
                                                {"event", s::string()},
                                                {"status", s::one_of_strings({"pending", "delivered", "failed"})},
                                                {"attempts", s::integer()},
                                                {"last_status", s::nullable(s::integer())},
                                                {"last_error", s::string()},
                                                {"next_at", s::nullable(s::integer())},
                                                {"delivered_at", s::nullable(s::integer())},
                                                {"created_at", s::integer()}},
                                               {"id", "department", "event", "status", "attempts", "created_at"})),
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     auto page = desk.deliveries(c.who, c.req.q("status").value_or(""), pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, [](const WebhookDelivery& d) {
                         return json::object{{"id", d.id},
                                             {"webhook_id", d.webhook_id},
                                             {"case_id", opt_int(d.case_id)},
                                             {"department", d.department},
                                             {"event", d.event},
                                             {"status", d.status},
                                             {"attempts", d.attempts},
                                             {"last_status", opt_int(d.last_status)},
                                             {"last_error", d.last_error},
                                             {"next_at", opt_int(d.next_at)},
                                             {"delivered_at", opt_int(d.delivered_at)},
                                             {"created_at", d.created_at}};
                     });
                 }});
}

}  // namespace zx::service_desk
