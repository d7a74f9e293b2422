// Tests for version 4 UUID formatting.
#include "common/uuid.h"

#include <gtest/gtest.h>

#include <regex>

namespace portcullis {
namespace {

class CountingRandom final : public Random {
 public:
  std::string Bytes(std::size_t count) override {
    std::string out(count, '\0');
    for (auto& c : out) c = static_cast<char>(next_++);
    return out;
  }

 private:
  unsigned char next_ = 0xF0;
};

TEST(NewUuidV4, HasVersionAndVariantBits) {
  CountingRandom random;
  const std::string id = NewUuidV4(random);
  EXPECT_TRUE(std::regex_match(
      id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
  EXPECT_EQ(id.substr(0, 8), "f0f1f2f3");
}

}  // namespace
}  // namespace portcullis
