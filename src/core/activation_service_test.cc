// Tests of activation: inactive registration, the mailed link, resend, taken addresses.
#include "core/activation_service.h"

#include <gtest/gtest.h>

#include "core/testing/flow_fixture.h"

namespace portcullis::core {
namespace {

class ActivationServiceTest : public testing::FlowFixture {
 protected:
  void SetUp() override {
    AccountFlowPolicy policy;
    policy.auto_activate_new_users = false;
    Configure(policy);
  }
  Result<IssuedTokens> RegisterBob(std::string display_name = "Bob") {
    Registration r;
    r.email = "Bob@Example.com";
    r.password = "correct horse";
    r.display_name = std::move(display_name);
    return flow_accounts->Register(r, client);
  }
  Result<LoginOutcome> LoginBob() {
    return flow_accounts->Login({"bob@example.com", "", "correct horse", std::nullopt}, client);
  }
};

TEST_F(ActivationServiceTest, RegistrationCreatesAnInactiveAccountAndMailsItsLink) {
  auto registered = RegisterBob();
  ASSERT_TRUE(registered.ok());
  EXPECT_TRUE(registered->access_token.empty());
  EXPECT_TRUE(registered->refresh_token.empty());
  EXPECT_EQ(registered->user.email, "bob@example.com");
  EXPECT_FALSE(UserByEmail("bob@example.com").active);

  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "activation");
  EXPECT_EQ(mail[0].to, "bob@example.com");
  EXPECT_EQ(mail[0].Value("display_name"), "Bob");
  EXPECT_EQ(mail[0].Value("expires_in_minutes"), "1440");
  EXPECT_EQ(mail[0].Value("locale"), "en");
  EXPECT_TRUE(mail[0].Value("link").starts_with("https://auth.test/v1/auth/activate?ticket="));
}

TEST_F(ActivationServiceTest, LoginIsRefusedUntilTheLinkIsUsed) {
  ASSERT_TRUE(RegisterBob().ok());
  auto refused = LoginBob();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(refused.error().reason, Reason::kAccountInactive);
  // A wrong password stays a wrong password: the state shows only to whoever knows it.
  auto wrong = flow_accounts->Login({"bob@example.com", "", "wrong horse", std::nullopt}, client);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);

  const IssuedTokens issued = Tokens(activation->Activate(TakeMail()[0].Ticket(), client));
  EXPECT_EQ(issued.session.amr, "email");
  const User bob = UserByEmail("bob@example.com");
  EXPECT_TRUE(bob.active);
  EXPECT_EQ(bob.email_verified_at, clock.NowSeconds());
  EXPECT_TRUE(Opened(LoginBob()).ok());
}

TEST_F(ActivationServiceTest, TheLinkIsUsedOnceAndExpires) {
  ASSERT_TRUE(RegisterBob().ok());
  const std::string ticket = TakeMail()[0].Ticket();
  auto code = activation->ActivateForCode(ticket, "");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(Tokens(codes.Redeem(*code, "", client)).user.email, "bob@example.com");
  auto again = activation->Activate(ticket, client);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, Reason::kTicketUnusable);

  Registration r;
  r.email = "carol@example.com";
  r.password = "correct horse";
  ASSERT_TRUE(flow_accounts->Register(r, client).ok());
  const std::string carol = TakeMail()[0].Ticket();
  clock.Advance(24 * 3600);
  EXPECT_FALSE(activation->Activate(carol, client).ok());
}

TEST_F(ActivationServiceTest, ResendSupersedesTheFirstLinkAndAnswersUnknownAddressesAlike) {
  ASSERT_TRUE(RegisterBob().ok());
  const std::string first = TakeMail()[0].Ticket();
  const int composed = composer.composed.load();
  ASSERT_TRUE(activation->Resend("bob@example.com", client).ok());
  const auto resent = TakeMail();
  ASSERT_EQ(resent.size(), 1u);
  EXPECT_FALSE(activation->Activate(first, client).ok());
  EXPECT_TRUE(activation->Activate(resent[0].Ticket(), client).ok());

  // Unknown and already active addresses: ok, nothing mailed, the same work done.
  const int composed_known = composer.composed.load() - composed;
  ASSERT_TRUE(activation->Resend("nobody@example.com", client).ok());
  ASSERT_TRUE(activation->Resend("bob@example.com", client).ok());
  EXPECT_TRUE(TakeMail().empty());
  EXPECT_EQ(composer.composed.load() - composed, 3 * composed_known);
}

TEST_F(ActivationServiceTest, ResendIsLimitedPerAddressForKnownAndUnknownAlike) {
  ASSERT_TRUE(RegisterBob().ok());  // its activation message counts against the address
  ASSERT_TRUE(activation->Resend("nobody@example.com", client).ok());
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(activation->Resend("bob@example.com", client).ok());
    ASSERT_TRUE(activation->Resend("nobody@example.com", client).ok());
  }
  auto known = activation->Resend("bob@example.com", client);
  auto unknown = activation->Resend("nobody@example.com", client);
  ASSERT_FALSE(known.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(known.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(unknown.error().code, ErrorCode::kRateLimited);
}

TEST_F(ActivationServiceTest, ATakenAddressIsAnsweredLikeANewOneWhenEmailsAreVerified) {
  AccountFlowPolicy policy;
  policy.auto_activate_new_users = false;
  policy.verify_emails = true;
  Configure(policy);
  ASSERT_TRUE(RegisterBob().ok());
  TakeMail();
  auto again = RegisterBob("Mallory");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->access_token.empty());
  EXPECT_EQ(again->user.email, "bob@example.com");
  EXPECT_EQ(again->user.display_name, "Mallory");
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "registration_attempt");
  EXPECT_EQ(mail[0].to, "bob@example.com");
  EXPECT_EQ(mail[0].Value("display_name"), "Bob");
  EXPECT_EQ(mail[0].Value("link"), "https://auth.test/v1/auth/password/reset");
  EXPECT_EQ(UserByEmail("bob@example.com").display_name, "Bob");
}

TEST_F(ActivationServiceTest, WithoutVerifiedEmailsATakenAddressIsAConflict) {
  ASSERT_TRUE(RegisterBob().ok());
  auto again = RegisterBob();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace portcullis::core
