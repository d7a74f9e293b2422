// Cookie authentication: the access token of the session cookie (cookie.session_name) stands in
// for "Authorization: Bearer" when a request presents no credential header. Such a request, when
// unsafe (not GET, HEAD, OPTIONS), must pass the OriginRule and, with csrf_double_submit, bring
// X-CSRF-Token equal to the portcullis_csrf cookie. Immutable after construction; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/common/origin_rule.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

struct CookieAuthPolicy {
  std::string cookie_name;  // the access-token cookie; empty: cookies authenticate nothing
  bool csrf_double_submit = false;
};

// The access token of the session cookie when the request carries neither Authorization nor an
// API-key header (those always win, cookie or not); nullopt otherwise or without the cookie;
// kInvalidRequest when the request carries the cookie twice.
Result<std::optional<std::string>> CookieAccessToken(const CookieAuthPolicy& policy,
                                                     const http::Request& request);

// The checks a cookie-authenticated request passes before its token is even verified: ok for a
// safe method; else the OriginRule `origins` (kForbidden; null: a rule that trusts no origin) and,
// when on, the double-submit header (kForbidden when missing or different).
Status CheckCookieRequest(const CookieAuthPolicy& policy, const OriginRule* origins,
                          const http::Request& request);

}  // namespace portcullis::api
