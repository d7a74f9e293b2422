// Tests for jws_key.h: JWK/PEM loading, type checks, generation, public JWKs, raw signatures
// against RFC 7515 Appendix A and RFC 8037 Appendix A. Single-threaded.
#include "crypto/jws_key.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/base64url.h"
#include "crypto/jws_test_vectors.h"

namespace portcullis::crypto {
namespace {

using namespace testing;  // NOLINT: the vector constants
namespace json = boost::json;

std::string A2PrivateJwk() {
  return std::string(R"({"kty":"RSA","kid":"2010-12-29","n":")") + kA2N + "\"," + kA2PrivateJwkTail;
}
std::string A3PrivateJwk() {
  return std::string(R"({"kty":"EC","crv":"P-256","x":")") + kA3X + R"(","y":")" + kA3Y +
         R"(","d":")" + kA3D + "\"}";
}
std::string EdPrivateJwk() {
  return std::string(R"({"kty":"OKP","crv":"Ed25519","d":")") + kEdD + R"(","x":")" + kEdX + "\"}";
}
std::string Unb64(std::string_view s) { return Base64UrlDecode(s).value(); }

TEST(JwsAlgorithmTest, NamesAreExact) {
  EXPECT_EQ(JwsAlgorithmFromName("HS256"), JwsAlgorithm::kHs256);
  EXPECT_EQ(JwsAlgorithmFromName("EdDSA"), JwsAlgorithm::kEdDsa);
  EXPECT_FALSE(JwsAlgorithmFromName("none"));
  EXPECT_FALSE(JwsAlgorithmFromName("hs256"));
  EXPECT_FALSE(JwsAlgorithmFromName("HS384"));
  EXPECT_EQ(JwsAlgorithmName(JwsAlgorithm::kEs256), "ES256");
}

TEST(JwsKeyTest, HmacSecretMinimumLength) {
  EXPECT_FALSE(JwsKey::FromHmacSecret("k", JwsAlgorithm::kHs256, std::string(31, 'x')));
  EXPECT_FALSE(JwsKey::FromHmacSecret("k", JwsAlgorithm::kHs512, std::string(31, 'x')));
  EXPECT_TRUE(JwsKey::FromHmacSecret("k", JwsAlgorithm::kHs256, std::string(32, 'x')));
  EXPECT_TRUE(JwsKey::FromHmacSecret("k", JwsAlgorithm::kHs512, std::string(32, 'x')));
  EXPECT_FALSE(JwsKey::FromHmacSecret("k", JwsAlgorithm::kRs256, std::string(64, 'x')));
  const auto key = JwsKey::FromHmacSecret("k", JwsAlgorithm::kHs256, std::string(32, 'x'));
  EXPECT_FALSE(key->PublicJwk());
  EXPECT_TRUE(key->can_sign());
}

TEST(JwsKeyTest, Rfc7515A1HmacKeyFromJwk) {
  auto key = JwsKey::FromJwk(kA1Jwk, JwsAlgorithm::kHs256);
  ASSERT_TRUE(key) << key.error().detail;
  const std::string_view token = kA1Token;
  const std::size_t dot2 = token.rfind('.');
  EXPECT_EQ(Base64UrlEncode(key->Sign(token.substr(0, dot2))), token.substr(dot2 + 1));
  EXPECT_FALSE(JwsKey::FromJwk(kA1Jwk));  // oct needs an algorithm
}

TEST(JwsKeyTest, Rfc7515A2RsaSignIsReproducedExactly) {
  auto key = JwsKey::FromJwk(A2PrivateJwk());
  ASSERT_TRUE(key) << key.error().detail;
  EXPECT_EQ(key->algorithm(), JwsAlgorithm::kRs256);
  EXPECT_EQ(key->kid(), "2010-12-29");
  EXPECT_EQ(Base64UrlEncode(key->Sign(kA2SigningInput)), kA2Signature);
  EXPECT_TRUE(key->Verify(kA2SigningInput, Unb64(kA2Signature)));
}

TEST(JwsKeyTest, Rfc7515A2PublicKeyVerifiesAndExportsJwk) {
  auto key = JwsKey::FromJwk(std::string(R"({"kty":"RSA","n":")") + kA2N + R"(","e":"AQAB"})");
  ASSERT_TRUE(key) << key.error().detail;
  EXPECT_FALSE(key->can_sign());
  EXPECT_TRUE(key->Verify(kA2SigningInput, Unb64(kA2Signature)));
  std::string bad = Unb64(kA2Signature);
  bad[10] ^= 1;
  EXPECT_FALSE(key->Verify(kA2SigningInput, bad));
  EXPECT_FALSE(key->Verify(kA2SigningInput, bad.substr(1)));
  const json::object jwk = json::parse(*key->PublicJwk()).as_object();
  EXPECT_EQ(jwk.at("kty"), "RSA");
  EXPECT_EQ(jwk.at("n"), kA2N);
  EXPECT_EQ(jwk.at("e"), "AQAB");
  EXPECT_EQ(jwk.at("alg"), "RS256");
  EXPECT_EQ(jwk.at("use"), "sig");
  EXPECT_FALSE(jwk.contains("d"));
}

TEST(JwsKeyTest, Rfc7515A3EcdsaVerifiesAndRoundTrips) {
  auto key = JwsKey::FromJwk(A3PrivateJwk());
  ASSERT_TRUE(key) << key.error().detail;
  EXPECT_TRUE(key->Verify(kA3SigningInput, Unb64(kA3LowSSignature)));
  const std::string sig = key->Sign("hello");
  EXPECT_EQ(sig.size(), 64u);  // raw r || s, not DER
  EXPECT_TRUE(key->Verify("hello", sig));
  EXPECT_FALSE(key->Verify("hellO", sig));
  EXPECT_FALSE(key->Verify("hello", std::string(64, '\0')));
  const json::object jwk = json::parse(*key->PublicJwk()).as_object();
  EXPECT_EQ(jwk.at("kty"), "EC");
  EXPECT_EQ(jwk.at("crv"), "P-256");
  EXPECT_EQ(jwk.at("x"), kA3X);
  EXPECT_EQ(jwk.at("y"), kA3Y);
}

// n − s of a fixed-width big-endian s, computed apart from the key's own code (schoolbook
// subtraction from the SEC 2 order).
std::string P256Negate(const std::string& s) {
  static const std::string kOrder = Unb64("_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE");
  std::string out(32, '\0');
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = static_cast<unsigned char>(kOrder[i]) - static_cast<unsigned char>(s[i]) - borrow;
    borrow = d < 0;
    out[i] = static_cast<char>(d + 256 * borrow);
  }
  return out;
}

TEST(JwsKeyTest, EcdsaHighSIsRejectedAndSigningIsLowS) {
  auto key = JwsKey::FromJwk(A3PrivateJwk());
  ASSERT_TRUE(key) << key.error().detail;
  // ⌊n/2⌋: a low s is at most this.
  const std::string half = Unb64("f____4AAAAB__________95zfVbTi89CedzlYX4xkqg");
  for (int i = 0; i < 64; ++i) {
    const std::string input = "message " + std::to_string(i);
    const std::string sig = key->Sign(input);
    const std::string r = sig.substr(0, 32);
    const std::string s = sig.substr(32);
    EXPECT_LE(s, half) << "signature " << i << " has a high s";
    ASSERT_TRUE(key->Verify(input, sig));
    // The same signature with s replaced by n − s is valid ECDSA, and refused here.
    const std::string twin = r + P256Negate(s);
    EXPECT_GT(twin.substr(32), half);
    EXPECT_FALSE(key->Verify(input, twin));
  }
  // RFC 7515 A.3's signature has a high s: refused; its low twin verifies.
  const std::string a3 = Unb64(kA3Signature);
  EXPECT_GT(a3.substr(32), half);
  EXPECT_FALSE(key->Verify(kA3SigningInput, a3));
  EXPECT_EQ(a3.substr(0, 32) + P256Negate(a3.substr(32)), Unb64(kA3LowSSignature));
  EXPECT_TRUE(key->Verify(kA3SigningInput, Unb64(kA3LowSSignature)));
}

TEST(JwsKeyTest, EcPointNotOnCurveIsRejected) {
  std::string y = Unb64(kA3Y);
  y[31] ^= 1;
  EXPECT_FALSE(JwsKey::FromJwk(std::string(R"({"kty":"EC","crv":"P-256","x":")") + kA3X +
                               R"(","y":")" + Base64UrlEncode(y) + "\"}"));
}

TEST(JwsKeyTest, Rfc8037Ed25519SignIsReproducedExactly) {
  auto key = JwsKey::FromJwk(EdPrivateJwk());
  ASSERT_TRUE(key) << key.error().detail;
  EXPECT_EQ(Base64UrlEncode(key->Sign(kEdSigningInput)), kEdSignature);
  auto pub = JwsKey::FromJwk(std::string(R"({"kty":"OKP","crv":"Ed25519","x":")") + kEdX + "\"}");
  ASSERT_TRUE(pub);
  EXPECT_TRUE(pub->Verify(kEdSigningInput, Unb64(kEdSignature)));
  EXPECT_FALSE(
      pub->Verify("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmX", Unb64(kEdSignature)));
  const json::object jwk = json::parse(*pub->PublicJwk()).as_object();
  EXPECT_EQ(jwk.at("kty"), "OKP");
  EXPECT_EQ(jwk.at("crv"), "Ed25519");
  EXPECT_EQ(jwk.at("x"), kEdX);
}

TEST(JwsKeyTest, Ed25519SignatureWithSAtLeastLIsRejected) {
  auto pub = JwsKey::FromJwk(std::string(R"({"kty":"OKP","crv":"Ed25519","x":")") + kEdX + "\"}");
  ASSERT_TRUE(pub);
  const std::string sig = Unb64(kEdSignature);
  // S is little-endian in the second half; S + L verifies the same equation and must be refused
  // (RFC 8032 §5.1.7). L = 2^252 + 27742317777372353535851937790883648493.
  const unsigned char kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  std::string twin = sig;
  int carry = 0;
  for (int i = 0; i < 32; ++i) {
    int d = static_cast<unsigned char>(sig[32 + i]) + kL[i] + carry;
    twin[32 + i] = static_cast<char>(d & 0xff);
    carry = d >> 8;
  }
  ASSERT_EQ(carry, 0);  // S + L still fits 256 bits (S < L < 2^253)
  EXPECT_TRUE(pub->Verify(kEdSigningInput, sig));
  EXPECT_FALSE(pub->Verify(kEdSigningInput, twin));
}

TEST(JwsKeyTest, Ed25519MismatchedXIsRejected) {
  std::string x = Unb64(kEdX);
  x[0] ^= 1;
  EXPECT_FALSE(JwsKey::FromJwk(std::string(R"({"kty":"OKP","crv":"Ed25519","d":")") + kEdD +
                               R"(","x":")" + Base64UrlEncode(x) + "\"}"));
}

TEST(JwsKeyTest, PemLoadingChecksKeyType) {
  auto priv = JwsKey::FromPrivatePem("ed", JwsAlgorithm::kEdDsa, kEdPrivatePem);
  ASSERT_TRUE(priv) << priv.error().detail;
  EXPECT_EQ(Base64UrlEncode(priv->Sign(kEdSigningInput)), kEdSignature);
  auto pub = JwsKey::FromPublicPem("ed", JwsAlgorithm::kEdDsa, kEdPublicPem);
  ASSERT_TRUE(pub);
  EXPECT_TRUE(pub->Verify(kEdSigningInput, Unb64(kEdSignature)));
  EXPECT_FALSE(JwsKey::FromPrivatePem("ed", JwsAlgorithm::kEs256, kEdPrivatePem));
  EXPECT_FALSE(JwsKey::FromPrivatePem("ed", JwsAlgorithm::kRs256, kEdPrivatePem));
  EXPECT_FALSE(JwsKey::FromPrivatePem("ed", JwsAlgorithm::kHs256, kEdPrivatePem));
  EXPECT_FALSE(JwsKey::FromPrivatePem("ed", JwsAlgorithm::kEdDsa, kEdPublicPem));
  EXPECT_FALSE(JwsKey::FromPrivatePem("ed", JwsAlgorithm::kEdDsa, "not a pem"));
  EXPECT_FALSE(JwsKey::FromPublicPem("ed", JwsAlgorithm::kEdDsa, "-----BEGIN PUBLIC KEY-----\n"));
}

TEST(JwsKeyTest, EncryptedPemIsRejectedWithoutPrompting) {
  constexpr char kEncrypted[] =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
      "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiFyn+3Yda7AQICCAAw\n"
      "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEJUt+59EUFBtdWPJFrB7x/0EQEa4\n"
      "8T3zB+acnYX2iwKTSUNOpuo7lQmmW1vDyVq34D0MF3VZWLbmjBzaoGAtjWDqYrlQ\n"
      "wMmyvmF0LtBXLlp2bJA=\n"
      "-----END ENCRYPTED PRIVATE KEY-----\n";
  EXPECT_FALSE(JwsKey::FromPrivatePem("enc", JwsAlgorithm::kEdDsa, kEncrypted));
}

TEST(JwsKeyTest, GeneratedPemsLoadAndSign) {
  for (JwsAlgorithm alg : {JwsAlgorithm::kEs256, JwsAlgorithm::kEdDsa, JwsAlgorithm::kRs256}) {
    auto pem = JwsKey::GeneratePrivatePem(alg);
    ASSERT_TRUE(pem);
    EXPECT_EQ(pem->view().substr(0, 27), "-----BEGIN PRIVATE KEY-----");
    auto key = JwsKey::FromPrivatePem("gen", alg, pem->view());
    ASSERT_TRUE(key) << key.error().detail;
    EXPECT_TRUE(key->Verify("input", key->Sign("input")));
    auto from_jwk = JwsKey::FromJwk(*key->PublicJwk());
    ASSERT_TRUE(from_jwk) << from_jwk.error().detail;
    EXPECT_EQ(from_jwk->kid(), "gen");
    EXPECT_TRUE(from_jwk->Verify("input", key->Sign("input")));
  }
  EXPECT_FALSE(JwsKey::GeneratePrivatePem(JwsAlgorithm::kHs256));
}

TEST(JwsKeyTest, MalformedJwksAreRejected) {
  EXPECT_FALSE(JwsKey::FromJwk("not json"));
  EXPECT_FALSE(JwsKey::FromJwk("[]"));
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"RSA","n":"AQAB"})"));
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"RSA","n":"AQAB=","e":"AQAB"})"));
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"EC","crv":"P-384","x":"AA","y":"AA"})"));
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"oct","k":"AAAA"})", JwsAlgorithm::kHs256));
  EXPECT_FALSE(JwsKey::FromJwk(kA1Jwk, JwsAlgorithm::kRs256));
  EXPECT_FALSE(JwsKey::FromJwk(A3PrivateJwk(), JwsAlgorithm::kEdDsa));
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"OKP","crv":"Ed25519","x":")" + std::string(kEdX) +
                               R"(","alg":"none"})"));
  // A private RSA JWK without the CRT parameters.
  EXPECT_FALSE(
      JwsKey::FromJwk(std::string(R"({"kty":"RSA","n":")") + kA2N + R"(","e":"AQAB","d":"AQAB"})"));
}

TEST(JwsKeyTest, SignOnPublicKeyIsAProgrammingError) {
  auto pub = JwsKey::FromPublicPem("ed", JwsAlgorithm::kEdDsa, kEdPublicPem);
  ASSERT_TRUE(pub);
  EXPECT_THROW((void)pub->Sign("x"), std::logic_error);
}

}  // namespace
}  // namespace portcullis::crypto
