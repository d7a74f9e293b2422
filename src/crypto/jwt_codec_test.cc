// Tests for jwt_codec.h: claim round trip, time rules with leeway, issuer and type checks, extras.
// Single-threaded.
#include "crypto/jwt_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

#include "crypto/base64url.h"

namespace portcullis::crypto {
namespace {

namespace json = boost::json;
constexpr int64_t kNow = 1'700'000'000;

JwsKey Key(char fill = 'k') {
  return JwsKey::FromHmacSecret("kid-1", JwsAlgorithm::kHs256, std::string(32, fill)).value();
}

JwtAccessTokenCodec MakeCodec(int64_t leeway = 30) {
  return JwtAccessTokenCodec(JwsSigner::Create(Key()).value(), JwsVerifier::Create({Key()}).value(),
                             "https://auth.example", leeway);
}

core::AccessClaims SampleClaims() {
  core::AccessClaims c;
  c.sub = "user-1";
  c.sid = "session-1";
  c.jti = "token-1";
  c.role = "user";
  c.iat = kNow;
  c.exp = kNow + 900;
  c.auth_time = kNow - 60;
  c.amr = {"pwd", "otp"};
  c.cid = "company-7";
  c.extra = {{"tenant", R"("client-7")"},
             {"https://hasura.io/jwt/claims", R"({"x-hasura-role":"user"})"}};
  return c;
}

// Signs an arbitrary payload with the codec's key.
std::string SignPayload(std::string_view payload) {
  return JwsSigner::Create(Key()).value().Sign(payload);
}

json::object SamplePayload() {
  return json::object{{"iss", "https://auth.example"},
                      {"sub", "u"},
                      {"sid", "s"},
                      {"jti", "j"},
                      {"iat", kNow},
                      {"exp", kNow + 60}};
}

ErrorCode CodeOf(const Result<core::AccessClaims>& r) {
  return r.ok() ? ErrorCode::kInternal : r.error().code;
}

TEST(JwtAccessTokenCodecTest, RoundTrip) {
  auto codec = MakeCodec();
  const std::string token = codec.Encode(SampleClaims());
  const auto decoded = codec.Decode(token, kNow + 10);
  ASSERT_TRUE(decoded) << decoded.error().detail;
  EXPECT_EQ(decoded->iss, "https://auth.example");
  EXPECT_EQ(decoded->sub, "user-1");
  EXPECT_EQ(decoded->sid, "session-1");
  EXPECT_EQ(decoded->jti, "token-1");
  EXPECT_EQ(decoded->role, "user");
  EXPECT_EQ(decoded->iat, kNow);
  EXPECT_EQ(decoded->exp, kNow + 900);
  EXPECT_EQ(decoded->auth_time, kNow - 60);
  EXPECT_EQ(decoded->amr, (std::vector<std::string>{"pwd", "otp"}));
  ASSERT_EQ(decoded->extra.size(), 2u);
  EXPECT_EQ(decoded->cid, "company-7");
  EXPECT_EQ(decoded->extra[0].first, "tenant");
  EXPECT_EQ(decoded->extra[0].second, R"("client-7")");
  EXPECT_EQ(decoded->extra[1].first, "https://hasura.io/jwt/claims");
  EXPECT_EQ(decoded->extra[1].second, R"({"x-hasura-role":"user"})");
}

TEST(JwtAccessTokenCodecTest, PayloadShape) {
  auto codec = MakeCodec();
  const std::string token = codec.Encode(SampleClaims());
  const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  const json::object payload =
      json::parse(*Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1))).as_object();
  EXPECT_EQ(payload.at("iss"), "https://auth.example");
  EXPECT_EQ(payload.at("amr").as_array().size(), 2u);
  EXPECT_EQ(payload.at("exp"), kNow + 900);
  EXPECT_EQ(payload.at("cid"), "company-7");
  EXPECT_EQ(payload.at("tenant"), "client-7");
}

TEST(JwtAccessTokenCodecTest, NoCompanyLeavesCidOut) {
  auto codec = MakeCodec();
  core::AccessClaims claims = SampleClaims();
  claims.cid.clear();
  const std::string token = codec.Encode(claims);
  const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  const json::object payload =
      json::parse(*Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1))).as_object();
  EXPECT_FALSE(payload.contains("cid"));
  EXPECT_EQ(codec.Decode(token, kNow)->cid, "");
}

TEST(JwtAccessTokenCodecTest, ExpiryUsesLeeway) {
  auto codec = MakeCodec(30);
  const std::string token = codec.Encode(SampleClaims());  // exp = kNow + 900
  EXPECT_TRUE(codec.Decode(token, kNow + 900));
  EXPECT_TRUE(codec.Decode(token, kNow + 929));
  EXPECT_EQ(CodeOf(codec.Decode(token, kNow + 930)), ErrorCode::kTokenExpired);
  auto strict = MakeCodec(0);
  EXPECT_EQ(CodeOf(strict.Decode(token, kNow + 900)), ErrorCode::kTokenExpired);
  EXPECT_TRUE(strict.Decode(token, kNow + 899));
}

TEST(JwtAccessTokenCodecTest, FutureIatOrNbfIsInvalid) {
  auto codec = MakeCodec(30);
  const std::string token = codec.Encode(SampleClaims());  // iat = kNow
  EXPECT_TRUE(codec.Decode(token, kNow - 30));
  EXPECT_EQ(CodeOf(codec.Decode(token, kNow - 31)), ErrorCode::kTokenInvalid);
  json::object payload = SamplePayload();
  payload["nbf"] = kNow + 100;
  const std::string nbf_token = SignPayload(json::serialize(payload));
  EXPECT_EQ(CodeOf(codec.Decode(nbf_token, kNow)), ErrorCode::kTokenInvalid);
  EXPECT_TRUE(codec.Decode(nbf_token, kNow + 70));
  payload["nbf"] = "soon";
  EXPECT_EQ(CodeOf(codec.Decode(SignPayload(json::serialize(payload)), kNow)),
            ErrorCode::kTokenInvalid);
}

TEST(JwtAccessTokenCodecTest, ExpiredButOtherwiseInvalidIsInvalid) {
  auto codec = MakeCodec();
  const std::string token = codec.Encode(SampleClaims());
  std::string tampered = token;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(CodeOf(codec.Decode(tampered, kNow + 100000)), ErrorCode::kTokenInvalid);
  json::object payload = SamplePayload();
  payload["iss"] = "https://evil.example";
  EXPECT_EQ(CodeOf(codec.Decode(SignPayload(json::serialize(payload)), kNow + 100000)),
            ErrorCode::kTokenInvalid);
}

TEST(JwtAccessTokenCodecTest, RequiredClaimsAndTypes) {
  auto codec = MakeCodec();
  EXPECT_TRUE(codec.Decode(SignPayload(json::serialize(SamplePayload())), kNow));
  for (const char* name : {"iss", "sub", "sid", "jti", "iat", "exp"}) {
    json::object payload = SamplePayload();
    payload.erase(name);
    EXPECT_EQ(CodeOf(codec.Decode(SignPayload(json::serialize(payload)), kNow)),
              ErrorCode::kTokenInvalid)
        << name;
  }
  const std::vector<std::pair<const char*, json::value>> wrong = {{"sub", 5},
                                                                  {"iat", 1.7e9},
                                                                  {"exp", "1700000060"},
                                                                  {"role", true},
                                                                  {"amr", "pwd"},
                                                                  {"amr", json::array{1}},
                                                                  {"auth_time", 1.5},
                                                                  {"exp", json::value(nullptr)}};
  for (const auto& [name, value] : wrong) {
    json::object payload = SamplePayload();
    payload[name] = value;
    EXPECT_EQ(CodeOf(codec.Decode(SignPayload(json::serialize(payload)), kNow)),
              ErrorCode::kTokenInvalid)
        << name;
  }
  EXPECT_EQ(CodeOf(codec.Decode(SignPayload("[1,2]"), kNow)), ErrorCode::kTokenInvalid);
  EXPECT_EQ(CodeOf(codec.Decode(SignPayload("not json"), kNow)), ErrorCode::kTokenInvalid);
}

TEST(JwtAccessTokenCodecTest, OtherKeyIsInvalid) {
  auto codec = MakeCodec();
  JwtAccessTokenCodec other(JwsSigner::Create(Key('o')).value(),
                            JwsVerifier::Create({Key('o')}).value(), "https://auth.example");
  EXPECT_EQ(CodeOf(codec.Decode(other.Encode(SampleClaims()), kNow)), ErrorCode::kTokenInvalid);
}

TEST(JwtAccessTokenCodecTest, ConfigAndExtrasAreChecked) {
  EXPECT_THROW(MakeCodec(301), std::invalid_argument);
  EXPECT_THROW(MakeCodec(-1), std::invalid_argument);
  EXPECT_NO_THROW(MakeCodec(300));
  auto codec = MakeCodec();
  core::AccessClaims claims = SampleClaims();
  claims.extra = {{"exp", "1"}};
  EXPECT_THROW(codec.Encode(claims), std::invalid_argument);
  claims.extra = {{"tenant", "{not json"}};
  EXPECT_THROW(codec.Encode(claims), std::invalid_argument);
}

TEST(JwtAccessTokenCodecTest, DISABLED_Hs256Timing) {
  auto codec = MakeCodec();
  const std::string token = codec.Encode(SampleClaims());
  constexpr int kRounds = 200000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) ASSERT_TRUE(codec.Decode(token, kNow));
  auto decode = std::chrono::steady_clock::now() - start;
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) ASSERT_FALSE(codec.Encode(SampleClaims()).empty());
  auto encode = std::chrono::steady_clock::now() - start;
  const JwsVerifier verifier = JwsVerifier::Create({Key()}).value();
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) ASSERT_TRUE(verifier.Verify(token));
  auto verify = std::chrono::steady_clock::now() - start;
  auto us = [](auto d) { return std::chrono::duration<double, std::micro>(d).count() / kRounds; };
  std::printf("HS256 JWT: decode %.2f us, encode %.2f us, JWS verify %.2f us\n", us(decode),
              us(encode), us(verify));
}

}  // namespace
}  // namespace portcullis::crypto
