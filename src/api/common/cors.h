// CORS for the origins the OriginRule trusts (Portcullis's own and allowed_origins): preflights
// answered with credentials allowed, and the Allow-Origin / Allow-Credentials / Vary headers on
// actual responses. Untrusted or absent origins get no CORS header at all. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/common/origin_rule.h"
#include "http/message.h"

namespace portcullis::api {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// How long a browser may cache a preflight's answer (Access-Control-Max-Age).
inline constexpr int kCorsPreflightMaxAge = 600;

// True for an OPTIONS request with Origin and Access-Control-Request-Method.
bool IsCorsPreflight(const http::Request& request);

// The headers an actual response to `request` carries: empty unless its Origin is trusted.
HeaderList CorsResponseHeaders(const OriginRule& rule, const http::Request& request);

// The answer to an OPTIONS request on a path whose routes take `allowed_methods` ("GET, POST"):
// 204 with Allow; for a trusted preflight also the Access-Control-Allow-* headers.
http::Response PreflightResponse(const OriginRule& rule, const http::Request& request,
                                 std::string_view allowed_methods);

}  // namespace portcullis::api
