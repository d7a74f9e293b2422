// HBP's answers about a session: the user {id, email, display_name, avatar_url} and the session
// answer {jwt_token, jwt_expires_in (milliseconds), refresh_token, user}. Pure; thread-safe.
#pragma once

#include <boost/json.hpp>

#include "api/hbp/hbp_dialect.h"
#include "core/auth_types.h"
#include "core/user.h"
#include "http/message.h"

namespace portcullis::api::hbp {

// {id, email, display_name (the email when none is set), avatar_url (the metadata's string
// "avatar_url", else null)}.
boost::json::object HbpUserView(const core::User& user);

// {jwt_token, jwt_expires_in, user}, with refresh_token when `refresh_in_body`. jwt_expires_in is
// in milliseconds, as HBP's clients schedule their refresh from it (900000 for 15 minutes).
boost::json::object SessionView(const core::IssuedTokens& issued, bool refresh_in_body);

// How a session answer treats the refresh_token cookie.
enum class CookieMode {
  kSet,           // the refresh token goes into the cookie, not into the body (HBP's default)
  kBodyAndClear,  // into the body; a cookie the client holds is cleared (a new sign-in, as HBP)
  kBody,          // into the body; cookies untouched (a refresh by ?refresh_token=)
};

// 200 with the session answer, the refresh token placed as `mode` says.
http::Response SessionResponse(const HbpContext& context, const core::IssuedTokens& issued,
                               CookieMode mode);
// A new sign-in's answer: kSet when `cookie`, else kBodyAndClear.
inline CookieMode SignInCookieMode(bool cookie) {
  return cookie ? CookieMode::kSet : CookieMode::kBodyAndClear;
}

// The answer of a registration whose account waits for its activation mail: no tokens yet,
// {jwt_token: null, jwt_expires_in: null, user} (`user` null when no account exists yet).
http::Response PendingSessionResponse(const core::User* user);

}  // namespace portcullis::api::hbp
