// The defects of a data load as the API shows them (the uploads of every module that reads tables:
// enterprise_data, park_evaluation, monitoring): one JSON object per defect, and its schema.
#pragma once

#include <boost/json.hpp>

#include <vector>

#include "modules/enterprise_data/data_loader.hpp"

namespace zx {

// {file, line, field, value, message_zh, message_en}
boost::json::value defect_schema();
boost::json::array defects_json(const std::vector<Defect>& defects);

}  // namespace zx
