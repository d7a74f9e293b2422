// Tests of magic links: mail, use, sign-up, redirects, PKCE, MFA, no enumeration.
#include "core/magic_link_service.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "core/testing/flow_fixture.h"
#include "core/totp.h"

namespace portcullis::core {
namespace {

using testing::FakeCodeChallenges;

class MagicLinkServiceTest : public testing::FlowFixture {
 protected:
  void SetUp() override { Enable(false); }
  void Enable(bool signup) {
    AccountFlowPolicy policy;
    policy.magic_link_enabled = true;
    policy.magic_link_signup = signup;
    Configure(policy);
  }
};

TEST_F(MagicLinkServiceTest, TheMailedTokenSignsInWithAmrEmail) {
  const IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(magic_links->Request("ALICE@example.com", "", "", client).ok());
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "magic_link");
  EXPECT_EQ(mail[0].Value("expires_in_minutes"), "15");
  EXPECT_TRUE(mail[0].Value("link").starts_with("https://auth.test/v1/auth/magic-link?token="));
  const IssuedTokens issued = Tokens(magic_links->Verify(mail[0].Ticket(), "", client));
  EXPECT_EQ(issued.user.id, alice.user.id);
  EXPECT_EQ(issued.session.amr, "email");
  auto again = magic_links->Verify(mail[0].Ticket(), "", client);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().field, Field::kToken);
}

TEST_F(MagicLinkServiceTest, UnknownAddressesAreAnsweredAlikeAfterTheSameWork) {
  RegisterAlice();
  int composed = composer.composed.load();
  uint64_t commits = store.commits();
  ASSERT_TRUE(magic_links->Request("alice@example.com", "", "", client).ok());
  const int known_work = composer.composed.load() - composed;
  const uint64_t known_commits = store.commits() - commits;
  ASSERT_EQ(TakeMail().size(), 1u);

  composed = composer.composed.load();
  commits = store.commits();
  ASSERT_TRUE(magic_links->Request("nobody@example.com", "", "", client).ok());
  EXPECT_EQ(composer.composed.load() - composed, known_work);
  EXPECT_EQ(store.commits() - commits, known_commits);
  EXPECT_TRUE(TakeMail().empty());
}

TEST_F(MagicLinkServiceTest, SignUpCreatesAnActiveVerifiedAccountOnlyWhenAllowed) {
  Enable(true);
  ASSERT_TRUE(magic_links->Request("new@example.com", "", "", client).ok());
  const auto mail = TakeMail();
  ASSERT_EQ(mail.size(), 1u);
  const IssuedTokens issued = Tokens(magic_links->Verify(mail[0].Ticket(), "", client));
  EXPECT_EQ(issued.user.email, "new@example.com");
  const User created = UserByEmail("new@example.com");
  EXPECT_TRUE(created.active);
  EXPECT_EQ(created.email_verified_at, clock.NowSeconds());
  EXPECT_TRUE(created.password_hash.empty());
}

TEST_F(MagicLinkServiceTest, RedirectsAreCheckedAndCarriedWithTheCode) {
  RegisterAlice();
  auto refused = magic_links->Request("alice@example.com", "https://evil.test/", "", client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, Field::kRedirectTo);
  EXPECT_TRUE(TakeMail().empty());

  const std::string challenge = FakeCodeChallenges::ChallengeOf("verifier");
  ASSERT_TRUE(
      magic_links->Request("alice@example.com", "https://app.test/callback", challenge, client)
          .ok());
  auto redirect = magic_links->VerifyForRedirect(TakeMail()[0].Ticket());
  ASSERT_TRUE(redirect.ok());
  EXPECT_EQ(redirect->redirect_to, "https://app.test/callback");
  EXPECT_FALSE(codes.Redeem(redirect->code, "other", client).ok());

  ASSERT_TRUE(magic_links->Request("alice@example.com", "", challenge, client).ok());
  const std::string token = TakeMail()[0].Ticket();
  auto no_verifier = magic_links->Verify(token, "", client);
  ASSERT_FALSE(no_verifier.ok());
  EXPECT_EQ(no_verifier.error().field, Field::kCodeVerifier);
}

TEST_F(MagicLinkServiceTest, AnAccountWithMfaMustStillPassTheSecondStep) {
  const IssuedTokens alice = RegisterAlice();
  EnableMfa(alice.user.id);
  ASSERT_TRUE(magic_links->Request("alice@example.com", "", "", client).ok());
  auto outcome = magic_links->Verify(TakeMail()[0].Ticket(), "", client);
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(std::holds_alternative<MfaChallenge>(*outcome));
  // The second step's session names the mailed link as its first factor, not a password.
  const std::string code = TotpCode(mfa_crypto, "secret", TotpStep(clock.NowSeconds()));
  auto second =
      flow_accounts->LoginWithTicket(std::get<MfaChallenge>(*outcome).ticket, code, client);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->session.amr, "email,otp");
}

}  // namespace
}  // namespace portcullis::core
