// Tests for aead.h: round trip, tampering, associated data, key ids and rotation.
// Single-threaded.
#include "crypto/aead.h"

#include <gtest/gtest.h>

#include "crypto/base64url.h"

namespace portcullis::crypto {
namespace {

AeadKey Key(std::string kid, char fill) {
  return {std::move(kid), SecretBytes(std::string(32, fill))};
}

ErrorCode CodeOf(const Result<SecretBytes>& r) {
  return r.ok() ? ErrorCode::kInternal : r.error().code;
}

TEST(AeadTest, RoundTrip) {
  const Aead aead = Aead::Create({Key("k1", 'a')}, "k1").value();
  for (std::string_view plaintext :
       {std::string_view(""), std::string_view("totp secret"), std::string_view("\0\1\2", 3)}) {
    const std::string sealed = aead.Seal(plaintext, "user:42");
    EXPECT_EQ(sealed.rfind("v1.k1.", 0), 0u) << sealed;
    EXPECT_EQ(sealed.find(plaintext.empty() ? "~" : plaintext), std::string::npos);
    const auto opened = aead.Open(sealed, "user:42");
    ASSERT_TRUE(opened) << opened.error().detail;
    EXPECT_EQ(opened->view(), plaintext);
  }
  EXPECT_NE(aead.Seal("x", ""), aead.Seal("x", ""));  // random nonces
}

TEST(AeadTest, TamperingFails) {
  const Aead aead = Aead::Create({Key("k1", 'a')}, "k1").value();
  const std::string sealed = aead.Seal("secret", "ad");
  const std::size_t body_at = sealed.rfind('.') + 1;
  std::string body = *Base64UrlDecode(sealed.substr(body_at));
  for (std::size_t i : {std::size_t{0}, std::size_t{24}, body.size() - 1}) {  // nonce, ct, tag
    std::string flipped = body;
    flipped[i] ^= 1;
    EXPECT_EQ(CodeOf(aead.Open(sealed.substr(0, body_at) + Base64UrlEncode(flipped), "ad")),
              ErrorCode::kUnauthorized);
  }
  EXPECT_EQ(CodeOf(aead.Open(sealed.substr(0, body_at) + Base64UrlEncode(body.substr(1)), "ad")),
            ErrorCode::kUnauthorized);  // truncated
  EXPECT_FALSE(aead.Open(sealed.substr(0, sealed.size() - 4), "ad"));
}

TEST(AeadTest, WrongAssociatedDataFails) {
  const Aead aead = Aead::Create({Key("k1", 'a')}, "k1").value();
  const std::string sealed = aead.Seal("secret", "user:42");
  EXPECT_EQ(CodeOf(aead.Open(sealed, "user:43")), ErrorCode::kUnauthorized);
  EXPECT_EQ(CodeOf(aead.Open(sealed, "")), ErrorCode::kUnauthorized);
}

TEST(AeadTest, UnknownKidAndMalformedValues) {
  const Aead aead = Aead::Create({Key("k1", 'a')}, "k1").value();
  const Aead other = Aead::Create({Key("k2", 'a')}, "k2").value();
  EXPECT_EQ(CodeOf(aead.Open(other.Seal("secret", ""), "")), ErrorCode::kInvalidRequest);
  const std::string sealed = aead.Seal("secret", "");
  EXPECT_EQ(CodeOf(aead.Open("v2" + sealed.substr(2), "")), ErrorCode::kInvalidRequest);
  EXPECT_EQ(CodeOf(aead.Open("v1.k1", "")), ErrorCode::kInvalidRequest);
  EXPECT_EQ(CodeOf(aead.Open("v1.k1.AAAA", "")), ErrorCode::kInvalidRequest);
  EXPECT_EQ(CodeOf(aead.Open(sealed + "=", "")), ErrorCode::kInvalidRequest);
  EXPECT_EQ(CodeOf(aead.Open("", "")), ErrorCode::kInvalidRequest);
  // The kid is authenticated: relabelling a value for another key with the same bytes fails.
  const Aead twins = Aead::Create({Key("k1", 'a'), Key("k2", 'a')}, "k1").value();
  const std::string relabelled = "v1.k2." + sealed.substr(6);
  EXPECT_EQ(CodeOf(twins.Open(relabelled, "")), ErrorCode::kUnauthorized);
}

TEST(AeadTest, RotationOpensOldValues) {
  const Aead before = Aead::Create({Key("2024", 'a')}, "2024").value();
  const std::string old_value = before.Seal("secret", "ad");
  const Aead after = Aead::Create({Key("2024", 'a'), Key("2025", 'b')}, "2025").value();
  EXPECT_EQ(after.Open(old_value, "ad")->view(), "secret");
  const std::string new_value = after.Seal("secret", "ad");
  EXPECT_EQ(new_value.rfind("v1.2025.", 0), 0u);
  EXPECT_EQ(after.Open(new_value, "ad")->view(), "secret");
  EXPECT_EQ(CodeOf(before.Open(new_value, "ad")), ErrorCode::kInvalidRequest);
}

TEST(AeadTest, CreateValidatesKeys) {
  EXPECT_FALSE(Aead::Create({}, "k"));
  EXPECT_FALSE(Aead::Create({Key("k1", 'a')}, "k2"));
  EXPECT_FALSE(Aead::Create({Key("k1", 'a'), Key("k1", 'b')}, "k1"));
  EXPECT_FALSE(Aead::Create({Key("k.1", 'a')}, "k.1"));
  EXPECT_FALSE(Aead::Create({Key("", 'a')}, ""));
  EXPECT_FALSE(Aead::Create({{"k1", SecretBytes(std::string(16, 'a'))}}, "k1"));
  EXPECT_EQ(Aead::GenerateKey().size(), Aead::kKeySize);
  EXPECT_FALSE(Aead::GenerateKey() == Aead::GenerateKey());
}

}  // namespace
}  // namespace portcullis::crypto
