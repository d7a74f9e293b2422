// Tests for client_token_codec.h: claim round trip with and without act, expiry, and that session
// tokens and client tokens are never taken for one another. Single-threaded.
#include "crypto/client_token_codec.h"

#include <gtest/gtest.h>

#include "crypto/jwt_codec.h"

namespace portcullis::crypto {
namespace {

constexpr int64_t kNow = 1'700'000'000;

JwsKey Key() {
  return JwsKey::FromHmacSecret("kid-1", JwsAlgorithm::kHs256, std::string(32, 'k')).value();
}

JwtClientTokenCodec MakeCodec() {
  return JwtClientTokenCodec(JwsSigner::Create(Key()).value(), JwsVerifier::Create({Key()}).value(),
                             "https://auth.example", 30);
}

core::ClientTokenClaims Sample() {
  core::ClientTokenClaims c;
  c.sub = "0123456789abcdef01234567";
  c.client_id = c.sub;
  c.cid = "company-1";
  c.scope = "users:all:read orders:own:create";
  c.jti = "jti-1";
  c.iat = kNow;
  c.exp = kNow + 3600;
  return c;
}

TEST(JwtClientTokenCodec, RoundTrips) {
  auto codec = MakeCodec();
  auto decoded = codec.Decode(codec.Encode(Sample()), kNow);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->iss, "https://auth.example");
  EXPECT_EQ(decoded->sub, Sample().sub);
  EXPECT_EQ(decoded->client_id, Sample().client_id);
  EXPECT_EQ(decoded->cid, "company-1");
  EXPECT_EQ(decoded->scope, Sample().scope);
  EXPECT_EQ(decoded->jti, "jti-1");
  EXPECT_EQ(decoded->exp, kNow + 3600);
  EXPECT_TRUE(decoded->act_sub.empty());
}

TEST(JwtClientTokenCodec, ActAsUserCarriesAct) {
  auto codec = MakeCodec();
  auto claims = Sample();
  claims.sub = "user-1";
  claims.act_sub = claims.client_id;
  auto decoded = codec.Decode(codec.Encode(claims), kNow);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->sub, "user-1");
  EXPECT_EQ(decoded->act_sub, claims.client_id);
}

TEST(JwtClientTokenCodec, ExpiredAfterLeeway) {
  auto codec = MakeCodec();
  const std::string token = codec.Encode(Sample());
  EXPECT_TRUE(codec.Decode(token, kNow + 3600 + 29).ok());
  auto late = codec.Decode(token, kNow + 3600 + 30);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kTokenExpired);
}

TEST(JwtClientTokenCodec, SessionAndClientTokensAreNotInterchangeable) {
  auto clients = MakeCodec();
  JwtAccessTokenCodec sessions(JwsSigner::Create(Key()).value(),
                               JwsVerifier::Create({Key()}).value(), "https://auth.example", 30);
  core::AccessClaims session;
  session.sub = "user-1";
  session.sid = "session-1";
  session.jti = "j";
  session.iat = kNow;
  session.exp = kNow + 900;
  auto as_client = clients.Decode(sessions.Encode(session), kNow);
  ASSERT_FALSE(as_client.ok());
  EXPECT_EQ(as_client.error().code, ErrorCode::kTokenInvalid);
  auto as_session = sessions.Decode(clients.Encode(Sample()), kNow);
  ASSERT_FALSE(as_session.ok());
  EXPECT_EQ(as_session.error().code, ErrorCode::kTokenInvalid);
}

TEST(JwtClientTokenCodec, RefusesAnotherKeyOrGarbage) {
  auto codec = MakeCodec();
  auto other_key =
      JwsKey::FromHmacSecret("kid-1", JwsAlgorithm::kHs256, std::string(32, 'x')).value();
  JwtClientTokenCodec other(JwsSigner::Create(other_key).value(),
                            JwsVerifier::Create({other_key}).value(), "https://auth.example", 30);
  EXPECT_FALSE(codec.Decode(other.Encode(Sample()), kNow).ok());
  EXPECT_FALSE(codec.Decode("not.a.token", kNow).ok());
  EXPECT_FALSE(codec.Decode("", kNow).ok());
}

}  // namespace
}  // namespace portcullis::crypto
