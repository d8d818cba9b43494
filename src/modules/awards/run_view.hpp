// A run as the API shows it to one principal. The run's summary breaks the totals down by city,
// clause and outcome: outside the province a city sees its own city's line only and an enterprise
// none of the breakdown (province totals minus a city's line would give the other cities' sum).
// Once a run is publicized its list is public, and so is its province total: a city then sees it
// (province_total_yuan) and can state its share; before 公示 it does not.
#pragma once

#include <boost/json/object.hpp>

#include "core/principal.hpp"
#include "modules/awards/run_service.hpp"

namespace zx {

// `currency`, when given (one run's page), adds whether it can still be paid.
boost::json::object run_json(const RunInfo& r, const Principal& who, const RunCurrency* currency = nullptr);

}  // namespace zx
