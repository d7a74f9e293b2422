// Tests of the PKCE S256 challenge and check against RFC 7636's appendix B example.
// Single-threaded.
#include "crypto/code_challenges.h"

#include <gtest/gtest.h>

namespace portcullis::crypto {
namespace {

constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(CodeChallengesTest, MatchesTheRfcExample) {
  Sha256CodeChallenges challenges;
  EXPECT_TRUE(challenges.MatchesS256(kVerifier, kChallenge));
}

TEST(CodeChallengesTest, MakesTheRfcExamplesChallenge) {
  Sha256CodeChallenges challenges;
  EXPECT_EQ(challenges.S256(kVerifier), kChallenge);
}

TEST(CodeChallengesTest, RefusesAnotherVerifierOrChallenge) {
  Sha256CodeChallenges challenges;
  EXPECT_FALSE(challenges.MatchesS256("another verifier", kChallenge));
  EXPECT_FALSE(challenges.MatchesS256(kVerifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
  EXPECT_FALSE(challenges.MatchesS256(kVerifier, ""));
  EXPECT_FALSE(challenges.MatchesS256(kVerifier, std::string(kChallenge) + "="));
}

}  // namespace
}  // namespace portcullis::crypto
