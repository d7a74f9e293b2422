// The native dialect's JSON views of domain values: users, sessions, token pairs, RFC 3339 times.
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth_types.h"

namespace portcullis::api::native {

std::string Rfc3339(int64_t epoch_seconds);
// `company_role` is the user's role in the active company ("member" when it has none).
boost::json::object UserView(const core::User& user, std::string_view company_role = "member");
boost::json::object SessionView(const core::Session& session, bool current);
// The caller's role in the active company the tokens carry ("member" when none).
std::string_view CompanyRoleOf(const core::IssuedTokens& issued);
// The token-pair object; the refresh token is left out when it travels in a cookie.
boost::json::object TokenPairView(const core::IssuedTokens& issued, bool refresh_in_body);
// A lone access token (after a step-up): access_token, token_type, expires_in.
boost::json::object AccessTokenView(const core::IssuedTokens& issued);
// {"recovery_codes": [...]}
boost::json::object RecoveryCodesView(const std::vector<std::string>& codes);

}  // namespace portcullis::api::native
