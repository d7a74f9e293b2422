// Mount: route-table checks, handler wrapping and the one call into Router::Add.
// Start-up only (not thread-safe); the wrapped handlers are thread-safe.
#include "api/common/mount.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "api/common/cors.h"
#include "common/status_macros.h"

namespace portcullis::api {
namespace {

// A route as the router sees it, named for messages: "POST /v1/auth/login (native)".
struct FullRoute {
  std::string method;
  std::string pattern;
  std::string Describe(std::string_view dialect) const {
    return method + " " + pattern + " (" + std::string(dialect) + ")";
  }
};

// The pattern with every "{name}" segment reduced to "{}": equal shapes are one route to the
// router, whatever the parameter names.
std::string ShapeOf(std::string_view pattern) {
  std::string shape;
  std::size_t start = 0;
  while (start < pattern.size()) {
    std::size_t end = pattern.find('/', start + 1);
    if (end == std::string_view::npos) end = pattern.size();
    const std::string_view segment = pattern.substr(start, end - start);  // "/seg"
    const bool param = segment.size() >= 4 && segment[1] == '{' && segment.back() == '}';
    shape += param ? std::string_view("/{}") : segment;
    start = end;
  }
  return shape;
}

Status CheckPrefix(const Dialect& dialect, std::string_view prefix) {
  if (prefix.empty() || (prefix.front() == '/' && prefix.back() != '/')) return Status::Ok();
  return MakeError(ErrorCode::kInvalidRequest, "dialect " + dialect.name + ": bad mount prefix \"" +
                                                   std::string(prefix) +
                                                   "\" (empty, or '/' then segments, no "
                                                   "trailing '/')");
}

// The route already in `router` with this method and shape, if any.
std::optional<std::string> RouteTaken(const http::Router& router, const FullRoute& route) {
  http::Request probe;
  probe.method = route.method;
  probe.path = route.pattern;  // "{x}" segments match parameter nodes only
  const http::RouteMatch match = router.Match(probe);
  if (match.route == nullptr || match.route->method != route.method) return std::nullopt;
  if (ShapeOf(match.route->pattern) != ShapeOf(route.pattern)) return std::nullopt;
  return match.route->method + " " + match.route->pattern;
}

// Every route of the dialect against the router and against each other, before adding any.
Status CheckCollisions(const http::Router& router, const Dialect& dialect,
                       const std::vector<FullRoute>& routes) {
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const FullRoute& route = routes[i];
    if (auto taken = RouteTaken(router, route)) {
      return MakeError(ErrorCode::kConflict, "route collision: " + route.Describe(dialect.name) +
                                                 " and " + *taken + ", mounted before");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (routes[j].method == route.method &&
          ShapeOf(routes[j].pattern) == ShapeOf(route.pattern)) {
        return MakeError(ErrorCode::kConflict, "route collision: " + route.Describe(dialect.name) +
                                                   " and " + routes[j].Describe(dialect.name));
      }
    }
  }
  return Status::Ok();
}

// The one call into Router::Add or Router::AddAsync, naming the dialect in its refusal.
template <class Handler>
Status AddToRouter(http::Router& router, const FullRoute& route, std::string_view dialect,
                   Handler handler, http::Dispatch dispatch) {
  Status added;
  if constexpr (std::is_invocable_v<Handler&, http::Request&, http::Reply>) {
    added = router.AddAsync(route.method, route.pattern, std::move(handler), dispatch);
  } else {
    added = router.Add(route.method, route.pattern, std::move(handler), dispatch);
  }
  if (!added) {
    return MakeError(added.error().code,
                     "bad route " + route.Describe(dialect) + ": " + added.error().detail);
  }
  return Status::Ok();
}

// The principal of a request to a route with authentication `auth` (not kNone): the session
// cookie's access token when no credential header is there (after the cookie request's checks),
// else the route's credential headers.
Result<core::Principal> Authenticate(Auth auth, const http::Request& request,
                                     const MountContext& context) {
  std::optional<std::string> token;
  if (context.authenticate) {
    ASSIGN_OR_RETURN(token, CookieAccessToken(context.cookie_auth, request));
  }
  if (token) {
    RETURN_IF_ERROR(CheckCookieRequest(context.cookie_auth, context.origin_rule, request));
    return context.authenticate(*token);
  }
  if (auth == Auth::kPrincipal) return context.authenticate_principal(request);
  return AuthenticateBearer(request, context.authenticate);
}

// The CORS headers of an answer to `request` (none without CORS or for an untrusted origin).
HeaderList CorsHeadersFor(const MountContext& context, const http::Request& request) {
  if (!context.cors || context.origin_rule == nullptr) return {};
  return CorsResponseHeaders(*context.origin_rule, request);
}

// A RouteSpec's handler with its authentication, outcome reporting and error writer around it.
class MountedHandler {
 public:
  MountedHandler(const RouteSpec& spec, ErrorWriter write_error, const MountContext& context)
      : handler_(std::get<RouteHandler>(spec.handler)),
        auth_(spec.auth),
        tally_(spec.tally),
        write_error_(write_error),
        context_(std::make_shared<const MountContext>(context)) {}

  http::Response operator()(http::Request& request) const {
    Call call(request);
    call.origin_rule = context_->origin_rule;
    std::optional<core::Principal> principal;
    Result<http::Response> result = Answer(call, principal);
    if (tally_ != Tally::kNone && call.outcome) {
      context_->observer.OnOutcome(tally_, *call.outcome);
    }
    http::Response response = result ? std::move(result).value() : write_error_(result.error());
    for (auto& [name, value] : CorsHeadersFor(*context_, request)) {
      response.AddHeader(std::move(name), std::move(value));
    }
    return response;
  }

 private:
  Result<http::Response> Answer(Call& call, std::optional<core::Principal>& principal) const {
    if (auth_ != Auth::kNone) {
      ASSIGN_OR_RETURN(principal, Authenticate(auth_, call.request, *context_));
      call.principal = &*principal;
    }
    return handler_(call);
  }

  RouteHandler handler_;
  Auth auth_;
  Tally tally_;
  ErrorWriter write_error_;
  std::shared_ptr<const MountContext> context_;  // a copy: the authenticators, the observer
};

// The async form: authenticates, then hands the handler a Completion that writes errors in the
// dialect's format, counts the recorded outcome and sends the Reply.
class MountedAsyncHandler {
 public:
  MountedAsyncHandler(const RouteSpec& spec, ErrorWriter write_error, const MountContext& context)
      : handler_(std::get<AsyncRouteHandler>(spec.handler)),
        auth_(spec.auth),
        tally_(spec.tally),
        write_error_(write_error),
        context_(std::make_shared<const MountContext>(context)) {}

  void operator()(http::Request& request, http::Reply reply) const {
    std::optional<core::Principal> principal;
    HeaderList cors = CorsHeadersFor(*context_, request);
    if (auth_ != Auth::kNone) {
      auto authenticated = Authenticate(auth_, request, *context_);
      if (!authenticated) {
        http::Response refused = write_error_(authenticated.error());
        for (auto& [name, value] : cors) refused.AddHeader(std::move(name), std::move(value));
        reply(std::move(refused));
        return;
      }
      principal = std::move(authenticated).value();
    }
    Completion done(std::move(reply), write_error_, tally_, context_->observer,
                    std::move(principal));
    if (!cors.empty()) done.AddHeaders(std::move(cors));
    Call call(request);
    call.principal = done.principal();
    call.origin_rule = context_->origin_rule;
    handler_(call, std::move(done));
  }

 private:
  AsyncRouteHandler handler_;
  Auth auth_;
  Tally tally_;
  ErrorWriter write_error_;
  std::shared_ptr<const MountContext> context_;  // a copy: the authenticators, the observer
};

bool HasHandler(const RouteSpec& spec) {
  return std::visit([](const auto& handler) { return static_cast<bool>(handler); }, spec.handler);
}

Status AddRoute(http::Router& router, const FullRoute& route, const Dialect& dialect,
                const RouteSpec& spec, const MountContext& context) {
  const http::Dispatch dispatch = DispatchFor(spec.runs_on, context.store_reads_may_block);
  if (std::holds_alternative<AsyncRouteHandler>(spec.handler)) {
    return AddToRouter(router, route, dialect.name,
                       MountedAsyncHandler(spec, dialect.write_error, context), dispatch);
  }
  return AddToRouter(router, route, dialect.name,
                     MountedHandler(spec, dialect.write_error, context), dispatch);
}

// With CORS on: an OPTIONS route for every path shape of the dialect that has none yet, answering
// preflights (api/common/cors.h) with the shape's methods.
Status AddPreflightRoutes(http::Router& router, const Dialect& dialect,
                          const std::vector<FullRoute>& routes, const MountContext& context) {
  if (!context.cors || context.origin_rule == nullptr) return Status::Ok();
  std::vector<std::pair<FullRoute, std::string>> shapes;  // OPTIONS route, its methods
  for (const FullRoute& route : routes) {
    const std::string shape = ShapeOf(route.pattern);
    auto same = std::find_if(shapes.begin(), shapes.end(), [&](const auto& entry) {
      return ShapeOf(entry.first.pattern) == shape;
    });
    if (same == shapes.end()) {
      shapes.push_back({FullRoute{"OPTIONS", route.pattern}, "OPTIONS"});
      same = shapes.end() - 1;
    }
    if (route.method == "OPTIONS") same->second.clear();  // the dialect answers it itself
    if (!same->second.empty()) same->second += ", " + route.method;
  }
  for (const auto& [preflight, methods] : shapes) {
    if (methods.empty() || RouteTaken(router, preflight)) continue;
    const OriginRule* rule = context.origin_rule;
    // A copy to capture: clang 14 cannot capture a structured binding.
    http::Handler answer = [rule, allowed = methods](http::Request& request) {
      return PreflightResponse(*rule, request, allowed);
    };
    RETURN_IF_ERROR(
        AddToRouter(router, preflight, dialect.name, std::move(answer), http::Dispatch::kInline));
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::string> SharedRoute(const Dialect& a, std::string_view prefix_a,
                                       const Dialect& b, std::string_view prefix_b) {
  for (const RouteSpec& route_a : a.routes) {
    const std::string shape = ShapeOf(std::string(prefix_a) + route_a.path);
    for (const RouteSpec& route_b : b.routes) {
      if (route_a.method == route_b.method &&
          ShapeOf(std::string(prefix_b) + route_b.path) == shape) {
        return route_a.method + " " + std::string(prefix_a) + route_a.path;
      }
    }
  }
  return std::nullopt;
}

http::Dispatch DispatchFor(RunsOn runs_on, bool store_reads_may_block) {
  switch (runs_on) {
    case RunsOn::kNonBlocking:
      return http::Dispatch::kInline;
    case RunsOn::kStoreRead:
      return store_reads_may_block ? http::Dispatch::kWorker : http::Dispatch::kInline;
    case RunsOn::kBlocking:
      return http::Dispatch::kWorker;
  }
  return http::Dispatch::kWorker;
}

Status Mount(http::Router& router, const Dialect& dialect, std::string_view prefix,
             const MountContext& context) {
  RETURN_IF_ERROR(CheckPrefix(dialect, prefix));
  std::vector<FullRoute> routes;
  routes.reserve(dialect.routes.size());
  for (const RouteSpec& spec : dialect.routes) {
    routes.push_back({spec.method, std::string(prefix) + spec.path});
    const bool unauthenticatable =
        (spec.auth == Auth::kBearer && !context.authenticate) ||
        (spec.auth == Auth::kPrincipal && !context.authenticate_principal);
    if (!HasHandler(spec) || dialect.write_error == nullptr || unauthenticatable) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "bad route " + routes.back().Describe(dialect.name) +
                           ": no handler, error writer or authenticator");
    }
    if (spec.auth == Auth::kPrincipal && spec.runs_on == RunsOn::kNonBlocking) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "bad route " + routes.back().Describe(dialect.name) +
                           ": Auth::kPrincipal reads the store, so it cannot be kNonBlocking");
    }
  }
  RETURN_IF_ERROR(CheckCollisions(router, dialect, routes));
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const RouteSpec& spec = dialect.routes[i];
    RETURN_IF_ERROR(AddRoute(router, routes[i], dialect, spec, context));
    context.observer.AddRoute(routes[i].pattern, dialect.name);
  }
  return AddPreflightRoutes(router, dialect, routes, context);
}

}  // namespace portcullis::api
