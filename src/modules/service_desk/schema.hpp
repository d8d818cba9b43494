// The service desk's tables (module_schema "service_desk").
#pragma once

#include "platform/storage/module_migrations.hpp"

namespace zx::service_desk {

db::ModuleSchema schema();

}  // namespace zx::service_desk
