// MFA records: a user's TOTP factor and throttling state, login tickets and security events.
// Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace portcullis::core {

// One row per user that has started enrolment. Secrets are AEAD-sealed text ("v1.<kid>.<data>"),
// never plaintext.
struct MfaState {
  std::string user_id;
  bool enabled = false;
  std::string secret_sealed;    // the confirmed TOTP secret; empty while not enabled
  std::string pending_sealed;   // a secret awaiting confirmation; empty when none
  int64_t last_used_step = -1;  // highest TOTP time step accepted (replay guard)
  int64_t failures = 0;         // consecutive wrong codes
  int64_t last_failure_at = 0;
  int64_t locked_until = 0;  // no code is checked before this time
  int64_t updated_at = 0;
};

// The second step of a two-step login; only the SHA-256 of the opaque ticket is stored.
struct MfaTicket {
  std::string hash;
  std::string user_id;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t attempts = 0;  // wrong codes presented with it
  std::optional<int64_t> used_at;
  std::string first_factor = "pwd";  // the amr of the step that earned it ("pwd", "email")
};

// An entry of the security log (read by the audit log).
struct SecurityEvent {
  std::string id;  // UUID v4
  std::string user_id;
  std::string type;  // mfa_enabled, mfa_disabled, mfa_failed, mfa_locked, recovery_code_used, ...
  int64_t at = 0;
  std::string ip;
  std::string user_agent;
  std::string detail;  // short free text for people; never a secret
};

}  // namespace portcullis::core
