// The composition root: builds every module's service over one database and registers the modules'
// route tables with the server, each behind identity's access check (identity::guard). The OpenAPI
// document is generated from the same tables, so the router and the document cannot drift.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "modules/awards/run_service.hpp"
#include "modules/awards/simulation.hpp"
#include "modules/enterprise_data/contact_service.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "modules/identity/auth.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/park_evaluation/park_service.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "modules/service_desk/task_service.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/http/http.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/http/route.hpp"
#include "platform/storage/db.hpp"

namespace zx::api {

struct AppOptions {
    std::filesystem::path policies_root = "policies";
    // The 亩均 evaluation schemes (schemes/<id>/scheme.toml).
    std::filesystem::path schemes_root = "schemes";
    bool secure_cookies = false;  // set behind TLS: adds the Secure attribute
    std::size_t max_upload_bytes = 256u << 20;
    AwardSettings awards;  // the shortest 公示 (serve --min-notice-days; a demonstration may use 0)
    std::filesystem::path audit_anchor_file;  // signed heads of the audit chain; with AppKeys::audit_signer
};

// The server's secrets, supplied by the operator (or generated on first start and kept in files
// only the service account can read): there is no built-in default.
struct AppKeys {
    gm::FieldCipher field_cipher;  // SM4 key for sensitive fields at rest
    gm::Sm2KeyPair login_key;      // SM2 key the browser encrypts login passwords with
    gm::Sm2KeyPair audit_signer;   // signs the audit chain's head (empty: no anchors)
};

// Reads `policies_root`/departments.toml (the responsible departments, core/department.hpp) and installs
// it as the process's list. On failure nothing is installed and the Status names the file and line.
Status load_responsible_departments(const std::filesystem::path& policies_root);

class App {
  public:
    App(db::Database& db, AppOptions options, AppKeys keys);
    std::shared_ptr<http::Router> router() const { return router_; }
    AuthService& auth() { return auth_; }
    DataService& data() { return data_; }
    RunService& runs() { return runs_; }
    TaskService& tasks() { return tasks_; }
    DeskService& desk() { return desk_; }
    parks::ParkService& parks() { return parks_; }
    monitoring::MonitoringService& monitoring() { return monitoring_; }
    // Whether policies/service_desk/ loaded (the server refuses to start if not).
    const Status& desk_status() const { return desk_status_; }
    // Runs the desk's sweep (warnings, escalations) every `period` on a thread of its own until the App
    // is destroyed. The server calls it; tests call desk().sweep() with their clock instead.
    void start_background(std::chrono::seconds period);
    db::Database& database() { return db_; }
    const AppOptions& options() const { return options_; }
    // Whether the department list of options().policies_root loaded (the server refuses to start if not).
    const Status& departments_status() const { return departments_status_; }
    const gm::Sm2KeyPair* audit_signer() const { return keys_.audit_signer.empty() ? nullptr : &keys_.audit_signer; }
    // Every route of every module, in registration order.
    const std::vector<http::Route>& routes() const { return routes_; }
    // The OpenAPI 3.0 document of routes(), generated once.
    const std::string& openapi() const { return openapi_; }

  private:
    void add(http::RouteTable table);

    db::Database& db_;
    AppOptions options_;
    Status departments_status_;
    AuthService auth_;
    DataService data_;
    RunService runs_;
    TaskService tasks_;
    Status desk_status_;
    DeskService desk_;
    parks::ParkService parks_;
    monitoring::MonitoringService monitoring_;
    SimulationService simulation_;
    AppKeys keys_;
    ContactService contacts_;
    http::RateLimiter captcha_limit_{30, std::chrono::minutes(5)};  // each captcha is a database row
    std::vector<http::Route> routes_;
    std::string openapi_;
    std::shared_ptr<http::Router> router_ = std::make_shared<http::Router>();
    std::mutex background_mutex_;
    std::condition_variable_any background_cv_;
    std::jthread background_;  // last: stopped and joined before the services go
};

// An App over an in-memory database with throw-away keys, built once: its route tables and document,
// for `zhenxing openapi` and the tests of the tables (no handler is meant to run on it).
const App& document_app();

// The OpenAPI 3 document of every module's routes, without a server or a database of the caller's
// (the tables are built once over an in-memory database; no handler runs).
std::string openapi_json();
// The (method, path) pairs it documents.
std::vector<std::pair<std::string, std::string>> openapi_routes();

}  // namespace zx::api
