// Tests of self-deletion: step-up, what is deleted, what is kept, the notice.
#include "core/account_deletion_service.h"

#include <gtest/gtest.h>

#include "core/testing/flow_fixture.h"

namespace portcullis::core {
namespace {

using AccountDeletionServiceTest = testing::FlowFixture;

TEST_F(AccountDeletionServiceTest, DeletesTheAccountFreesTheAddressAndKeepsTheEvent) {
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  const std::string reset_ticket = TakeMail()[0].Ticket();
  ASSERT_TRUE(deletions->Delete(PrincipalOf(alice), client).ok());

  EXPECT_FALSE(sessions.Authenticate(alice.access_token).ok());
  EXPECT_FALSE(resets->Reset(reset_ticket, "a brand new password", client).ok());
  auto gone =
      store.ReadValue([&](Repositories& repos) { return repos.users().FindById(alice.user.id); });
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  auto events = store.ReadValue(
      [&](Repositories& repos) { return repos.security_events().ListForUser(alice.user.id, 10); });
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->front().type, "account_deleted");
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "account_deleted");
  EXPECT_EQ(mail[0].to, "alice@example.com");

  Registration again;
  again.email = "alice@example.com";
  again.password = "correct horse";
  EXPECT_TRUE(flow_accounts->Register(again, client).ok());
}

TEST_F(AccountDeletionServiceTest, AStaleSessionMustStepUpFirst) {
  const IssuedTokens alice = RegisterAlice();
  clock.Advance(301);
  auto refused = deletions->Delete(PrincipalOf(alice), client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kStepUpRequired);
  EXPECT_TRUE(
      store.ReadValue([&](Repositories& repos) { return repos.users().FindById(alice.user.id); })
          .ok());
}

}  // namespace
}  // namespace portcullis::core
