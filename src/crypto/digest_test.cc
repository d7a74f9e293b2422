// Tests for digest.h: FIPS 180 SHA-256 and RFC 4231 HMAC-SHA-256/512 vectors, key caching.
// Mostly single-threaded; one test uses several threads.
#include "crypto/digest.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/hex.h"

namespace portcullis::crypto {
namespace {

std::string Unhex(std::string_view hex) { return HexDecode(hex).value(); }

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

struct Rfc4231Case {
  std::string key;
  std::string data;
  const char* sha256;
  const char* sha512;
};

std::vector<Rfc4231Case> Rfc4231Cases() {
  const std::string aa131(131, '\xaa');
  return {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
       "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
       "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
       "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
       "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
       "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
      {Unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
       "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
       "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
      {aa131, "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
       "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
       "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
      {aa131,
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
       "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
       "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
  };
}

TEST(HmacTest, Rfc4231OneShot) {
  for (const auto& c : Rfc4231Cases()) {
    EXPECT_EQ(HexEncode(HmacSha256(c.key, c.data)), c.sha256);
    EXPECT_EQ(HexEncode(HmacSha512(c.key, c.data)), c.sha512);
  }
}

TEST(HmacTest, Rfc4231ReusedKeys) {
  for (const auto& c : Rfc4231Cases()) {
    const HmacKey k256(HmacHash::kSha256, c.key);
    const HmacKey k512(HmacHash::kSha512, c.key);
    for (int repeat = 0; repeat < 3; ++repeat) {  // the cached context must reset between uses
      EXPECT_EQ(HexEncode(k256.Compute(c.data)), c.sha256);
      EXPECT_EQ(HexEncode(k512.Compute(c.data)), c.sha512);
    }
    EXPECT_TRUE(k256.Verify(c.data, Unhex(c.sha256)));
    EXPECT_TRUE(k512.Verify(c.data, Unhex(c.sha512)));
    EXPECT_FALSE(k256.Verify(c.data + "x", Unhex(c.sha256)));
    EXPECT_FALSE(k256.Verify(c.data, Unhex(c.sha256).substr(0, 31)));
    EXPECT_FALSE(k256.Verify(c.data, Unhex(c.sha512)));
  }
}

TEST(HmacTest, ManyKeysEvictCacheEntriesCorrectly) {
  std::vector<HmacKey> keys;
  for (int i = 0; i < 20; ++i) keys.emplace_back(HmacHash::kSha256, "key-" + std::to_string(i));
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20; ++i) {
      EXPECT_EQ(keys[i].Compute("msg"), HmacSha256("key-" + std::to_string(i), "msg"));
    }
  }
}

TEST(HmacTest, EmptyKeyAndData) {
  const HmacKey key(HmacHash::kSha256, "");
  EXPECT_EQ(key.Compute(""), HmacSha256("", ""));
}

TEST(HmacTest, ConcurrentUseOfOneKey) {
  const HmacKey key(HmacHash::kSha256, "shared secret key material 0123456789");
  const std::string expected = HmacSha256("shared secret key material 0123456789", "payload");
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) mismatches += key.Compute("payload") != expected;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace portcullis::crypto
