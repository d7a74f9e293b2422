// Tests for the QR code SVG: the finder patterns are where a QR code has them, and the data URL
// decodes back to the SVG.
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

TEST(QrCode, TooLongTextDoesNotFit) { EXPECT_FALSE(QrSvg(std::string(8000, 'x')).has_value()); }

}  // namespace
}  // namespace portcullis::api
