#include "app/permission_catalog.hpp"

#include "modules/audit/permissions.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/enterprise_data/permissions.hpp"
#include "modules/identity/permissions.hpp"
#include "modules/monitoring/permissions.hpp"
#include "modules/park_evaluation/permissions.hpp"
#include "modules/service_desk/permissions.hpp"

namespace zx {

const std::vector<const Permission*>& permission_catalog() {
    static const std::vector<const Permission*> kAll = [] {
        std::vector<const Permission*> all;
        for (const auto& part :
             {perm::enterprise_data_permissions(), perm::awards_permissions(), perm::service_desk_permissions(),
              perm::park_evaluation_permissions(), perm::monitoring_permissions(), perm::identity_permissions(),
              perm::audit_permissions()})
            all.insert(all.end(), part.begin(), part.end());
        return all;
    }();
    return kAll;
}

}  // namespace zx
