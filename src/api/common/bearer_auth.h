// Bearer authentication: the access token of the Authorization header, checked by a
// BearerAuthenticator (SessionService::Authenticate in production). Pure functions; thread-safe.
#pragma once

#include <functional>
#include <string_view>

#include "common/status.h"
#include "core/auth_types.h"
#include "core/session_service.h"
#include "http/message.h"

namespace portcullis::api {

// Verifies an access token: the principal, or kTokenInvalid / kTokenExpired / kUnavailable.
using BearerAuthenticator = std::function<Result<core::Principal>(std::string_view access_token)>;

// SessionService::Authenticate as a BearerAuthenticator; `sessions` must outlive it.
BearerAuthenticator SessionAuthenticator(core::SessionService& sessions);

// The token of "Authorization: Bearer <token>"; kUnauthorized when there is none or another scheme.
Result<std::string_view> BearerToken(const http::Request& request);
// BearerToken, then `authenticate`.
Result<core::Principal> AuthenticateBearer(const http::Request& request,
                                           const BearerAuthenticator& authenticate);

}  // namespace portcullis::api
