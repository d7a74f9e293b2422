// Tests of the password reset: the mail, the reset, its policy and its consequences.
#include "core/password_reset_service.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/testing/flow_fixture.h"

namespace portcullis::core {
namespace {

using PasswordResetServiceTest = testing::FlowFixture;

TEST_F(PasswordResetServiceTest, ResetSetsThePasswordRevokesEverySessionAndMailsANotice) {
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "password_reset");
  EXPECT_EQ(mail[0].Value("expires_in_minutes"), "60");
  ASSERT_TRUE(resets->Reset(mail[0].Ticket(), "a brand new password", client).ok());
  EXPECT_FALSE(sessions.Authenticate(alice.access_token).ok());
  EXPECT_FALSE(sessions.Refresh(alice.refresh_token).ok());
  EXPECT_TRUE(Opened(flow_accounts->Login(
                         {"alice@example.com", "", "a brand new password", std::nullopt}, client))
                  .ok());
  mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "password_changed");
  EXPECT_EQ(mail[0].to, "alice@example.com");
}

TEST_F(PasswordResetServiceTest, AResetIsInTheAccountsAuditLog) {
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  ASSERT_TRUE(resets->Reset(TakeMail()[0].Ticket(), "a brand new password", client).ok());
  const std::vector<std::string> types = UserEventTypes(alice.user.id);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.back(), "password_reset");
  auto events = store.ReadValue(
      [&](Repositories& repos) { return repos.security_events().ListForUser(alice.user.id, 1); });
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().actor_id, alice.user.id);
  EXPECT_EQ(events->front().ip, client.ip);
  EXPECT_EQ(events->front().detail, "sessions_revoked=1");
}

TEST_F(PasswordResetServiceTest, ARefusedPasswordLeavesTheTicketUsable) {
  RegisterAlice();
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  const std::string ticket = TakeMail()[0].Ticket();
  for (const char* bad : {"short", "alice@example.com"}) {
    auto refused = resets->Reset(ticket, bad, client);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, Field::kNewPassword);
  }
  ASSERT_TRUE(resets->Reset(ticket, "a brand new password", client).ok());
  auto used = resets->Reset(ticket, "another new password", client);
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.error().reason, Reason::kTicketUnusable);
}

TEST_F(PasswordResetServiceTest, AnUnusableTicketIsRefusedBeforeAnyHashing) {
  RegisterAlice();
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  const std::string ticket = TakeMail()[0].Ticket();
  const int work_before = hasher.work.load();
  for (const std::string& garbage : {std::string("not a ticket"), std::string()}) {
    auto refused = resets->Reset(garbage, "a brand new password", client);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, Reason::kTicketUnusable);
    EXPECT_EQ(refused.error().field, Field::kTicket);
  }
  clock.Advance(3600);  // the ticket's whole lifetime: expired
  auto expired = resets->Reset(ticket, "a brand new password", client);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().reason, Reason::kTicketUnusable);
  EXPECT_EQ(hasher.work.load(), work_before);
}

TEST_F(PasswordResetServiceTest, MfaStaysOnAndAnUnknownAddressGetsNothing) {
  const IssuedTokens alice = RegisterAlice();
  EnableMfa(alice.user.id);
  ASSERT_TRUE(resets->Forgot("nobody@example.com", client).ok());
  EXPECT_TRUE(TakeMail().empty());
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  ASSERT_TRUE(resets->Reset(TakeMail()[0].Ticket(), "a brand new password", client).ok());
  EXPECT_TRUE(UserByEmail("alice@example.com").mfa_enabled);
}

TEST_F(PasswordResetServiceTest, ANewerLinkSupersedesTheOlder) {
  RegisterAlice();
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  ASSERT_TRUE(resets->Forgot("alice@example.com", client).ok());
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_FALSE(resets->Reset(mail[0].Ticket(), "a brand new password", client).ok());
  EXPECT_TRUE(resets->Reset(mail[1].Ticket(), "a brand new password", client).ok());
}

}  // namespace
}  // namespace portcullis::core
