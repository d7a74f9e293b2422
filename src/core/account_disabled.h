// The refusal every sign-in path gives an account an instance admin disabled (User::disabled_at):
// 403 account_disabled, given only to a caller who proved the account's first factor.
// Pure function; thread-safe.
#pragma once

#include "common/status.h"

namespace portcullis::core {

inline Error AccountDisabled() {
  return MakeError(ErrorCode::kForbidden, "the account is disabled", Reason::kAccountDisabled);
}

}  // namespace portcullis::core
