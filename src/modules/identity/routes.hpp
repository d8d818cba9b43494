// The identity module's routes: login (SM2-encrypted password, captcha), logout, the current
// principal, password change; accounts (system administrator); security settings, sessions and
// unlocks (security administrator).
#pragma once

#include <vector>

#include "core/principal.hpp"
#include "modules/identity/auth.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/http/route.hpp"

namespace zx::identity {

struct RouteDeps {
    AuthService& auth;
    db::Database& db;
    const gm::Sm2KeyPair& login_key;                // the browser encrypts login passwords with it
    http::RateLimiter& captcha_limit;               // captchas per address
    const std::vector<const Permission*>& catalog;  // every module's permissions, for /api/auth/me
    bool secure_cookies = false;                    // behind TLS: the Secure attribute
};

http::RouteTable routes(const RouteDeps& deps);

}  // namespace zx::identity
