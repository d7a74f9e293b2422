// Tests for argon2_core.h: the RFC 9106 section 5.3 Argon2id vector, buffer reuse, PHC parsing.
// Single-threaded.
#include "crypto/argon2_core.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace portcullis::crypto {
namespace {

Argon2idInput Rfc9106Input(const std::string& pwd, const std::string& salt,
                           const std::string& secret, const std::string& ad) {
  return {.password = pwd,
          .salt = salt,
          .secret = secret,
          .associated_data = ad,
          .m_cost_kib = 32,
          .t_cost = 3,
          .parallelism = 4,
          .hash_len = 32};
}

constexpr char kRfc9106Tag[] = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";

TEST(Argon2CoreTest, Rfc9106Argon2idVector) {
  const std::string pwd(32, '\x01'), salt(16, '\x02'), secret(8, '\x03'), ad(12, '\x04');
  const auto tag = Argon2idRaw(Rfc9106Input(pwd, salt, secret, ad));
  ASSERT_TRUE(tag) << tag.error().detail;
  EXPECT_EQ(HexEncode(*tag), kRfc9106Tag);
}

TEST(Argon2CoreTest, BoundBufferIsReusedAndGivesTheSameResult) {
  const std::string pwd(32, '\x01'), salt(16, '\x02'), secret(8, '\x03'), ad(12, '\x04');
  Argon2Buffer buffer;
  EXPECT_EQ(buffer.capacity(), 0u);
  {
    ScopedArgon2Buffer bind(buffer);
    EXPECT_EQ(HexEncode(*Argon2idRaw(Rfc9106Input(pwd, salt, secret, ad))), kRfc9106Tag);
    EXPECT_EQ(buffer.capacity(), 32u * 1024);
    Argon2idInput bigger{.password = "pw", .salt = salt, .m_cost_kib = 64, .t_cost = 1};
    const auto a = Argon2idRaw(bigger);
    EXPECT_EQ(buffer.capacity(), 64u * 1024);
    EXPECT_EQ(HexEncode(*Argon2idRaw(Rfc9106Input(pwd, salt, secret, ad))), kRfc9106Tag);
    EXPECT_EQ(buffer.capacity(), 64u * 1024);  // kept, not shrunk
    const auto b = Argon2idRaw(bigger);
    EXPECT_EQ(*a, *b);
  }
}

TEST(Argon2CoreTest, RejectsBadParameters) {
  EXPECT_FALSE(Argon2idRaw({.password = "pw", .salt = "short", .m_cost_kib = 64, .t_cost = 1}));
  EXPECT_FALSE(Argon2idRaw({.password = "pw", .salt = "saltsalt", .m_cost_kib = 64, .t_cost = 0}));
  EXPECT_FALSE(Argon2idRaw(
      {.password = "pw", .salt = "saltsalt", .m_cost_kib = 8, .t_cost = 1, .parallelism = 4}));
}

TEST(Argon2CoreTest, PhcRoundTrip) {
  const Argon2idPhc phc{19456, 2, 1, std::string(16, 's'), std::string(32, 'h')};
  const std::string encoded = EncodeArgon2idPhc(phc);
  EXPECT_EQ(encoded,
            "$argon2id$v=19$m=19456,t=2,p=1$c3Nzc3Nzc3Nzc3Nzc3Nzcw$"
            "aGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGg");
  const auto parsed = ParseArgon2idPhc(encoded);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->m_cost_kib, 19456u);
  EXPECT_EQ(parsed->t_cost, 2u);
  EXPECT_EQ(parsed->parallelism, 1u);
  EXPECT_EQ(parsed->salt, phc.salt);
  EXPECT_EQ(parsed->hash, phc.hash);
}

TEST(Argon2CoreTest, PhcParserIsStrict) {
  const std::string good = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  EXPECT_TRUE(ParseArgon2idPhc(good));
  for (const char* bad : {
           "",
           "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2d$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=19$m=064,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=19$m=-64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=19$t=1,m=64,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=19$m=64,t=1,p=1,x=2$c2FsdHNhbHQ$aGFzaGhhc2g",
           "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ=$aGFzaGhhc2g",
           "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHR$aGFzaGhhc2g",  // unused bits set
           "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaGhhc2g",       // salt < 8 bytes
           "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGE",          // hash < 4 bytes
           "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g$",
           "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ",
           "$argon2id$v=19$m=,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
       }) {
    EXPECT_FALSE(ParseArgon2idPhc(bad)) << bad;
  }
}

}  // namespace
}  // namespace portcullis::crypto
