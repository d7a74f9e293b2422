// Tests for jws.h: RFC 7515/8037 tokens, signer header, strictness (tampering, alg none, confusion,
// non-canonical base64url, kid, crit). Single-threaded.
#include "crypto/jws.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/base64url.h"
#include "crypto/jws_test_vectors.h"

namespace portcullis::crypto {
namespace {

using namespace testing;  // NOLINT: the vector constants
namespace json = boost::json;

JwsKey Hs256(std::string kid, char fill = 's') {
  return JwsKey::FromHmacSecret(std::move(kid), JwsAlgorithm::kHs256, std::string(32, fill))
      .value();
}
JwsKey EdPrivate(std::string kid) {
  return JwsKey::FromPrivatePem(std::move(kid), JwsAlgorithm::kEdDsa, kEdPrivatePem).value();
}
JwsVerifier VerifierOf(std::vector<JwsKey> keys) {
  return JwsVerifier::Create(std::move(keys)).value();
}
JwsSigner SignerOf(JwsKey key) { return JwsSigner::Create(std::move(key)).value(); }

// header.payload.signature with an arbitrary header, signed by `key`.
std::string SignWithHeader(const JwsKey& key, std::string_view header, std::string_view payload) {
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(key.Sign(input));
}

ErrorCode CodeOf(const Result<std::string>& r) {
  return r.ok() ? ErrorCode::kInternal : r.error().code;
}

TEST(JwsVerifierTest, Rfc7515A1Hs256) {
  const auto verifier = VerifierOf({JwsKey::FromJwk(kA1Jwk, JwsAlgorithm::kHs256).value()});
  const auto payload = verifier.Verify(kA1Token);
  ASSERT_TRUE(payload) << payload.error().detail;
  EXPECT_EQ(*payload, kRfc7515PayloadJson);
}

TEST(JwsVerifierTest, Rfc7515A2Rs256) {
  auto key = JwsKey::FromJwk(std::string(R"({"kty":"RSA","n":")") + kA2N + R"(","e":"AQAB"})");
  const auto verifier = VerifierOf({key.value()});
  EXPECT_EQ(*verifier.Verify(std::string(kA2SigningInput) + "." + kA2Signature),
            kRfc7515PayloadJson);
}

TEST(JwsVerifierTest, Rfc7515A3Es256) {
  auto key = JwsKey::FromJwk(std::string(R"({"kty":"EC","crv":"P-256","x":")") + kA3X +
                             R"(","y":")" + kA3Y + "\"}");
  const auto verifier = VerifierOf({key.value()});
  EXPECT_EQ(*verifier.Verify(std::string(kA3SigningInput) + "." + kA3LowSSignature),
            kRfc7515PayloadJson);
  // The RFC's own (high-s) form of the same signature is a second string for the same token.
  const auto high = verifier.Verify(std::string(kA3SigningInput) + "." + kA3Signature);
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().code, ErrorCode::kTokenInvalid);
}

TEST(JwsVerifierTest, Rfc8037Ed25519) {
  const auto verifier =
      VerifierOf({JwsKey::FromPublicPem("", JwsAlgorithm::kEdDsa, kEdPublicPem).value()});
  EXPECT_EQ(*verifier.Verify(std::string(kEdSigningInput) + "." + kEdSignature),
            "Example of Ed25519 signing");
}

TEST(JwsSignerTest, WritesProtectedHeaderAndRoundTrips) {
  for (JwsKey key :
       {Hs256("k1"), EdPrivate("k1"),
        JwsKey::FromHmacSecret("k1", JwsAlgorithm::kHs512, std::string(64, 'z')).value(),
        JwsKey::FromPrivatePem("k1", JwsAlgorithm::kEs256,
                               JwsKey::GeneratePrivatePem(JwsAlgorithm::kEs256)->view())
            .value()}) {
    const auto signer = SignerOf(key);
    const std::string token = signer.Sign(R"({"sub":"u"})");
    const std::string header = *Base64UrlDecode(token.substr(0, token.find('.')));
    EXPECT_EQ(header, std::string(R"({"alg":")") + std::string(JwsAlgorithmName(key.algorithm())) +
                          R"(","typ":"JWT","kid":"k1"})");
    EXPECT_EQ(*VerifierOf({key}).Verify(token), R"({"sub":"u"})");
  }
}

TEST(JwsSignerTest, OmitsEmptyKidAndNeedsPrivateKey) {
  const std::string token = SignerOf(Hs256("")).Sign("{}");
  EXPECT_EQ(*Base64UrlDecode(token.substr(0, token.find('.'))), R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_FALSE(
      JwsSigner::Create(JwsKey::FromPublicPem("p", JwsAlgorithm::kEdDsa, kEdPublicPem).value()));
}

TEST(JwsVerifierTest, TamperedPayloadFails) {
  const std::string token = SignerOf(Hs256("k")).Sign(R"({"role":"user"})");
  const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  const std::string forged =
      token.substr(0, dot1 + 1) + Base64UrlEncode(R"({"role":"admin"})") + token.substr(dot2);
  EXPECT_EQ(CodeOf(VerifierOf({Hs256("k")}).Verify(forged)), ErrorCode::kTokenInvalid);
  EXPECT_EQ(CodeOf(VerifierOf({Hs256("k", 't')}).Verify(token)), ErrorCode::kTokenInvalid);
}

TEST(JwsVerifierTest, AlgNoneFails) {
  const auto verifier = VerifierOf({Hs256("k")});
  const std::string unsigned_token =
      Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + Base64UrlEncode("{}") + ".";
  EXPECT_FALSE(verifier.Verify(unsigned_token));
  EXPECT_FALSE(verifier.Verify(unsigned_token + "AAAA"));
  EXPECT_FALSE(verifier.Verify(Base64UrlEncode(R"({"alg":"None"})") + "." + Base64UrlEncode("{}") +
                               ".AAAA"));
}

TEST(JwsVerifierTest, AlgorithmConfusionFails) {
  // An HS256 token keyed with the public key's own bytes must not pass an Ed25519 verifier.
  const auto ed_verifier =
      VerifierOf({JwsKey::FromPublicPem("ed", JwsAlgorithm::kEdDsa, kEdPublicPem).value()});
  for (std::string secret : {std::string(kEdPublicPem), *Base64UrlDecode(kEdX), std::string(kEdX),
                             *EdPrivate("ed").PublicJwk()}) {
    secret.resize(std::max<std::size_t>(secret.size(), 32), '\0');
    const JwsKey hmac = JwsKey::FromHmacSecret("ed", JwsAlgorithm::kHs256, secret).value();
    EXPECT_FALSE(ed_verifier.Verify(SignerOf(hmac).Sign("{}")));
    EXPECT_FALSE(ed_verifier.Verify(SignWithHeader(hmac, R"({"alg":"HS256"})", "{}")));
  }
  // An EdDSA token does not pass an HS256 verifier, nor a token whose header claims another alg.
  const auto hs_verifier = VerifierOf({Hs256("k")});
  EXPECT_FALSE(hs_verifier.Verify(SignerOf(EdPrivate("k")).Sign("{}")));
  EXPECT_FALSE(
      hs_verifier.Verify(SignWithHeader(Hs256("k"), R"({"alg":"HS512","kid":"k"})", "{}")));
  EXPECT_FALSE(ed_verifier.Verify(SignWithHeader(EdPrivate("ed"), R"({"alg":"ES256"})", "{}")));
}

TEST(JwsVerifierTest, NonCanonicalBase64Fails) {
  const auto verifier = VerifierOf({JwsKey::FromJwk(kA1Jwk, JwsAlgorithm::kHs256).value()});
  std::string token = kA1Token;
  ASSERT_EQ(token.back(), 'k');  // 32-byte MAC: the last character carries 2 unused bits
  EXPECT_TRUE(verifier.Verify(token));
  EXPECT_FALSE(verifier.Verify(token.substr(0, token.size() - 1) + "l"));  // same bytes, bit set
  EXPECT_FALSE(verifier.Verify(token + "="));
  EXPECT_FALSE(verifier.Verify(token + "AAAA"));
  std::string std_alphabet = token;
  std_alphabet[std_alphabet.rfind('-')] = '+';
  EXPECT_FALSE(verifier.Verify(std_alphabet));
  // Non-canonical header and payload segments.
  std::string spaced(1, ' ');
  spaced += SignWithHeader(Hs256("k"), R"({"alg":"HS256"})", "{}");
  EXPECT_FALSE(VerifierOf({Hs256("k")}).Verify(spaced));
}

TEST(JwsVerifierTest, KidSelectsKeyAndMismatchFails) {
  const JwsKey old_key = Hs256("2024", 'a');
  const JwsKey new_key = Hs256("2025", 'b');
  const auto verifier = VerifierOf({old_key, new_key, EdPrivate("ed")});
  EXPECT_TRUE(verifier.Verify(SignerOf(old_key).Sign("{}")));
  EXPECT_TRUE(verifier.Verify(SignerOf(new_key).Sign("{}")));
  EXPECT_TRUE(verifier.Verify(SignerOf(EdPrivate("ed")).Sign("{}")));
  // Right key material, wrong kid: only the named key is tried.
  EXPECT_FALSE(verifier.Verify(SignWithHeader(old_key, R"({"alg":"HS256","kid":"2025"})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(old_key, R"({"alg":"HS256","kid":"2026"})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(old_key, R"({"alg":"HS256","kid":7})", "{}")));
  // Without a kid, every key of the algorithm is tried.
  EXPECT_TRUE(verifier.Verify(SignWithHeader(new_key, R"({"alg":"HS256"})", "{}")));
}

TEST(JwsVerifierTest, HeaderRules) {
  const JwsKey key = Hs256("k");
  const auto verifier = VerifierOf({key});
  EXPECT_TRUE(verifier.Verify(SignWithHeader(key, R"({"alg":"HS256","kid":"k","x":1})", "{}")));
  EXPECT_FALSE(
      verifier.Verify(SignWithHeader(key, R"({"alg":"HS256","crit":["exp"],"exp":1})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"({"alg":"HS256","crit":[]})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"(["alg","HS256"])", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"({"alg":["HS256"]})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"({"typ":"JWT"})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"({"alg":"HS256","typ":5})", "{}")));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"({"alg":"HS256"} x)", "{}")));
}

TEST(JwsVerifierTest, StructureRules) {
  const JwsKey key = Hs256("k");
  const auto verifier = VerifierOf({key});
  const std::string good = SignerOf(key).Sign("{}");
  EXPECT_TRUE(verifier.Verify(good));
  EXPECT_FALSE(verifier.Verify(""));
  EXPECT_FALSE(verifier.Verify(good.substr(0, good.rfind('.'))));
  EXPECT_FALSE(verifier.Verify(good + ".x"));
  EXPECT_FALSE(verifier.Verify(good + "."));
  EXPECT_FALSE(verifier.Verify(".."));
  EXPECT_FALSE(verifier.Verify(SignWithHeader(key, R"({"alg":"HS256"})", "")));  // empty payload
  EXPECT_FALSE(verifier.Verify(SignerOf(key).Sign(std::string(JwsVerifier::kMaxTokenSize, 'x'))));
}

TEST(JwsVerifierTest, CreateRejectsEmptyAndDuplicateKids) {
  EXPECT_FALSE(JwsVerifier::Create({}));
  EXPECT_FALSE(JwsVerifier::Create({Hs256("a"), Hs256("a", 'b')}));
}

TEST(JwsVerifierTest, JwksListsOnlyPublicKeys) {
  EXPECT_EQ(VerifierOf({Hs256("k")}).JwksJson(), R"({"keys":[]})");
  const auto verifier = VerifierOf(
      {Hs256("k"), EdPrivate("ed"),
       JwsKey::FromJwk(std::string(R"({"kty":"RSA","kid":"rsa","n":")") + kA2N + R"(","e":"AQAB"})")
           .value()});
  const json::value doc = json::parse(verifier.JwksJson());
  const json::array& keys = doc.at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].at("kid"), "ed");
  EXPECT_EQ(keys[0].at("x"), kEdX);
  EXPECT_EQ(keys[0].at("alg"), "EdDSA");
  EXPECT_EQ(keys[1].at("kid"), "rsa");
  EXPECT_EQ(keys[1].at("kty"), "RSA");
  EXPECT_FALSE(keys[0].as_object().contains("d"));
}

}  // namespace
}  // namespace portcullis::crypto
