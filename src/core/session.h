// Session and RefreshToken: one login on one device, and the rotating tokens that keep it alive.
// Plain value types.
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
};

// Only the SHA-256 of a refresh token is stored; the plaintext leaves the server once.
struct RefreshToken {
  std::string hash;  // lower-case hex SHA-256 of the plaintext token
  std::string session_id;
  int64_t issued_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;  // set when it was rotated away
  std::string replaced_by;         // hash of the token that replaced it; empty while current
};

// A session id with the time it was revoked, used to warm the in-memory revocation set.
struct RevokedSession {
  std::string id;
  int64_t revoked_at = 0;
};

}  // namespace portcullis::core
