// Tests of StripWebpMetadata on hand-built RIFF containers: metadata chunks and flags go, image
// chunks stay byte for byte, malformed containers are refused.
#include "media/webp_metadata.h"

#include <gtest/gtest.h>

#include <string>

namespace portcullis::media {
namespace {

using namespace std::string_literals;

std::string Le32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

std::string Chunk(const std::string& fourcc, const std::string& data) {
  std::string c = fourcc + Le32(static_cast<uint32_t>(data.size())) + data;
  if (data.size() % 2 == 1) c += '\0';
  return c;
}

std::string Riff(const std::string& chunks) {
  return "RIFF" + Le32(static_cast<uint32_t>(4 + chunks.size())) + "WEBP" + chunks;
}

TEST(StripWebpMetadataTest, DropsExifXmpAndIccAndTheirFlags) {
  const std::string vp8x = "\x2c\0\0\0"s + "\x01\0\0\x01\0\0"s;  // ICC|EXIF|XMP, 2×2
  const std::string image = Chunk("VP8 ", "pixels!");
  const std::string in = Riff(Chunk("VP8X", vp8x) + Chunk("ICCP", "icc") + image +
                              Chunk("EXIF", "Exif\0\0secret"s) + Chunk("XMP ", "<x/>"));
  auto out = StripWebpMetadata(in);
  ASSERT_TRUE(out.has_value());
  const std::string expected_vp8x = "\0\0\0\0"s + "\x01\0\0\x01\0\0"s;
  EXPECT_EQ(*out, Riff(Chunk("VP8X", expected_vp8x) + image));
  EXPECT_EQ(out->find("secret"), std::string::npos);
}

TEST(StripWebpMetadataTest, LeavesASimpleFileAsItIs) {
  const std::string in = Riff(Chunk("VP8L", "lossless-data"));
  EXPECT_EQ(StripWebpMetadata(in), in);
}

TEST(StripWebpMetadataTest, RefusesMalformedContainers) {
  EXPECT_FALSE(StripWebpMetadata("").has_value());
  EXPECT_FALSE(StripWebpMetadata("RIFF\x04\0\0\0WEBX"s).has_value());
  EXPECT_FALSE(StripWebpMetadata("RIFF\xff\0\0\0WEBP"s).has_value());
  std::string truncated = Riff(Chunk("VP8 ", "pixels!"));
  truncated = "RIFF" + Le32(4 + 8 + 20) + "WEBP" + "VP8 " + Le32(20) + "short";
  EXPECT_FALSE(StripWebpMetadata(truncated).has_value());
}

}  // namespace
}  // namespace portcullis::media
