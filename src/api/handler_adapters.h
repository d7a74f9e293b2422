// Adapters that turn Result-returning handler functions into http::Handlers: errors are mapped in
// one place, and WithPrincipal authenticates the Bearer token first. Thread-safe.
#pragma once

#include <functional>

#include "api/metrics.h"
#include "common/status.h"
#include "core/auth_types.h"
#include "core/session_service.h"
#include "http/message.h"
#include "http/router.h"

namespace portcullis::api {

using PlainHandler = std::function<Result<http::Response>(http::Request&)>;
using PrincipalHandler =
    std::function<Result<http::Response>(http::Request&, const core::Principal&)>;

http::Handler Adapt(PlainHandler handler);
http::Handler WithPrincipal(core::SessionService& sessions, PrincipalHandler handler);

// The Bearer token of the Authorization header; kUnauthorized when there is none.
Result<std::string_view> BearerToken(const http::Request& request);
core::ClientInfo ClientOf(const http::Request& request);

// Adds a route and registers its pattern as a metrics label.
void AddRoute(http::Router& router, Metrics& metrics, std::string method, std::string pattern,
              http::Handler handler, http::Dispatch dispatch = http::Dispatch::kWorker);

}  // namespace portcullis::api
