#include "app/app.hpp"

#include "app/support.hpp"
#include "core/json_text.hpp"
#include "core/money.hpp"
#include "core/region.hpp"
#include "modules/awards/rules/explain.hpp"
#include "modules/identity/captcha.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/migrations.hpp"

namespace zx::api {
namespace {

namespace json = boost::json;
using http::HttpError;
using http::Request;
using http::Response;

json::object principal_json(const Principal& p) {
    json::object o;
    o["id"] = p.user_id;
    o["username"] = p.username;
    o["display_name"] = p.display_name;
    o["role"] = std::string(role_code(p.role));
    o["role_name"] = std::string(role_name_zh(p.role));
    o["scope"] = p.scope().describe();
    o["city"] = p.city;
    o["department"] = p.department;
    o["uscc"] = p.uscc;
    o["must_change_password"] = p.must_change_password;
    json::array perms;
    for (std::string_view c : p.permissions()) perms.emplace_back(c);
    o["permissions"] = std::move(perms);
    return o;
}

// A run as JSON. Its summary breaks the totals down by city, clause and outcome: outside the province
// a city sees its own city's line only and an enterprise none of the breakdown.
json::object run_json(const RunInfo& r, const Principal& who) {
    json::object o;
    o["id"] = r.id;
    o["policy"] = r.policy_id;
    o["policy_version"] = r.policy_version;
    o["policy_hash"] = r.policy_hash;
    o["data_hash"] = r.data_hash;
    o["result_hash"] = r.result_hash;
    o["status"] = r.status;
    if (r.budget_yuan)
        o["budget_yuan"] = *r.budget_yuan;
    else
        o["budget_yuan"] = nullptr;
    o["total_yuan"] = r.total_yuan;
    o["row_count"] = r.row_count;
    o["created_by"] = r.created_by;
    o["created_at"] = r.created_at;
    o["notice_days"] = r.notice_days;
    if (r.notice_from) o["notice_from"] = *r.notice_from;
    if (r.notice_until) o["notice_until"] = *r.notice_until;
    boost::system::error_code ec;
    json::value summary = json::parse(r.summary_json, ec);
    const Scope scope = who.scope();
    if (!ec && summary.is_object() && scope.kind != Scope::Kind::kProvince) {
        json::object& so = summary.as_object();
        json::array kept;
        if (auto* by_city = so.if_contains("by_city");
            by_city && by_city->is_array() && scope.kind == Scope::Kind::kCity)
            for (const auto& c : by_city->as_array())
                if (c.is_object() && c.as_object().contains("city") &&
                    c.as_object().at("city").as_string() == scope.value)
                    kept.push_back(c);
        // Province-wide totals minus the caller's own line would give the other cities' sum: outside
        // the province the totals are the caller's city's (a city) or absent (an enterprise).
        json::value own = kept.empty() ? json::value(nullptr) : kept[0].as_object().at("tally");
        so["by_city"] = std::move(kept);
        so.erase("by_clause");
        so.erase("by_outcome");
        so.erase("total_before_budget_yuan");
        so["all"] = own;
        if (own.is_object()) {
            o["total_yuan"] = own.as_object().at("total_yuan");
            o["row_count"] = own.as_object().at("rows");
        } else {
            o["total_yuan"] = nullptr;
            o["row_count"] = nullptr;
        }
    } else if (scope.kind != Scope::Kind::kProvince) {
        o["total_yuan"] = nullptr;
        o["row_count"] = nullptr;
    }
    o["summary"] = std::move(summary);
    return o;
}

std::string session_cookie(const std::string& token, std::int64_t max_age, bool secure) {
    return "zx_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
           (secure ? "; Secure" : "");
}

std::optional<TableKind> table_kind(const std::string& s) {
    if (s == "enterprises") return TableKind::kEnterprises;
    if (s == "designations") return TableKind::kDesignations;
    if (s == "output") return TableKind::kOutput;
    return std::nullopt;
}

}  // namespace

App::App(db::Database& db, AppOptions options, AppKeys keys)
    : db_(db),
      options_(std::move(options)),
      auth_(db),
      data_(db),
      runs_(db, options_.policies_root),
      tasks_(db),
      keys_(std::move(keys)),
      contacts_(db, keys_.field_cipher) {
    add_auth_routes();
    add_data_routes();
    add_run_routes();
    add_misc_routes();
    add_security_routes();
}

void App::add_auth_routes() {
    http::Router& r = *router_;
    r.add("POST", "/api/auth/login", [this](Request& req) {
        require_same_origin(req);
        auto body = body_object(req);
        const std::string username = get_string(body, "username");
        // The browser encrypts the password with the server's SM2 key (sm-crypto, C1C3C2); API clients
        // may send it plainly over TLS.
        std::string password;
        if (body.contains("password_sm2")) {
            auto plain = keys_.login_key.decrypt_hex(get_string(body, "password_sm2"));
            if (!plain) throw HttpError::bad_request("password_sm2: 无法解密 / cannot be decrypted with the login key");
            password = std::move(*plain);
        } else {
            password = get_string(body, "password");
        }
        const bool bearer = body.contains("bearer") && body.at("bearer").is_bool() && body.at("bearer").as_bool();
        auto s = auth_.login(username, password, context_of(req), req.header("user-agent"),
                             get_string(body, "captcha_id", false), get_string(body, "captcha_answer", false));
        if (!s && s.status().message().rfind("captcha_required", 0) == 0)
            throw HttpError(401, "captcha_required", s.status().message().substr(s.status().message().find(':') + 2));
        check(s.status());
        json::object o;
        o["user"] = principal_json(s->principal);
        o["csrf_token"] = s->csrf_token;
        o["expires_at"] = s->expires_at;
        Response resp;
        if (bearer) {
            o["token"] = s->token;  // API clients: Authorization: Bearer; no cookie, no CSRF
            resp = json_response(o);
        } else {
            resp = json_response(o);
            resp.headers.emplace_back("Set-Cookie",
                                      session_cookie(s->token, std::int64_t{auth_.settings().session_ttl_hours} * 3600,
                                                     options_.secure_cookies));
        }
        return resp;
    });
    r.add("POST", "/api/auth/logout",
          authed(
              auth_, "",
              [this](Call& c) {
                  bool from_cookie = false;
                  check(auth_.logout(session_token(c.req, from_cookie), c.who, c.ctx));
                  Response resp = json_response(json::object{{"ok", true}});
                  resp.headers.emplace_back("Set-Cookie", session_cookie("", 0, options_.secure_cookies));
                  return resp;
              },
              true));
    r.add("GET", "/api/auth/me",
          authed(
              auth_, "",
              [](Call& c) {
                  json::object o;
                  o["user"] = principal_json(c.who);
                  o["csrf_token"] = c.csrf_token;
                  return json_response(o);
              },
              true));
    r.add("POST", "/api/auth/password",
          authed(
              auth_, "",
              [this](Call& c) {
                  auto body = body_object(c.req);
                  bool from_cookie = false;
                  check(auth_.change_password(c.who, get_string(body, "old_password"), get_string(body, "new_password"),
                                              c.ctx, session_token(c.req, from_cookie)));
                  return json_response(json::object{{"ok", true}});
              },
              true));
    r.add("GET", "/api/users", authed(auth_, "system:user:read", [this](Call&) {
              auto rows = auth_.list_users();
              check(rows.status());
              return json_response(json::object{
                  {"items", rows_json(*rows, {"#id", "username", "display_name", "role", "city", "department", "uscc",
                                              "?must_change_password", "?disabled", "#created_at"})}});
          }));
    r.add("POST", "/api/users", authed(auth_, "system:user:write", [this](Call& c) {
              auto body = body_object(c.req);
              NewUser u;
              u.username = get_string(body, "username");
              u.display_name = get_string(body, "display_name", false);
              auto role = parse_role(get_string(body, "role"));
              if (!role) throw HttpError::bad_request("未知角色 / unknown role");
              u.role = *role;
              u.city = get_string(body, "city", false);
              u.department = get_string(body, "department", false);
              u.uscc = get_string(body, "uscc", false);
              auto id = auth_.create_user(u, get_string(body, "password"), c.who, c.ctx);
              check(id.status());
              return json_response(json::object{{"id", *id}}, 201);
          }));
}

void App::add_data_routes() {
    http::Router& r = *router_;
    r.add("GET", "/api/enterprises", authed(auth_, "data:enterprise:read", [this](Call& c) {
              EnterpriseFilter f;
              f.city = c.req.q("city").value_or("");
              f.q = c.req.q("q").value_or("");
              f.sort = c.req.q("sort").value_or("uscc");
              const PageRequest pr = page_of(c.req);
              auto page = data_.list_enterprises(c.who, f, pr);
              check(page.status());
              return page_json(*page, pr, {"uscc", "name", "city", "industry", "scale_since"});
          }));
    r.add("GET", "/api/enterprises/{uscc}", authed(auth_, "data:enterprise:read", [this](Call& c) {
              const std::string uscc = c.req.params.at("uscc");
              auto e = data_.get_enterprise(c.who, uscc);
              check(e.status());
              auto d = data_.designations_of(c.who, uscc);
              check(d.status());
              json::object o =
                  rows_json(*e, {"uscc", "name", "city", "industry", "scale_since", "#updated_at"})[0].as_object();
              o["designations"] = rows_json(*d, {"designation", "valid_from", "valid_to"});
              return json_response(o);
          }));
    r.add("GET", "/api/enterprises/{uscc}/ledger", authed(auth_, "run:ledger:read", [this](Call& c) {
              auto rows = runs_.ledger(c.who, c.req.params.at("uscc"));
              check(rows.status());
              return json_response(json::object{{"items", rows_json(*rows, {"#id", "#run_id", "clause", "period",
                                                                            "kind", "#amount_yuan", "#at", "note"})}});
          }));
    http::RouteOptions upload_limits;
    upload_limits.max_body = options_.max_upload_bytes;
    r.add("POST", "/api/uploads/{kind}",
          authed(auth_, "data:upload:write",
                 [this](Call& c) {
                     auto kind = table_kind(c.req.params.at("kind"));
                     if (!kind)
                         throw HttpError::not_found("未知数据表 / unknown table (enterprises, designations, output)");
                     std::string filename = c.req.q("filename").value_or("");
                     if (filename.empty()) {
                         const std::string ct = c.req.header("content-type");
                         filename = std::string(table_stem(*kind)) +
                                    (ct.find("spreadsheetml") != std::string::npos ? ".xlsx" : ".csv");
                     }
                     auto res = data_.upload(c.who, c.ctx, *kind, filename, c.req.body);
                     check(res.status());
                     json::object o;
                     o["upload_id"] = res->upload_id;
                     o["accepted"] = res->accepted;
                     o["rows"] = res->rows;
                     o["defects_total"] = res->defects_total;
                     json::array defects;
                     for (const Defect& d : res->defects)
                         defects.push_back(json::object{{"file", d.file},
                                                        {"line", d.line},
                                                        {"field", d.field},
                                                        {"value", d.value},
                                                        {"message_zh", d.message_zh},
                                                        {"message_en", d.message_en}});
                     o["defects"] = std::move(defects);
                     if (!res->accepted)
                         o["defect_report"] = "/api/uploads/" + std::to_string(res->upload_id) + "/defects.csv";
                     return json_response(o, res->accepted ? 201 : 422);
                 }),
          upload_limits);
    r.add("GET", "/api/uploads/{id}/defects.csv", authed(auth_, "data:upload:write", [this](Call& c) {
              auto csv = data_.defect_report(c.who, path_id(c.req, "id"));
              check(csv.status());
              return Response::file("\xEF\xBB\xBF" + *csv, "text/csv; charset=utf-8",
                                    "defects-" + c.req.params.at("id") + ".csv");
          }));
    r.add("GET", "/api/output", authed(auth_, "data:output:read", [this](Call& c) {
              OutputFilter f;
              f.uscc = c.req.q("uscc").value_or("");
              f.status = c.req.q("status").value_or("");
              f.month_from = c.req.q("month_from").value_or("");
              f.month_to = c.req.q("month_to").value_or("");
              f.city = c.req.q("city").value_or("");
              const PageRequest pr = page_of(c.req);
              auto page = data_.list_output(c.who, f, pr);
              check(page.status());
              return page_json(*page, pr,
                               {"uscc", "name", "city", "month", "$output_yuan", "status", "#revision", "#verified_at",
                                "reject_reason"});
          }));
    r.add("POST", "/api/output/verify", authed(auth_, "data:output:verify", [this](Call& c) {
              auto body = body_object(c.req);
              std::vector<std::string> months;
              auto it = body.find("months");
              if (it == body.end() || !it->value().is_array())
                  throw HttpError::bad_request("months: an array of YYYY-MM");
              for (const auto& m : it->value().as_array()) {
                  if (!m.is_string()) throw HttpError::bad_request("months: an array of YYYY-MM");
                  months.emplace_back(m.as_string());
              }
              const std::string action = get_string(body, "action");
              if (action != "verify" && action != "reject") throw HttpError::bad_request("action: verify | reject");
              auto n = data_.verify(c.who, c.ctx, get_string(body, "uscc"), months, action == "verify",
                                    get_string(body, "reason", false));
              check(n.status());
              return json_response(json::object{{"changed", *n}});
          }));
    r.add("POST", "/api/output/revise", authed(auth_, "data:output:revise", [this](Call& c) {
              auto body = body_object(c.req);
              std::int64_t fen = 0;
              const std::string amount = get_string(body, "output_yuan");
              if (parse_yuan(amount, fen) != AmountError::kNone)
                  throw HttpError::bad_request(
                      "output_yuan: 元金额字符串，最多两位小数 / a yuan amount string with at most two decimals");
              check(data_.revise(c.who, c.ctx, get_string(body, "uscc"), get_string(body, "month"), fen,
                                 get_string(body, "reason")));
              return json_response(json::object{{"ok", true}});
          }));
    r.add("GET", "/api/verification/progress", authed(auth_, "data:progress:read", [this](Call& c) {
              auto rows = data_.progress(c.who);
              check(rows.status());
              return json_response(json::object{
                  {"items", rows_json(*rows, {"city", "#enterprises", "#pending", "#verified", "#rejected"})}});
          }));
    r.add("GET", "/api/tasks", authed(auth_, "task:task:read", [this](Call& c) {
              const PageRequest pr = page_of(c.req);
              auto page = tasks_.list(c.who, c.req.q("status").value_or(""), pr);
              check(page.status());
              return page_json(*page, pr,
                               {"#id", "uscc", "name", "city", "department", "title", "detail", "status", "#created_at",
                                "#updated_at"});
          }));
    r.add("GET", "/api/tasks/{id}", authed(auth_, "task:task:read", [this](Call& c) {
              auto rows = tasks_.get(c.who, path_id(c.req, "id"));
              check(rows.status());
              return json_response(rows_json(*rows, {"#id", "uscc", "name", "city", "department", "title", "detail",
                                                     "status", "#created_at", "#updated_at"})[0]);
          }));
    r.add("POST", "/api/tasks", authed(auth_, "task:task:write", [this](Call& c) {
              auto body = body_object(c.req);
              auto id = tasks_.create(c.who, c.ctx, get_string(body, "uscc", false), get_string(body, "department"),
                                      get_string(body, "title"), get_string(body, "detail", false));
              check(id.status());
              return json_response(json::object{{"id", *id}}, 201);
          }));
    r.add("POST", "/api/tasks/{id}/status", authed(auth_, "task:task:read", [this](Call& c) {
              auto body = body_object(c.req);
              check(tasks_.set_status(c.who, c.ctx, path_id(c.req, "id"), get_string(body, "status")));
              return json_response(json::object{{"ok", true}});
          }));
}

void App::add_run_routes() {
    http::Router& r = *router_;
    r.add("GET", "/api/policies", authed(auth_, "policy:policy:read", [this](Call&) {
              json::array items;
              for (const Policy& p : runs_.policies()) {
                  json::object o{{"id", p.id},
                                 {"title", p.title},
                                 {"document", p.document},
                                 {"version", p.version},
                                 {"in_force", format_month_range(p.in_force)}};
                  json::array clauses;
                  for (const Clause& c : p.clauses)
                      clauses.push_back(json::object{{"id", c.id}, {"title", clause_label(c)}, {"enabled", c.enabled}});
                  o["clauses"] = std::move(clauses);
                  items.push_back(std::move(o));
              }
              return json_response(json::object{{"items", std::move(items)}});
          }));
    r.add("GET", "/api/policies/{id}", authed(auth_, "policy:policy:read", [this](Call& c) {
              auto p = runs_.policy(c.req.params.at("id"));
              check(p.status());
              json::object o{{"id", p->id},
                             {"title", p->title},
                             {"document", p->document},
                             {"version", p->version},
                             {"in_force", format_month_range(p->in_force)},
                             {"budget_note", p->budget_note}};
              json::array clauses;
              for (const Clause& cl : p->clauses) {
                  json::array periods, units;
                  for (const auto& pr : cl.periods) periods.emplace_back(format_month_range(pr));
                  for (const auto& u : cl.responsible_units) units.emplace_back(u);
                  clauses.push_back(
                      json::object{{"id", cl.id},
                                   {"title", clause_label(cl)},
                                   {"text", cl.text},
                                   {"responsible_units", std::move(units)},
                                   {"periods", std::move(periods)},
                                   {"rate", format_percent(cl.rate)},
                                   {"growth_min", format_percent(cl.growth_min)},
                                   {"cap_per_year_yuan",
                                    cl.cap_per_year_yuan ? json::value(*cl.cap_per_year_yuan) : json::value(nullptr)}});
              }
              o["clauses"] = std::move(clauses);
              return json_response(o);
          }));
    r.add("POST", "/api/runs", authed(auth_, "run:run:create", [this](Call& c) {
              auto body = body_object(c.req);
              RunRequest req;
              req.policy_id = get_string(body, "policy");
              req.budget_yuan = get_int(body, "budget_yuan");
              if (auto d = get_int(body, "notice_days")) {
                  if (*d < 0 || *d > 60) throw HttpError::bad_request("notice_days: 0–60");
                  req.notice_days = static_cast<int>(*d);
              }
              auto run = runs_.create(c.who, c.ctx, req);
              check(run.status());
              return json_response(run_json(*run, c.who), 201);
          }));
    r.add("GET", "/api/runs", authed(auth_, "run:run:read", [this](Call& c) {
              auto runs = runs_.list(c.who);
              check(runs.status());
              json::array items;
              for (const RunInfo& i : *runs) items.push_back(run_json(i, c.who));
              return json_response(json::object{{"items", std::move(items)}});
          }));
    r.add("GET", "/api/runs/{id}", authed(auth_, "run:run:read", [this](Call& c) {
              auto run = runs_.get(c.who, path_id(c.req, "id"));
              check(run.status());
              return json_response(run_json(*run, c.who));
          }));
    r.add("GET", "/api/runs/{id}/rows", authed(auth_, "run:run:read", [this](Call& c) {
              RowFilter f;
              f.city = c.req.q("city").value_or("");
              f.clause = c.req.q("clause").value_or("");
              f.uscc = c.req.q("uscc").value_or("");
              if (auto e = c.req.q("eligible")) {
                  if (*e != "true" && *e != "false") throw HttpError::bad_request("eligible: true | false");
                  f.eligible = *e == "true";
              }
              const PageRequest pr = page_of(c.req);
              auto page = runs_.rows(c.who, path_id(c.req, "id"), f, pr);
              check(page.status());
              return page_json(*page, pr,
                               {"uscc", "name", "city", "clause", "period", "?eligible", "#amount_yuan",
                                "#computed_yuan", "#capped_yuan", "reason"});
          }));
    r.add("POST", "/api/runs/{id}/transition", authed(auth_, "run:run:read", [this](Call& c) {
              auto body = body_object(c.req);
              auto run = runs_.transition(c.who, c.ctx, path_id(c.req, "id"), get_string(body, "to"),
                                          get_string(body, "note", false));
              check(run.status());
              return json_response(run_json(*run, c.who));
          }));
    r.add("GET", "/api/runs/{id}/compare/{other}", authed(auth_, "run:run:read", [this](Call& c) {
              auto rows = runs_.compare(c.who, path_id(c.req, "id"), path_id(c.req, "other"));
              check(rows.status());
              return json_response(json::object{
                  {"items", rows_json(*rows, {"uscc", "name", "city", "clause", "period", "?eligible_before",
                                              "#amount_before", "?eligible_after", "#amount_after", "reason_after"})}});
          }));
    r.add("GET", "/api/runs/{id}/export.xlsx", authed(auth_, "run:run:export", [this](Call& c) {
              auto bytes = runs_.export_xlsx(c.who, c.ctx, path_id(c.req, "id"), c.req.q("city").value_or(""));
              check(bytes.status());
              return Response::file(std::move(*bytes),
                                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    "公示名单-" + c.req.params.at("id") + ".xlsx");
          }));
    r.add("GET", "/api/runs/{id}/export.csv", authed(auth_, "run:run:export", [this](Call& c) {
              auto bytes = runs_.export_csv(c.who, c.ctx, path_id(c.req, "id"), c.req.q("city").value_or(""));
              check(bytes.status());
              return Response::file(std::move(*bytes), "text/csv; charset=utf-8",
                                    "awards-" + c.req.params.at("id") + ".csv");
          }));
    r.add("GET", "/api/runs/{id}/explain/{uscc}", authed(auth_, "run:run:read", [this](Call& c) {
              auto j = runs_.explain_json(c.who, path_id(c.req, "id"), c.req.params.at("uscc"));
              check(j.status());
              return Response::json(std::move(*j));
          }));
}

void App::add_misc_routes() {
    http::Router& r = *router_;
    r.add("GET", "/api/audit", authed(auth_, "audit:log:read", [this](Call& c) {
              AuditQuery q;
              if (auto a = c.req.q("after_id")) {
                  try {
                      q.after_id = std::stoll(*a);
                  } catch (...) {
                      throw HttpError::bad_request("after_id: an integer");
                  }
              }
              q.limit = page_of(c.req).page_size;
              q.action_prefix = c.req.q("action").value_or("");
              q.username = c.req.q("username").value_or("");
              auto rows = list_audit(db_, q);
              check(rows.status());
              return json_response(json::object{
                  {"items",
                   rows_json(*rows, {"#id", "#at", "#user_id", "username", "role", "scope", "action", "object_type",
                                     "object_id", "before", "after", "ip", "request_id", "result", "hash"})}});
          }));
    r.add("GET", "/api/audit/verify", authed(auth_, "audit:log:read", [this](Call&) {
              auto broken = verify_audit_chain(db_);
              check(broken.status());
              return json_response(json::object{{"intact", *broken == 0}, {"first_broken_id", *broken}});
          }));
    r.add("GET", "/api/openapi.json", [](Request&) { return Response::json(openapi_json()); });
    r.add("GET", "/api/cities", [](Request&) {
        json::array a;
        for (auto c : kCities) a.emplace_back(std::string(c));
        return json_response(json::object{{"items", std::move(a)}});
    });
}

void App::add_security_routes() {
    http::Router& r = *router_;
    r.add("GET", "/api/auth/login-key", [this](Request&) {
        return json_response(json::object{
            {"algorithm", "SM2"}, {"cipher_mode", "C1C3C2"}, {"public_key", keys_.login_key.public_hex()}});
    });
    r.add("GET", "/api/auth/captcha", [this](Request& req) {
        // Each captcha is a database row: an address gets 30 per 5 minutes.
        if (!captcha_limit_.allow(req.remote_ip))
            throw HttpError::too_many("验证码请求过于频繁 / too many captchas, try later");
        auto c = create_captcha(db_);
        check(c.status());
        return json_response(json::object{{"id", c->id}, {"svg", c->svg}});
    });
    r.add("GET", "/api/security/settings", authed(auth_, "security:settings:read", [this](Call&) {
              boost::system::error_code ec;
              return json_response(json::parse(auth_.settings().to_json(), ec));
          }));
    r.add("PUT", "/api/security/settings", authed(auth_, "security:settings:write", [this](Call& c) {
              auto next = settings_from_json(c.req.body, auth_.settings());
              check(next.status());
              check(auth_.save_settings(*next, c.who, c.ctx));
              boost::system::error_code ec;
              return json_response(json::parse(next->to_json(), ec));
          }));
    r.add("GET", "/api/security/sessions", authed(auth_, "security:session:read", [this](Call&) {
              auto rows = auth_.list_sessions();
              check(rows.status());
              return json_response(
                  json::object{{"items", rows_json(*rows, {"id", "#user_id", "username", "role", "ip", "user_agent",
                                                           "#created_at", "#last_seen", "#expires_at"})}});
          }));
    r.add("DELETE", "/api/security/sessions/{id}", authed(auth_, "security:session:revoke", [this](Call& c) {
              check(auth_.revoke_session(c.req.params.at("id"), c.who, c.ctx));
              return json_response(json::object{{"ok", true}});
          }));
    r.add("POST", "/api/users/{id}/unlock", authed(auth_, "security:user:unlock", [this](Call& c) {
              check(auth_.unlock_user(path_id(c.req, "id"), c.who, c.ctx));
              return json_response(json::object{{"ok", true}});
          }));
    r.add("POST", "/api/users/{id}/disable", authed(auth_, "system:user:write", [this](Call& c) {
              auto body = body_object(c.req);
              auto it = body.find("disabled");
              if (it == body.end() || !it->value().is_bool()) throw HttpError::bad_request("disabled: true | false");
              check(auth_.set_disabled(path_id(c.req, "id"), it->value().as_bool(), c.who, c.ctx));
              return json_response(json::object{{"ok", true}});
          }));
    r.add("POST", "/api/users/{id}/reset-password", authed(auth_, "system:user:write", [this](Call& c) {
              auto body = body_object(c.req);
              check(auth_.reset_password(path_id(c.req, "id"), get_string(body, "password"), c.who, c.ctx));
              return json_response(json::object{{"ok", true}});
          }));
    r.add("GET", "/api/audit/export.csv", authed(auth_, "audit:log:export", [this](Call& c) {
              std::string csv =
                  "id,at,user_id,username,role,scope,action,object_type,object_id,before,after,ip,request_id,result,"
                  "hash\n";
              AuditQuery q;
              q.limit = 1000;
              q.action_prefix = c.req.q("action").value_or("");
              q.username = c.req.q("username").value_or("");
              while (true) {
                  auto rows = list_audit(db_, q);
                  check(rows.status());
                  if (rows->empty()) break;
                  for (const db::Row& row : rows->rows) {
                      for (std::size_t i = 0; i < row.size(); ++i) {
                          if (i) csv += ",";
                          append_csv_field(csv, row.str(i));
                      }
                      csv += "\n";
                  }
                  q.after_id = rows->rows.back().i64(0);
              }
              // The export itself is an audited event.
              check(db::in_transaction(db_, [&](db::Connection& conn) {
                  return append_audit(conn, c.who, c.ctx, {"audit.export", "audit_log", "", "", ""});
              }));
              return Response::file("\xEF\xBB\xBF" + csv, "text/csv; charset=utf-8", "audit-log.csv");
          }));
    r.add("GET", "/api/enterprises/{uscc}/contact", authed(auth_, "data:contact:read", [this](Call& c) {
              auto ct = contacts_.get_masked(c.who, c.req.params.at("uscc"));
              check(ct.status());
              return json_response(json::object{{"contact_name", ct->contact_name},
                                                {"phone", ct->phone},
                                                {"id_number", ct->id_number},
                                                {"bank_account", ct->bank_account},
                                                {"masked", true}});
          }));
    r.add("PUT", "/api/enterprises/{uscc}/contact", authed(auth_, "data:contact:write", [this](Call& c) {
              auto body = body_object(c.req);
              Contact ct;
              ct.contact_name = get_string(body, "contact_name", false);
              ct.phone = get_string(body, "phone", false);
              ct.id_number = get_string(body, "id_number", false);
              ct.bank_account = get_string(body, "bank_account", false);
              check(contacts_.set(c.who, c.ctx, c.req.params.at("uscc"), ct));
              return json_response(json::object{{"ok", true}});
          }));
    r.add("POST", "/api/enterprises/{uscc}/contact/reveal", authed(auth_, "data:contact:reveal", [this](Call& c) {
              auto body = body_object(c.req);
              const std::string field = get_string(body, "field");
              auto v = contacts_.reveal(c.who, c.ctx, c.req.params.at("uscc"), field);
              check(v.status());
              return json_response(json::object{{"field", field}, {"value", *v}});
          }));
}

}  // namespace zx::api
