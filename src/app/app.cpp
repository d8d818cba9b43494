#include "app/app.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "app/permission_catalog.hpp"
#include "app/schema.hpp"
#include "core/department.hpp"
#include "core/region.hpp"
#include "modules/audit/routes.hpp"
#include "modules/awards/routes.hpp"
#include "modules/enterprise_data/routes.hpp"
#include "modules/identity/route_guard.hpp"
#include "modules/identity/routes.hpp"
#include "modules/monitoring/routes.hpp"
#include "modules/park_evaluation/routes.hpp"
#include "modules/service_desk/desk_files.hpp"
#include "modules/service_desk/routes.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/http_client.hpp"
#include "platform/http/openapi.hpp"
#include "platform/http/schema.hpp"
#include "platform/storage/migrations.hpp"

namespace zx::api {
namespace {

namespace json = boost::json;
namespace s = http::schema;

// The desk's rules, or nullptr with the failure in `status`.
std::shared_ptr<const desk::DeskRules> load_desk(const std::filesystem::path& policies_root, Status& status) {
    auto rules = load_desk_rules(policies_root / "service_desk");
    if (!rules) {
        status = rules.status();
        return nullptr;
    }
    return std::make_shared<const desk::DeskRules>(std::move(rules).value());
}

}  // namespace

Status load_responsible_departments(const std::filesystem::path& policies_root) {
    const std::filesystem::path file = policies_root / "departments.toml";
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return Status::io_error(
            {"无法读取责任单位名单 " + file.string(), "cannot read the departments " + file.string()});
    std::stringstream text;
    text << in.rdbuf();
    auto list = DepartmentList::parse(text.str(), file.string());
    if (!list) return list.status();
    install_responsible_departments(std::move(list).value());
    return Status::ok();
}

App::App(db::Database& db, AppOptions options, AppKeys keys)
    : db_(db),
      options_(std::move(options)),
      departments_status_(load_responsible_departments(options_.policies_root)),
      auth_(db),
      data_(db),
      runs_(db, options_.policies_root, system_clock(), options_.awards),
      tasks_(db),
      desk_(db, load_desk(options_.policies_root, desk_status_), options_.awards.calendar),
      parks_(db, options_.schemes_root, system_clock(), {options_.awards.min_notice_days, options_.awards.calendar}),
      monitoring_(db, options_.policies_root, options_.awards.calendar),
      simulation_(db, runs_),
      keys_(std::move(keys)),
      contacts_(db, keys_.field_cipher) {
    add(identity::routes({.auth = auth_,
                          .db = db_,
                          .login_key = keys_.login_key,
                          .captcha_limit = captcha_limit_,
                          .catalog = permission_catalog(),
                          .secure_cookies = options_.secure_cookies}));
    add(enterprise_data::routes({.data = data_, .contacts = contacts_, .max_upload_bytes = options_.max_upload_bytes}));
    add(service_desk::routes(tasks_));
    add(service_desk::desk_routes(desk_));
    add(awards::routes(runs_));
    add(park_evaluation::routes(parks_, options_.max_upload_bytes));
    add(monitoring::routes(monitoring_, options_.max_upload_bytes));
    // A red or orange warning opens a proactive case in the service desk; the warning shows the case's
    // status, read with the asking user's rights.
    monitoring_.set_case_hooks(
        {.open = [this](const Principal& who, const RequestContext& ctx, const std::string& uscc,
                        const std::string& title, const std::string& description, bool urgent,
                        const std::string& key) -> Result<std::int64_t> {
             auto r =
                 desk_.report(who, ctx, {uscc, "other", urgent ? "urgent" : "normal", title, description, {}}, key);
             if (!r) return r.status();
             return r->detail.c.id;
         },
         .status = [this](const Principal& who, std::int64_t id) -> std::optional<std::string> {
             auto r = desk_.get(who, id);
             if (!r) return std::nullopt;
             return r->c.status;
         }});
    add(awards::simulation_routes(simulation_));
    add(audit::routes(db_, {.signer = keys_.audit_signer.empty() ? nullptr : &keys_.audit_signer,
                            .file = options_.audit_anchor_file}));

    http::RouteTable meta;
    meta.push_back({.method = "GET",
                    .path = "/api/openapi.json",
                    .tag = "meta",
                    .summary = "本文档 / this document",
                    .access = http::Access::kPublic,
                    .response = s::any_object("OpenAPI 3.0"),
                    .handler = [this](http::Call&) { return http::Response::json(openapi()); }});
    meta.push_back({.method = "GET",
                    .path = "/api/cities",
                    .tag = "meta",
                    .summary = "14个设区市 / the 14 cities",
                    .access = http::Access::kPublic,
                    .response = s::items(s::string()),
                    .handler = [](http::Call&) {
                        json::array a;
                        for (auto c : kCities) a.emplace_back(std::string(c));
                        return http::json_response(json::object{{"items", std::move(a)}});
                    }});
    add(std::move(meta));
    // The tables are complete: the document never changes while the process runs.
    std::vector<const http::Route*> rs;
    rs.reserve(routes_.size());
    for (const auto& r : routes_) rs.push_back(&r);
    openapi_ = http::openapi_document(
        {"振兴 Zhenxing API", "0.2.0",
         "广西工业振兴政策平台 / Guangxi industrial policy platform. Amounts: whole yuan integers for awards, decimal "
         "strings for output. Errors: {\"error\": {\"code\", \"message\", \"message_zh\", \"message_en\", "
         "\"request_id\"}}; the message follows Accept-Language (Chinese by default)."},
        rs);
}

void App::start_background(std::chrono::seconds period) {
    if (background_.joinable()) return;
    background_ = std::jthread([this, period](const std::stop_token& stop) {
        // Deadlines computed before a year's calendar was loaded are recomputed once at start, on this
        // thread: at scale that takes a while and the server answers meanwhile.
        (void)desk_.recompute_provisional();
        while (!stop.stop_requested()) {
            (void)desk_.sweep();
            (void)monitoring_.tick();  // the 通报 of the last month, on its working day
            // Webhooks of the departments, each request bounded by webhooks.toml's timeout.
            const int timeout = desk_.rules() ? desk_.rules()->webhook_timeout_seconds : 5;
            (void)desk_.deliver_webhooks([timeout](const std::string& url,
                                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                                   const std::string& body) -> Result<int> {
                auto r = http::post(url, headers, body, std::chrono::seconds(timeout));
                if (!r) return r.status();
                return r->status;
            });
            std::unique_lock lock(background_mutex_);
            background_cv_.wait_for(lock, stop, period, [] { return false; });
        }
    });
}

void App::add(http::RouteTable table) {
    for (http::Route& r : table) {
        router_->add(r.method, r.path, identity::guard(auth_, r), r.options);
        routes_.push_back(std::move(r));
    }
}

const App& document_app() {
    static const auto* kApp = [] {
        auto db = db::Database::open("sqlite::memory:", 1);
        if (!db || !migrate_all(**db)) std::abort();
        auto cipher = gm::FieldCipher::from_hex("00112233445566778899aabbccddeeff");
        auto key = gm::Sm2KeyPair::generate();
        if (!cipher || !key) std::abort();
        static std::unique_ptr<db::Database> kDb = std::move(db).value();
        return new App(*kDb, AppOptions{}, AppKeys{std::move(cipher).value(), std::move(key).value()});
    }();
    return *kApp;
}

std::string openapi_json() {
    return document_app().openapi();
}

std::vector<std::pair<std::string, std::string>> openapi_routes() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : document_app().routes()) out.emplace_back(r.method, r.path);
    return out;
}

}  // namespace zx::api
