// Session: one login on one device, with the state of its rotating refresh token (the token itself
// is never stored). Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace portcullis::core {

struct Session {
  std::string id;  // UUID v4
  std::string user_id;
  int64_t created_at = 0;
  int64_t last_refreshed_at = 0;
  int64_t expires_at = 0;  // end of the current refresh token's life; slides on every rotation
  std::optional<int64_t> revoked_at;
  int64_t auth_time = 0;              // when the user last proved who they are in this session
  std::string amr = "pwd";            // authentication methods, comma-separated ("pwd", "pwd,otp")
  std::optional<int64_t> step_up_at;  // last re-authentication (POST /v1/auth/step-up)
  std::string user_agent;
  std::string ip;
  std::string company_id;  // the active company of its access tokens; empty: none

  // The refresh token (see RefreshTokenCodec): "<session>.<counter>.<mac>" under this session's
  // own key, which is stored sealed. Only the counter of the current token is live; lower ones
  // are spent.
  std::string refresh_key;      // the sealed per-session key; never the raw key
  int64_t refresh_counter = 0;  // generation of the current token; +1 per rotation
  int64_t rotated_at = 0;       // when the previous token was spent; 0 before the first rotation
  std::string refresh_hash;     // lower-case hex SHA-256 of the current token
  std::string previous_hash;    // ... and of the token it replaced; empty before the first rotation
};

// One rotation of a session's refresh token: the generation it spends and what replaces it.
struct RefreshRotation {
  int64_t from_counter = 0;  // the counter the session must still have (the race guard)
  std::string next_hash;     // SHA-256 hex of the new token
  int64_t now = 0;           // becomes rotated_at and last_refreshed_at
  int64_t expires_at = 0;    // the new token's end of life (the session's expires_at)
};

// A session id with the time it was revoked, used to warm the in-memory revocation set.
struct RevokedSession {
  std::string id;
  int64_t revoked_at = 0;
};

}  // namespace portcullis::core
