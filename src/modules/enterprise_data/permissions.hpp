// The enterprise data module's permissions: what each role may read, upload, verify (核定) and
// revise, and who may see an enterprise contact's full numbers.
#pragma once

#include <vector>

#include "core/principal.hpp"

namespace zx::perm {

inline constexpr Permission kEnterpriseRead{
    "data:enterprise:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kEnterprise, Role::kAuditor)};
inline constexpr Permission kEnterpriseWrite{"data:enterprise:write", roles(Role::kProvinceAdmin)};
inline constexpr Permission kOutputRead{
    "data:output:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kEnterprise, Role::kAuditor)};
inline constexpr Permission kOutputVerify{"data:output:verify", roles(Role::kCityOfficial)};
inline constexpr Permission kOutputRevise{"data:output:revise", roles(Role::kCityOfficial)};
inline constexpr Permission kUploadWrite{"data:upload:write", roles(Role::kProvinceAdmin, Role::kCityOfficial)};
// Designation lists (专精特新, 小巨人, ...) come from the province.
inline constexpr Permission kDesignationUpload{"data:designation:write", roles(Role::kProvinceAdmin)};
// The upload history, its files and defect reports: a city its city's, the province and auditors all.
inline constexpr Permission kUploadRead{"data:upload:read",
                                        roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor)};
// Every upload's defect report, not only one's own.
inline constexpr Permission kUploadReadAny{"data:upload:read_any", roles(Role::kProvinceAdmin, Role::kAuditor)};
inline constexpr Permission kProgressRead{"data:progress:read",
                                          roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor)};
inline constexpr Permission kContactRead{
    "data:contact:read", roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kEnterprise, Role::kAuditor)};
inline constexpr Permission kContactReveal{"data:contact:reveal",
                                           roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kEnterprise)};
inline constexpr Permission kContactWrite{"data:contact:write", roles(Role::kCityOfficial, Role::kEnterprise)};

// The revision history (who changed a verified month, from what, why): the business side and the
// auditor, within their scope.
inline constexpr Permission kRevisionRead{"data:revision:read",
                                          roles(Role::kProvinceAdmin, Role::kCityOfficial, Role::kAuditor)};

inline std::vector<const Permission*> enterprise_data_permissions() {
    return {&kEnterpriseRead,    &kEnterpriseWrite, &kOutputRead,  &kUploadWrite,   &kProgressRead,
            &kOutputVerify,      &kOutputRevise,    &kContactRead, &kContactReveal, &kContactWrite,
            &kDesignationUpload, &kUploadReadAny,   &kUploadRead,  &kRevisionRead};
}

}  // namespace zx::perm
