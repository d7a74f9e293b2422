// StepUpGuard: the one check every sensitive operation makes — the caller authenticated (logged
// in or stepped up) within the last `window` seconds. Immutable; thread-safe.
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "common/status.h"
#include "core/auth_types.h"

namespace portcullis::core {

class StepUpGuard {
 public:
  StepUpGuard(int64_t window_seconds, const Clock& clock)
      : window_(window_seconds), clock_(clock) {}

  // ok when principal.auth_time (the access token's auth_time: the later of the session's login
  // and its last step-up) is at most `window` seconds old; kStepUpRequired otherwise.
  Status Check(const Principal& principal) const;

  int64_t window() const { return window_; }

 private:
  const int64_t window_;
  const Clock& clock_;
};

}  // namespace portcullis::core
