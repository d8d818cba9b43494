// The two-person rule for accounts with business authority (issue 8, item 4b). Every role other than
// the three administrators — province_admin, city_official, dept_handler, enterprise, auditor — acts
// on award data, so an account of one of them created, enabled or given a reset password by the
// system administrator takes effect only when a security administrator (another person) confirms:
// until then a new account cannot log in, an enabled one stays disabled, and a reset password is
// kept apart (the old one still works). The operator on the server (`zhenxing user create`, the demo
// seed) acts directly: that person holds the database already.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/principal.hpp"
#include "core/status.hpp"
#include "platform/storage/db.hpp"

namespace zx {

// What a pending request is, stored in users.pending_action ("" when nothing is pending).
inline constexpr std::string_view kPendingCreate = "create";
inline constexpr std::string_view kPendingEnable = "enable";
inline constexpr std::string_view kPendingReset = "reset";

// Whether a change by `by` to an account of role `target` waits for a security administrator.
bool needs_confirmation(const Principal& by, Role target);

// Records the request `action` on `user_id` by `by` (a reset brings the new verifier, kept apart)
// and its audit entry, in the caller's transaction. Conflict when another kind of request is pending.
Status request_confirmation(db::Connection& c, std::int64_t user_id, std::string_view action, const Principal& by,
                            const RequestContext& ctx, const std::string& pending_hash = {});

// Applies the pending request on `user_id` (a security administrator other than the requester).
Status confirm_pending(db::Connection& c, std::int64_t user_id, const Principal& who, const RequestContext& ctx,
                       std::int64_t now);

}  // namespace zx
