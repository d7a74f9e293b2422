// Tests of exchange codes: single use, PKCE, MFA's second step.
#include "core/exchange_codes.h"

#include <gtest/gtest.h>

#include "core/testing/flow_fixture.h"

namespace portcullis::core {
namespace {

using ExchangeCodesTest = testing::FlowFixture;
using testing::FakeCodeChallenges;

TEST_F(ExchangeCodesTest, ACodeBecomesATokenPairOnce) {
  const IssuedTokens alice = RegisterAlice();
  auto code = store.WriteValue(
      [&](Repositories& repos) { return codes.Issue(repos, alice.user.id, "email", ""); });
  ASSERT_TRUE(code.ok());
  const IssuedTokens issued = Tokens(codes.Redeem(*code, "", client));
  EXPECT_EQ(issued.user.id, alice.user.id);
  EXPECT_EQ(issued.session.amr, "email");
  auto again = codes.Redeem(*code, "", client);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, Reason::kTicketUnusable);
  EXPECT_EQ(again.error().field, Field::kCode);
}

TEST_F(ExchangeCodesTest, AChallengeNeedsItsVerifierAndAWrongOneSpendsTheCode) {
  const IssuedTokens alice = RegisterAlice();
  const std::string challenge = FakeCodeChallenges::ChallengeOf("right verifier");
  const auto issue = [&] {
    return store
        .WriteValue([&](Repositories& repos) {
          return codes.Issue(repos, alice.user.id, "email", challenge);
        })
        .value();
  };
  const std::string missing = issue();
  auto refused = codes.Redeem(missing, "", client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, Field::kCodeVerifier);

  const std::string wrong = issue();
  refused = codes.Redeem(wrong, "wrong verifier", client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().field, Field::kCodeVerifier);
  EXPECT_FALSE(codes.Redeem(wrong, "right verifier", client).ok());  // spent by the wrong try

  EXPECT_EQ(Tokens(codes.Redeem(issue(), "right verifier", client)).user.id, alice.user.id);
}

TEST_F(ExchangeCodesTest, AnAccountWithMfaGetsTheSecondStep) {
  const IssuedTokens alice = RegisterAlice();
  EnableMfa(alice.user.id);
  auto code = store.WriteValue(
      [&](Repositories& repos) { return codes.Issue(repos, alice.user.id, "email", ""); });
  ASSERT_TRUE(code.ok());
  auto outcome = codes.Redeem(*code, "", client);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(std::holds_alternative<MfaChallenge>(*outcome));
}

}  // namespace
}  // namespace portcullis::core
