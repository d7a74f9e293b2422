// Tests for the QR code SVG and PNG: the finder patterns and the quiet zone are where a QR code has
// them, and the data URLs decode back to the images.
#include "api/common/qr_code.h"

#include <gtest/gtest.h>

namespace portcullis::api {
namespace {

TEST(QrCode, SvgDrawsModulesInsideTheQuietZone) {
  auto svg = QrSvg("otpauth://totp/Portcullis:a%40example.com?secret=JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(svg.has_value());
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg->ends_with("</svg>"));
  // The top-left finder pattern: its corner module sits right after the 4-module quiet zone.
  EXPECT_NE(svg->find("M4 4h1v1h-1z"), std::string::npos);
  EXPECT_EQ(svg->find("M3 3h1v1h-1z"), std::string::npos);
}

TEST(QrCode, DataUrlIsBase64OfTheSvg) {
  const std::string url = QrDataUrl("hello");
  ASSERT_TRUE(url.starts_with("data:image/svg+xml;base64,"));
  const std::string b64 = url.substr(26);
  EXPECT_EQ(b64.size() % 4, 0u);
  EXPECT_EQ(b64.substr(0, 8), "PHN2ZyB4");  // "<svg x"
}

TEST(QrCode, PngIsOneBitGreyscaleWithTheQuietZoneWhite) {
  auto png = QrPng("otpauth://totp/Portcullis:a%40example.com?secret=JBSWY3DPEHPK3PXP", 2);
  ASSERT_TRUE(png.has_value());
  ASSERT_TRUE(png->starts_with("\x89PNG\r\n\x1a\n"));
  EXPECT_EQ(png->substr(12, 4), "IHDR");
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>((*png)[i]); };
  const uint32_t width = (byte(16) << 24) | (byte(17) << 16) | (byte(18) << 8) | byte(19);
  EXPECT_EQ(width % 2, 0u);
  EXPECT_GT(width, 2u * 8);
  EXPECT_EQ(byte(24), 1);  // bit depth
  EXPECT_EQ(byte(25), 0);  // greyscale
  EXPECT_TRUE(png->ends_with(std::string("IEND\xae\x42\x60\x82", 8)));
  // The first image row (after the zlib header and the stored block's 5-byte header) is the quiet
  // zone: filter 0, then white pixels only.
  const std::size_t idat = png->find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  const std::size_t first_row = idat + 4 + 2 + 5;
  EXPECT_EQ(byte(first_row), 0);
  EXPECT_EQ(byte(first_row + 1), 0xff);
}

TEST(QrCode, PngDrawsTheSvgsModules) {
  const std::string text = "otpauth://totp/Portcullis:b%40example.com?secret=KRSXG5CTMVRXEZLU";
  const auto svg = QrSvg(text);
  const auto png = QrPng(text, 1);
  ASSERT_TRUE(svg.has_value() && png.has_value());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>((*png)[i]); };
  const int pixels = (byte(18) << 8) | byte(19);
  const std::size_t row_bytes = (static_cast<std::size_t>(pixels) + 7) / 8;
  const std::size_t raw = png->find("IDAT") + 4 + 2 + 5;  // one stored block at this size
  int dark = 0;
  for (int y = 0; y < pixels; ++y) {
    for (int x = 0; x < pixels; ++x) {
      const unsigned char bits = byte(raw + y * (row_bytes + 1) + 1 + x / 8);
      const bool png_dark = (bits & (0x80 >> (x % 8))) == 0;
      const std::string module = "M" + std::to_string(x) + " " + std::to_string(y) + "h1v1h-1z";
      EXPECT_EQ(png_dark, svg->find(module) != std::string::npos) << x << "," << y;
      dark += png_dark ? 1 : 0;
    }
  }
  EXPECT_GT(dark, 100);
}

TEST(QrCode, PngDataUrlIsBase64OfThePng) {
  const std::string url = QrPngDataUrl("hello");
  ASSERT_TRUE(url.starts_with("data:image/png;base64,"));
  EXPECT_EQ(url.substr(22, 8), "iVBORw0K");  // "\x89PNG\r\n"
}

TEST(QrCode, TooLongTextDoesNotFit) {
  EXPECT_FALSE(QrSvg(std::string(8000, 'x')).has_value());
  EXPECT_FALSE(QrPng(std::string(8000, 'x')).has_value());
}

}  // namespace
}  // namespace portcullis::api
