#include "modules/monitoring/rules/inputs.hpp"

#include <algorithm>

namespace zx::monitoring {

const EnterpriseMonth* MonitoringData::find(EntId ent, YearMonth month) const {
    auto it = std::lower_bound(
        monthly.begin(), monthly.end(), std::pair(ent, month),
        [](const EnterpriseMonth& r, auto k) { return r.ent != k.first ? r.ent < k.first : r.month < k.second; });
    return it != monthly.end() && it->ent == ent && it->month == month ? &*it : nullptr;
}

const CityMonth* MonitoringData::find_city(CityId city, YearMonth month) const {
    auto it = std::lower_bound(cities.begin(), cities.end(), std::pair(city, month), [](const CityMonth& r, auto k) {
        return r.city != k.first ? r.city < k.first : r.month < k.second;
    });
    return it != cities.end() && it->city == city && it->month == month ? &*it : nullptr;
}

}  // namespace zx::monitoring
