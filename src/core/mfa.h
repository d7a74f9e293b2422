// MFA records: a user's TOTP factor and throttling state, and login tickets.
// Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/security_event.h"  // IWYU pragma: export (its users found it here first)

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

}  // namespace portcullis::core
