// Tests of the email change: step-up, with and without verification, conflicts, revocations.
#include "core/email_change_service.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/testing/flow_fixture.h"

namespace portcullis::core {
namespace {

using EmailChangeServiceTest = testing::FlowFixture;

TEST_F(EmailChangeServiceTest, WithoutVerificationTheChangeIsImmediate) {
  const IssuedTokens alice = RegisterAlice();
  const IssuedTokens other =
      Opened(flow_accounts->Login({"alice@example.com", "", "correct horse", std::nullopt}, client))
          .value();
  auto changed = email_changes->Request(PrincipalOf(alice), "New@Example.com", client);
  ASSERT_TRUE(changed.ok());
  ASSERT_TRUE(changed->has_value());
  EXPECT_EQ((*changed)->email, "new@example.com");
  EXPECT_EQ((*changed)->email_verified_at, 0);
  EXPECT_TRUE(sessions.Authenticate(alice.access_token).ok());
  EXPECT_FALSE(sessions.Authenticate(other.access_token).ok());
  EXPECT_TRUE(TakeMail().empty());
}

TEST_F(EmailChangeServiceTest, ATakenAddressIsAConflictAndAStaleSessionMustStepUp) {
  const IssuedTokens alice = RegisterAlice();
  Registration r;
  r.email = "bob@example.com";
  r.password = "correct horse";
  ASSERT_TRUE(flow_accounts->Register(r, client).ok());
  auto taken = email_changes->Request(PrincipalOf(alice), "bob@example.com", client);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(taken.error().field, Field::kNewEmail);

  clock.Advance(301);
  const Principal stale = PrincipalOf(alice);
  auto refused = email_changes->Request(stale, "new@example.com", client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kStepUpRequired);
}

TEST_F(EmailChangeServiceTest, WithVerificationTheNewAddressConfirms) {
  AccountFlowPolicy policy;
  policy.verify_emails = true;
  Configure(policy);
  const IssuedTokens alice = RegisterAlice();
  const IssuedTokens other =
      Opened(flow_accounts->Login({"alice@example.com", "", "correct horse", std::nullopt}, client))
          .value();
  auto pending = email_changes->Request(PrincipalOf(alice), "new@example.com", client);
  ASSERT_TRUE(pending.ok());
  EXPECT_FALSE(pending->has_value());
  EXPECT_EQ(UserByEmail("alice@example.com").id, alice.user.id);  // nothing changed yet
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0].kind, "email_change");
  EXPECT_EQ(mail[0].to, "new@example.com");
  EXPECT_EQ(mail[0].Value("new_email"), "new@example.com");
  EXPECT_EQ(mail[1].kind, "email_change_notice");
  EXPECT_EQ(mail[1].to, "alice@example.com");
  EXPECT_EQ(mail[1].Value("new_email"), "new@example.com");

  auto confirmed = email_changes->Confirm(mail[0].Ticket());
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->email, "new@example.com");
  EXPECT_EQ(confirmed->email_verified_at, clock.NowSeconds());
  EXPECT_TRUE(sessions.Authenticate(alice.access_token).ok());
  EXPECT_FALSE(sessions.Authenticate(other.access_token).ok());
  EXPECT_FALSE(email_changes->Confirm(mail[0].Ticket()).ok());
}

TEST_F(EmailChangeServiceTest, ARequestAndItsConfirmationAreInTheAccountsAuditLog) {
  AccountFlowPolicy policy;
  policy.verify_emails = true;
  Configure(policy);
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(email_changes->Request(PrincipalOf(alice), "new@example.com", client).ok());
  EXPECT_EQ(UserEventTypes(alice.user.id).back(), "email_change_requested");
  ASSERT_TRUE(email_changes->Confirm(TakeMail()[0].Ticket()).ok());
  EXPECT_EQ(UserEventTypes(alice.user.id).back(), "email_changed");
}

TEST_F(EmailChangeServiceTest, WithoutVerificationTheChangeIsLoggedAtOnce) {
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(email_changes->Request(PrincipalOf(alice), "new@example.com", client).ok());
  const std::vector<std::string> types = UserEventTypes(alice.user.id);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.back(), "email_changed");
}

TEST_F(EmailChangeServiceTest, AnAddressTakenBeforeTheConfirmationIsAConflict) {
  AccountFlowPolicy policy;
  policy.verify_emails = true;
  Configure(policy);
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(email_changes->Request(PrincipalOf(alice), "new@example.com", client).ok());
  const std::string ticket = TakeMail()[0].Ticket();
  Registration r;
  r.email = "new@example.com";
  r.password = "correct horse";
  ASSERT_TRUE(flow_accounts->Register(r, client).ok());
  auto confirmed = email_changes->Confirm(ticket);
  ASSERT_FALSE(confirmed.ok());
  EXPECT_EQ(confirmed.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace portcullis::core
