// The step-up freshness check.
// Thread-safe: reads only immutable members and the clock.
#include "core/step_up_guard.h"

namespace portcullis::core {

Status StepUpGuard::Check(const Principal& principal) const {
  if (clock_.NowSeconds() - principal.auth_time <= window_) return Status::Ok();
  return MakeError(ErrorCode::kStepUpRequired,
                   "this operation needs a recent authentication: re-authenticate and retry with "
                   "the new access token",
                   Reason::kStepUpStale);
}

}  // namespace portcullis::core
