// Tests for random.h.
// Single-threaded except where noted.
#include "crypto/random.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "common/uuid.h"

namespace portcullis::crypto {
namespace {

class FixedRandom final : public Random {
 public:
  std::string Bytes(std::size_t count) override { return std::string(count, '\xff'); }
};

TEST(SodiumRandomTest, ReturnsRequestedLengthAndDiffers) {
  SodiumRandom random;
  EXPECT_EQ(random.Bytes(0).size(), 0u);
  const std::string a = random.Bytes(32);
  const std::string b = random.Bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(NewUuidV4WithSodium, HasVersionAndVariant) {
  SodiumRandom random;
  const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewUuidV4(random);
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(NewUuidV4WithSodium, MasksFixedBits) {
  FixedRandom random;
  EXPECT_EQ(NewUuidV4(random), "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

}  // namespace
}  // namespace portcullis::crypto
