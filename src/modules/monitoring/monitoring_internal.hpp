// Internal to the monitoring service's files: the cached state (the verified data as a Dataset and
// the verified monitoring tables), and the helpers that turn figures into the API's JSON.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>

#include "core/dataset.hpp"
#include "core/page.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "modules/monitoring/rules/figures.hpp"
#include "modules/monitoring/rules/inputs.hpp"
#include "modules/monitoring/rules/watch.hpp"

namespace zx::monitoring {

struct State {
    std::string key;  // the data versions it was built from
    Dataset ds;
    MonitoringData md;
    std::optional<YearMonth> first, latest;  // the verified output's months
    std::string data_hash;                   // SHA-256 of the verified output snapshot
};

namespace detail {

// The month asked for ("" = the latest reportable one): refused when malformed, January, or outside
// the data, with the reason in both languages.
Result<YearMonth> month_param(const State& st, const std::string& text);
// The city a principal is confined to (a city official's), or nullopt for the province and auditors.
std::optional<CityId> own_city(const Principal& who);
// A city parameter ("" = none), refused when it is not one of the 14 or outside the caller's scope.
Result<std::optional<CityId>> city_param(const Principal& who, const std::string& text);

// The rows [first, last) of a page over `total` rows held in memory (the lists computed per request).
struct PageWindow {
    std::size_t first = 0, last = 0, size = 0;
};
PageWindow page_window(const PageRequest& p, std::size_t total);
// The cities an upload holds rows of, as monitoring_files.cities stores them ("南宁市,柳州市").
std::vector<std::string> split_cities(const std::string& stored);

boost::json::value text_or_null(const std::string& s);
boost::json::value scaled_or_null(const std::optional<std::int64_t>& hundredths);  // "5.3" from 530
boost::json::value yuan_or_null(const std::optional<std::int64_t>& fen);

// A GroupRow: key, name, output_yuan, base_yuan, growth_pct, rank, rank_change, contribution_pp, enterprises.
boost::json::object group_json(const GroupFigures& g, i128 scope_base);
// A CityRow: the group figures plus the published indicators of the month and `own`.
boost::json::object city_json(const GroupFigures& g, i128 province_base, const CityMonth* ind, bool own);
// The cities of month M ranked, with rank change against M−1 (none for 1—2月), the sums they were
// computed from (the top-500 figures of the same month reuse them) and M−1's 全区.
struct RankedCities {
    EnterpriseSums sums;
    std::vector<GroupFigures> rows;
    std::optional<GroupFigures> previous_total;
};
RankedCities ranked_cities(const State& st, YearMonth m);

}  // namespace detail
}  // namespace zx::monitoring
