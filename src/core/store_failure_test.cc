// Tests that a store which stops answering gives kUnavailable (503) on every path, never a verdict
// about the caller's token or account (no logout by database hiccup).
#include <gtest/gtest.h>

#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

class StoreFailureTest : public testing::ServiceFixture {
 protected:
  void SetUp() override {
    alice = RegisterAlice();
    auto principal = sessions.Authenticate(alice.access_token);
    ASSERT_TRUE(principal.ok());
    me = *principal;
    store.FailWith(MakeError(ErrorCode::kUnavailable, "the database does not answer"));
  }

  static void ExpectUnavailable(const Status& status) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::kUnavailable) << status.error().detail;
  }
  template <class T>
  static void ExpectUnavailable(const Result<T>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable) << result.error().detail;
  }

  IssuedTokens alice;
  Principal me;
};

TEST_F(StoreFailureTest, RefreshIsUnavailableAndTheSessionSurvives) {
  ExpectUnavailable(sessions.Refresh(alice.refresh_token));
  store.FailWith(std::nullopt);
  EXPECT_TRUE(sessions.Refresh(alice.refresh_token).ok());
}

TEST_F(StoreFailureTest, AuthenticationNeedsNoStoreAndTheProfileIsUnavailable) {
  // Access tokens are checked against the in-memory revocation set only.
  EXPECT_TRUE(sessions.Authenticate(alice.access_token).ok());
  ExpectUnavailable(accounts.GetProfile(me.user_id));
  ExpectUnavailable(accounts.UpdateProfile(me.user_id, ProfilePatch{}));
  ExpectUnavailable(accounts.ChangePassword(me, "correct horse", "a new password"));
  ExpectUnavailable(accounts.StepUp(me, "correct horse", std::nullopt, {}));
  ExpectUnavailable(sessions.ListActive(me.user_id));
}

TEST_F(StoreFailureTest, LoginAndLogoutAreUnavailable) {
  ExpectUnavailable(accounts.Login({"alice@example.com", "", "correct horse"}, {}));
  ExpectUnavailable(sessions.RevokeByRefreshToken(alice.refresh_token));
  ExpectUnavailable(sessions.Revoke(me.session_id));
  // A revocation that did not commit is not remembered either.
  EXPECT_TRUE(sessions.Authenticate(alice.access_token).ok());
}

TEST_F(StoreFailureTest, OnlyARealAbsenceMeansTheAccountIsGone) {
  store.FailWith(std::nullopt);
  auto gone = accounts.GetProfile("no-such-user");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kTokenInvalid);
  EXPECT_EQ(gone.error().reason, Reason::kAccountGone);
}

}  // namespace
}  // namespace portcullis::core
