// QR code SVG rendering over libqrencode.
// Pure functions; thread-safe.
#include "api/common/qr_code.h"

#include <qrencode.h>

#include <memory>

#include "common/base64.h"

namespace portcullis::api {
namespace {

constexpr int kQuietZone = 4;

}  // namespace

std::optional<std::string> QrSvg(std::string_view text) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!qr) return std::nullopt;
  const int width = qr->width;
  const int size = width + 2 * kQuietZone;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"" + std::to_string(size) +
                    "\" height=\"" + std::to_string(size) +
                    "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((qr->data[y * width + x] & 1) == 0) continue;
      svg += 'M';
      svg += std::to_string(x + kQuietZone);
      svg += ' ';
      svg += std::to_string(y + kQuietZone);
      svg += "h1v1h-1z";
    }
  }
  svg += "\"/></svg>";
  return svg;
}

std::string QrDataUrl(std::string_view text) {
  auto svg = QrSvg(text);
  if (!svg) return {};
  return "data:image/svg+xml;base64," + Base64(*svg);
}

}  // namespace portcullis::api
