// The access check in front of every route: turns a route of a module's table into the server's
// handler. Public routes run as they are; the others resolve the session (Bearer token or the
// zx_session cookie), refuse a cross-origin or CSRF-less unsafe request of a cookie session, hold
// back an account that must first change its password, and require the route's permission. The
// handler then gets the principal, whose data scope the module's service applies.
#pragma once

#include <string>

#include "modules/identity/auth.hpp"
#include "platform/http/route.hpp"

namespace zx::identity {

http::Handler guard(AuthService& auth, const http::Route& route);

// Refuses (403 "cross_origin") an unsafe request whose Origin header names another host than the
// one it was sent to: a cross-site form cannot log a victim in, or act in their session.
void require_same_origin(const http::Request& req);

// The session token of a request: "Authorization: Bearer ..." or the zx_session cookie.
std::string session_token(const http::Request& req, bool& from_cookie);

}  // namespace zx::identity
