// What desk_service.cpp and desk_lists.cpp share: the case columns, the scope of cases, notifications.
// Internal to the module.
#pragma once

#include <string>
#include <vector>

#include "core/principal.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "platform/storage/db.hpp"

namespace zx::desk_internal {

// The condition on desk_cases `c` of the cases `who` may read.
std::string case_scope(const Principal& who, std::vector<db::Value>& params);

// A notification to a unit: target kinds "desk", "city", "department", "enterprise", "user".
Status notify(db::Connection& c, const std::string& kind, const std::string& value, std::int64_t case_id,
              const std::string& what, const std::string& text, const std::string& text_en, std::int64_t at);

// The (kind, value) targets whose notifications `who` reads.
std::vector<std::pair<std::string, std::string>> notification_targets(const Principal& who);

std::string json_strings(const std::vector<std::string>& v);
std::vector<std::string> parse_strings(const std::string& json);

}  // namespace zx::desk_internal
