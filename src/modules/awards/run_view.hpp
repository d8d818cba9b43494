// A run as the API shows it to one principal. The run's summary breaks the totals down by city,
// clause and outcome: outside the province a city sees its own city's line only and an enterprise
// none of the breakdown (province totals minus a city's line would give the other cities' sum).
#pragma once

#include <boost/json/object.hpp>

#include "core/principal.hpp"
#include "modules/awards/run_service.hpp"

namespace zx {

boost::json::object run_json(const RunInfo& r, const Principal& who);

}  // namespace zx
