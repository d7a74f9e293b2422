// Mount: a dialect's route table into an http::Router under a prefix, each handler wrapped with
// auth, error writer and observer. Start-up only (one thread); the added handlers are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/common/bearer_auth.h"
#include "api/common/cookie_auth.h"
#include "api/common/dialect.h"
#include "api/common/origin_rule.h"
#include "api/common/principal_auth.h"
#include "api/common/request_observer.h"
#include "api/common/route_spec.h"
#include "common/status.h"
#include "http/router.h"

namespace portcullis::api {

// What every mounted route shares; must outlive the router.
struct MountContext {
  BearerAuthenticator authenticate;  // for Auth::kBearer routes
  RequestObserver& observer;
  // core::Store::ReadsMayBlock(): true (a networked database) moves kStoreRead routes off the I/O
  // threads onto the workers.
  bool store_reads_may_block = false;
  // For Auth::kPrincipal routes: an access token, API key or personal token.
  PrincipalAuthenticator authenticate_principal = nullptr;
  // The product's one origin rule, handed to every handler as Call::origin_rule (null: a rule
  // that trusts no origin).
  const OriginRule* origin_rule = nullptr;
  // The session cookie in place of a Bearer token on Auth::kBearer and kPrincipal routes, with
  // the origin rule's and the double-submit checks of cookie-authenticated unsafe requests.
  CookieAuthPolicy cookie_auth;
  // CORS (api/common/cors.h) for the origins `origin_rule` trusts: every mounted path answers
  // OPTIONS preflights, and responses to trusted origins carry Access-Control-Allow-*.
  bool cors = false;
};

// Adds every route of `dialect` at `prefix` ("" or "/name...", no trailing '/'): pattern =
// prefix + RouteSpec::path. Fails, naming the routes involved, on a malformed prefix or pattern or
// when a route's method and path shape ("/a/{x}" and "/a/{y}" are one shape) is already taken;
// collisions are checked before any route is added, a malformed pattern only when it is added.
Status Mount(http::Router& router, const Dialect& dialect, std::string_view prefix,
             const MountContext& context);

// The first route, as "POST /auth/login", that `a` mounted at `prefix_a` and `b` mounted at
// `prefix_b` would both claim (one method, one path shape), if any: for naming the settings of a
// collision before mounting either.
std::optional<std::string> SharedRoute(const Dialect& a, std::string_view prefix_a,
                                       const Dialect& b, std::string_view prefix_b);

// Where a route runs: kNonBlocking inline, kBlocking on the workers, kStoreRead inline unless the
// store's reads may block.
http::Dispatch DispatchFor(RunsOn runs_on, bool store_reads_may_block);

}  // namespace portcullis::api
