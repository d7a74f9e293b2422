// Tests for id_token_verifier.h: tokens signed with RS256, ES256 and EdDSA pass; tampering, alg
// none, HS256 with the public key, and every wrong claim fail; Microsoft's tenant issuer.
// Single-threaded.
#include "sso/id_token_verifier.h"

#include <gtest/gtest.h>

#include "crypto/base64url.h"
#include "sso/testing/sso_fakes.h"

namespace portcullis::sso {
namespace {

using crypto::JwsAlgorithm;
using testing::MakeProviderKey;
using testing::ProviderKey;
using testing::SignToken;
using testing::SignWithHeader;

constexpr int64_t kNow = 1'800'000'000;
constexpr char kIssuer[] = "https://idp.example";
constexpr char kClient[] = "client-1";
constexpr char kNonce[] = "nonce-abc";

boost::json::object Claims() {
  return {{"iss", kIssuer},
          {"sub", "user-7"},
          {"aud", kClient},
          {"exp", kNow + 300},
          {"iat", kNow - 5},
          {"nonce", kNonce},
          {"email", "ann@example.com"},
          {"email_verified", true},
          {"name", "Ann"},
          {"amr", boost::json::array{"pwd", "mfa"}}};
}

IdTokenRules Rules() {
  return {.issuer = kIssuer, .client_id = kClient, .nonce = kNonce, .now = kNow};
}

// A lookup over the public JWKs of `keys` (as a JWKS would give them).
KeyLookup LookupOf(std::vector<ProviderKey> keys) {
  return [keys](std::optional<std::string_view> kid) -> Result<std::vector<crypto::JwsKey>> {
    std::vector<crypto::JwsKey> out;
    for (const auto& k : keys) {
      if (!kid || k.private_key.kid() == *kid)
        out.push_back(*crypto::JwsKey::FromJwk(k.public_jwk));
    }
    if (out.empty()) return MakeError(ErrorCode::kTokenInvalid, "unknown kid");
    return out;
  };
}

std::string Detail(const Result<IdTokenClaims>& r) { return r ? "" : r.error().detail; }

class IdTokenVerifierTest : public ::testing::TestWithParam<JwsAlgorithm> {
 protected:
  ProviderKey key_ = MakeProviderKey(GetParam(), "k1");
  KeyLookup lookup_ = LookupOf({key_});

  Result<IdTokenClaims> Verify(const boost::json::object& claims,
                               const IdTokenRules& rules = Rules()) {
    return VerifyIdToken(SignToken(key_.private_key, claims), rules, lookup_);
  }
  void ExpectRefused(const boost::json::object& claims, std::string_view why,
                     const IdTokenRules& rules = Rules()) {
    auto r = Verify(claims, rules);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kTokenInvalid);
    EXPECT_NE(r.error().detail.find(why), std::string::npos) << r.error().detail;
  }
};

// A provider's ES256 signature in its high-s form (s > n/2) is as valid as the low one: providers
// do not normalise s, so refusing it would fail about every second login.
TEST(IdTokenVerifierEcdsaTest, AProvidersHighSSignatureVerifies) {
  const ProviderKey key = MakeProviderKey(JwsAlgorithm::kEs256, "k1");
  const std::string token = SignToken(key.private_key, Claims());
  const auto dot = token.rfind('.');
  std::string sig = *crypto::Base64UrlDecode(token.substr(dot + 1));
  ASSERT_EQ(sig.size(), 64u);
  // n − s, with n the P-256 group order (SEC 2 §2.4.2).
  const std::string order = *crypto::Base64UrlDecode("_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE");
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = static_cast<unsigned char>(order[i]) - static_cast<unsigned char>(sig[32 + i]) - borrow;
    borrow = d < 0;
    sig[32 + i] = static_cast<char>(d + 256 * borrow);
  }
  const std::string twin = token.substr(0, dot + 1) + crypto::Base64UrlEncode(sig);
  auto r = VerifyIdToken(twin, Rules(), LookupOf({key}));
  ASSERT_TRUE(r) << Detail(r);
  EXPECT_EQ(r->subject, "user-7");
}

TEST_P(IdTokenVerifierTest, ValidTokenGivesItsClaims) {
  auto r = Verify(Claims());
  ASSERT_TRUE(r) << Detail(r);
  EXPECT_EQ(r->subject, "user-7");
  EXPECT_EQ(r->email, "ann@example.com");
  EXPECT_TRUE(r->email_verified);
  EXPECT_EQ(r->name, "Ann");
  EXPECT_EQ(r->amr, (std::vector<std::string>{"pwd", "mfa"}));
}

TEST_P(IdTokenVerifierTest, TamperedPayloadIsRefused) {
  const std::string token = SignToken(key_.private_key, Claims());
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  auto forged = Claims();
  forged["sub"] = "admin";
  const std::string tampered = token.substr(0, dot1 + 1) +
                               crypto::Base64UrlEncode(boost::json::serialize(forged)) +
                               token.substr(dot2);
  auto r = VerifyIdToken(tampered, Rules(), lookup_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTokenInvalid);
}

TEST_P(IdTokenVerifierTest, TamperedSignatureIsRefused) {
  std::string token = SignToken(key_.private_key, Claims());
  const auto sig = token.rfind('.') + 1;
  token[sig + 3] = token[sig + 3] == 'A' ? 'B' : 'A';
  auto r = VerifyIdToken(token, Rules(), lookup_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTokenInvalid);
}

TEST_P(IdTokenVerifierTest, SignatureByAnotherKeyWithTheSameKidIsRefused) {
  const ProviderKey other = MakeProviderKey(GetParam(), "other");
  const std::string header = std::string(R"({"alg":")") +
                             std::string(crypto::JwsAlgorithmName(GetParam())) + R"(","kid":"k1"})";
  auto r =
      VerifyIdToken(SignWithHeader(other.private_key, header, boost::json::serialize(Claims())),
                    Rules(), lookup_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTokenInvalid);
}

TEST_P(IdTokenVerifierTest, ExpiredTokenIsRefused) {
  auto claims = Claims();
  claims["exp"] = kNow - 61;
  ExpectRefused(claims, "expired");
  claims["exp"] = kNow - 30;  // within the leeway
  EXPECT_TRUE(Verify(claims));
}

TEST_P(IdTokenVerifierTest, TokenIssuedInTheFutureIsRefused) {
  auto claims = Claims();
  claims["iat"] = kNow + 120;
  ExpectRefused(claims, "future");
}

TEST_P(IdTokenVerifierTest, WrongIssuerIsRefused) {
  auto claims = Claims();
  claims["iss"] = "https://idp.example/";
  ExpectRefused(claims, "issuer");
}

TEST_P(IdTokenVerifierTest, WrongAudienceIsRefused) {
  auto claims = Claims();
  claims["aud"] = "client-2";
  ExpectRefused(claims, "audience");
}

TEST_P(IdTokenVerifierTest, SeveralAudiencesNeedOurAzp) {
  auto claims = Claims();
  claims["aud"] = boost::json::array{kClient, "client-2"};
  ExpectRefused(claims, "azp");
  claims["azp"] = "client-2";
  ExpectRefused(claims, "azp");
  claims["azp"] = kClient;
  EXPECT_TRUE(Verify(claims));
}

TEST_P(IdTokenVerifierTest, AzpMismatchIsRefused) {
  auto claims = Claims();
  claims["azp"] = "client-2";
  ExpectRefused(claims, "azp");
}

TEST_P(IdTokenVerifierTest, WrongOrMissingNonceIsRefused) {
  auto claims = Claims();
  claims["nonce"] = "nonce-abd";
  ExpectRefused(claims, "nonce");
  claims.erase("nonce");
  ExpectRefused(claims, "nonce");
}

TEST_P(IdTokenVerifierTest, AlgNoneIsRefused) {
  const std::string payload = crypto::Base64UrlEncode(boost::json::serialize(Claims()));
  const std::string token =
      crypto::Base64UrlEncode(R"({"alg":"none","kid":"k1"})") + "." + payload + ".";
  auto r = VerifyIdToken(token, Rules(), lookup_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("not allowed"), std::string::npos) << r.error().detail;
}

// The classic confusion: HS256 keyed with the bytes of the provider's public key.
TEST_P(IdTokenVerifierTest, Hs256SignedWithThePublicKeyIsRefused) {
  const auto hmac =
      crypto::JwsKey::FromHmacSecret("k1", JwsAlgorithm::kHs256, key_.public_jwk).value();
  auto r = VerifyIdToken(
      SignWithHeader(hmac, R"({"alg":"HS256","kid":"k1"})", boost::json::serialize(Claims())),
      Rules(), lookup_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTokenInvalid);
  EXPECT_NE(r.error().detail.find("not allowed"), std::string::npos) << r.error().detail;
}

TEST_P(IdTokenVerifierTest, UnknownKidIsRefused) {
  const ProviderKey other = MakeProviderKey(GetParam(), "k9");
  auto r = VerifyIdToken(SignToken(other.private_key, Claims()), Rules(), lookup_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTokenInvalid);
}

TEST_P(IdTokenVerifierTest, MissingSubjectIsRefused) {
  auto claims = Claims();
  claims.erase("sub");
  ExpectRefused(claims, "missing");
}

TEST_P(IdTokenVerifierTest, UnverifiedOrAbsentEmail) {
  auto claims = Claims();
  claims["email_verified"] = "false";
  auto r = Verify(claims);
  ASSERT_TRUE(r) << Detail(r);
  EXPECT_FALSE(r->email_verified);
  claims.erase("email");
  claims.erase("email_verified");
  r = Verify(claims);
  ASSERT_TRUE(r) << Detail(r);
  EXPECT_FALSE(r->email.has_value());
}

INSTANTIATE_TEST_SUITE_P(Algorithms, IdTokenVerifierTest,
                         ::testing::Values(JwsAlgorithm::kRs256, JwsAlgorithm::kEs256,
                                           JwsAlgorithm::kEdDsa),
                         [](const auto& info) {
                           return std::string(info.param == JwsAlgorithm::kRs256   ? "RS256"
                                              : info.param == JwsAlgorithm::kEs256 ? "ES256"
                                                                                   : "EdDSA");
                         });

// Microsoft: the issuer template takes the token's own tid; a configured tenant id must match it.
class MicrosoftIdTokenTest : public ::testing::Test {
 protected:
  static constexpr char kTid[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  ProviderKey key_ = MakeProviderKey(JwsAlgorithm::kRs256, "ms1");

  boost::json::object Claims(std::string tid) {
    auto claims = sso::Claims();
    claims["iss"] = "https://login.microsoftonline.com/" + tid + "/v2.0";
    claims["tid"] = tid;
    return claims;
  }
  IdTokenRules Rules(std::string tenant) {
    auto rules = sso::Rules();
    rules.issuer = "https://login.microsoftonline.com/{tenantid}/v2.0";
    rules.tenant = std::move(tenant);
    return rules;
  }
  Result<IdTokenClaims> Verify(const boost::json::object& claims, const IdTokenRules& rules) {
    return VerifyIdToken(SignToken(key_.private_key, claims), rules, LookupOf({key_}));
  }
};

TEST_F(MicrosoftIdTokenTest, CommonTenantAcceptsTheTokensOwnTid) {
  auto r = Verify(Claims(kTid), Rules("common"));
  ASSERT_TRUE(r) << Detail(r);
  EXPECT_EQ(r->tenant, kTid);
}

TEST_F(MicrosoftIdTokenTest, IssuerMustCarryTheTokensTid) {
  auto claims = Claims(kTid);
  claims["tid"] = "00000000-0000-0000-0000-000000000001";
  auto r = Verify(claims, Rules("common"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("issuer"), std::string::npos) << r.error().detail;
  claims.erase("tid");
  EXPECT_FALSE(Verify(claims, Rules("common")));
}

TEST_F(MicrosoftIdTokenTest, ConfiguredTenantMustBeTheTokensTid) {
  EXPECT_TRUE(Verify(Claims(kTid), Rules(kTid)));
  auto r = Verify(Claims("00000000-0000-0000-0000-000000000001"), Rules(kTid));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("tenant"), std::string::npos) << r.error().detail;
}

TEST_F(MicrosoftIdTokenTest, OrganizationsRefusesPersonalAccounts) {
  constexpr char kConsumers[] = "9188040d-6c67-4c5b-b112-36a304b66dad";
  EXPECT_TRUE(Verify(Claims(kTid), Rules("organizations")));
  EXPECT_FALSE(Verify(Claims(kConsumers), Rules("organizations")));
  EXPECT_TRUE(Verify(Claims(kConsumers), Rules("consumers")));
  EXPECT_FALSE(Verify(Claims(kTid), Rules("consumers")));
}

}  // namespace
}  // namespace portcullis::sso
