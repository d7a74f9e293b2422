// QR code rendering over libqrencode: SVG paths, and PNG images written here (1-bit greyscale,
// stored deflate blocks, Boost's CRC-32). Pure functions; thread-safe.
#include "api/common/qr_code.h"

#include <qrencode.h>

#include <algorithm>
#include <boost/crc.hpp>
#include <cstdint>
#include <memory>

#include "common/base64.h"

namespace portcullis::api {
namespace {

constexpr int kQuietZone = 4;

using QrPtr = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

QrPtr Encode(std::string_view text) {
  const std::string input(text);
  return QrPtr(QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
}

void AppendBigEndian32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

// One PNG chunk: length, type, data, CRC-32 of type and data.
void AppendChunk(std::string& png, std::string_view type, std::string_view data) {
  AppendBigEndian32(png, static_cast<uint32_t>(data.size()));
  boost::crc_32_type crc;
  crc.process_bytes(type.data(), type.size());
  crc.process_bytes(data.data(), data.size());
  png += type;
  png += data;
  AppendBigEndian32(png, crc.checksum());
}

// A zlib stream (RFC 1950) of `raw` in stored deflate blocks (RFC 1951 §3.2.4): no compression,
// so nothing but framing and the Adler-32 checksum.
std::string StoredZlib(std::string_view raw) {
  constexpr std::size_t kMaxBlock = 65535;
  std::string out = "\x78\x01";
  std::size_t offset = 0;
  do {
    const std::size_t size = std::min(kMaxBlock, raw.size() - offset);
    const bool last = offset + size == raw.size();
    out += static_cast<char>(last ? 1 : 0);
    out += static_cast<char>(size & 0xff);
    out += static_cast<char>(size >> 8);
    out += static_cast<char>(~size & 0xff);
    out += static_cast<char>((~size >> 8) & 0xff);
    out.append(raw.substr(offset, size));
    offset += size;
  } while (offset < raw.size());
  uint32_t a = 1;
  uint32_t b = 0;
  for (const char c : raw) {
    a = (a + static_cast<unsigned char>(c)) % 65521;
    b = (b + a) % 65521;
  }
  AppendBigEndian32(out, (b << 16) | a);
  return out;
}

}  // namespace

std::optional<std::string> QrSvg(std::string_view text) {
  const QrPtr qr = Encode(text);
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

std::optional<std::string> QrPng(std::string_view text, int scale) {
  const QrPtr qr = Encode(text);
  if (!qr || scale < 1) return std::nullopt;
  const int modules = qr->width;
  const int pixels = (modules + 2 * kQuietZone) * scale;
  const std::size_t row_bytes = (static_cast<std::size_t>(pixels) + 7) / 8;
  // Each row: filter type 0 (none), then one bit per pixel, most significant first; 1 is white.
  std::string raw;
  raw.reserve((row_bytes + 1) * static_cast<std::size_t>(pixels));
  for (int py = 0; py < pixels; ++py) {
    const std::size_t row = raw.size();
    raw += '\0';
    raw.append(row_bytes, static_cast<char>(0xff));
    const int y = py / scale - kQuietZone;
    for (int px = 0; px < pixels; ++px) {
      const int x = px / scale - kQuietZone;
      const bool dark =
          x >= 0 && y >= 0 && x < modules && y < modules && (qr->data[y * modules + x] & 1) != 0;
      if (dark) raw[row + 1 + px / 8] &= static_cast<char>(~(0x80 >> (px % 8)));
    }
  }
  std::string header;
  AppendBigEndian32(header, static_cast<uint32_t>(pixels));
  AppendBigEndian32(header, static_cast<uint32_t>(pixels));
  header += std::string("\x01\x00\x00\x00\x00", 5);  // bit depth 1, greyscale, no interlace
  std::string png = "\x89PNG\r\n\x1a\n";
  AppendChunk(png, "IHDR", header);
  AppendChunk(png, "IDAT", StoredZlib(raw));
  AppendChunk(png, "IEND", "");
  return png;
}

std::string QrPngDataUrl(std::string_view text) {
  auto png = QrPng(text);
  if (!png) return {};
  return "data:image/png;base64," + Base64(*png);
}

}  // namespace portcullis::api
