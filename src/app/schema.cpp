#include "app/schema.hpp"

#include "modules/awards/schema.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "modules/identity/auth.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/park_evaluation/park_service.hpp"
#include "modules/service_desk/schema.hpp"
#include "platform/storage/migrations.hpp"
#include "platform/storage/module_migrations.hpp"

namespace zx::api {

Result<int> migrate_all(db::Database& db) {
    auto v = db::migrate(db);
    if (!v) return v;
    // The tables of audit, identity, enterprise_data, awards and service_desk predate module
    // migrations and are the baseline above; modules list their new steps here.
    const std::vector<db::ModuleSchema> modules = {
        AuthService::schema(),  DataService::schema(),        awards::schema(),
        service_desk::schema(), parks::ParkService::schema(), monitoring::MonitoringService::schema()};
    if (auto s = db::migrate_modules(db, modules); !s) return s;
    return v;
}

}  // namespace zx::api
