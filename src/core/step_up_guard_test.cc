// Tests for the step-up guard with a fake clock.
#include "core/step_up_guard.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

TEST(StepUpGuard, FreshAuthenticationPassesUntilTheWindowEnds) {
  FakeClock clock;
  StepUpGuard guard(300, clock);
  Principal principal;
  principal.auth_time = clock.NowSeconds();
  EXPECT_TRUE(guard.Check(principal).ok());
  clock.Advance(300);
  EXPECT_TRUE(guard.Check(principal).ok());
  clock.Advance(1);
  Status stale = guard.Check(principal);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kStepUpRequired);
}

TEST(StepUpGuard, ALaterStepUpTimeRenewsTheWindow) {
  FakeClock clock;
  StepUpGuard guard(60, clock);
  Principal principal;
  principal.auth_time = clock.NowSeconds();
  clock.Advance(3600);
  EXPECT_FALSE(guard.Check(principal).ok());
  principal.auth_time = clock.NowSeconds() - 10;
  EXPECT_TRUE(guard.Check(principal).ok());
}

}  // namespace
}  // namespace portcullis::core
