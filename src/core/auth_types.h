// Values that flow in and out of the authentication services: policy, client facts, issued tokens,
// login outcomes and the authenticated principal. Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/session.h"
#include "core/user.h"

namespace portcullis::core {

struct AuthPolicy {
  std::string issuer = "portcullis";
  int64_t access_ttl = 900;             // seconds
  int64_t refresh_ttl = 30 * 86400;     // seconds, renewed on every rotation
  int64_t refresh_reuse_grace = 10;     // seconds in which a replay of the previous token is a race
  int64_t token_leeway = 30;            // clock skew tolerated when checking access tokens
  int64_t max_sessions_per_user = 100;  // live sessions; opening one more revokes the oldest
  int64_t password_min_score = 0;       // zxcvbn score (0-4) a new password needs; 0 = off
};

// What we know of the caller's device, recorded on the session.
struct ClientInfo {
  std::string ip;
  std::string user_agent;
  std::string locale;  // the request's Accept-Language, for mail (empty: the default locale)
};

struct IssuedTokens {
  std::string access_token;
  int64_t access_expires_in = 0;
  std::string refresh_token;  // plaintext; shown once
  int64_t refresh_expires_in = 0;
  User user;
  Session session;
};

// The first step of a login whose account has MFA enabled: the ticket for the second step
// (plaintext, shown once; a secret for this caller only).
struct MfaChallenge {
  std::string ticket;
  int64_t expires_in = 0;  // seconds
};

// A login either opens a session or asks for the second factor.
using LoginOutcome = std::variant<IssuedTokens, MfaChallenge>;

// Who is calling, as proven by a verified access token of a live session.
struct Principal {
  std::string user_id;
  std::string session_id;
  std::string role;
  int64_t auth_time = 0;  // the later of the session's login and its last step-up
  std::vector<std::string> amr;
};

struct Registration {
  std::string email;
  std::string password;
  std::optional<std::string> username;
  std::string display_name;
  std::string metadata_json = "{}";
  std::string role = "member";
};

struct Credentials {
  std::string email;  // one of email and username is set
  std::string username;
  std::string password;
  std::optional<std::string> second_factor;  // totp_code: a TOTP or recovery code
};

// A partial profile update: members that are absent stay as they are.
struct ProfilePatch {
  std::optional<std::optional<std::string>> username;  // set to nullopt inside to clear it
  std::optional<std::string> display_name;
  std::optional<std::string> metadata_json;
};

}  // namespace portcullis::core
