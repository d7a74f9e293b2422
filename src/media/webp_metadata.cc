// StripWebpMetadata: walks the RIFF chunks (fourcc, little-endian size, data padded to even),
// copies every chunk but EXIF, XMP and ICCP, clears their VP8X flags and rewrites the RIFF size.
// Pure.
#include "media/webp_metadata.h"

#include <cstdint>

namespace portcullis::media {
namespace {

uint32_t ReadLe32(std::string_view s) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[3])) << 24;
}

void WriteLe32(std::string& out, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

constexpr unsigned char kVp8xIccFlag = 0x20;
constexpr unsigned char kVp8xExifFlag = 0x08;
constexpr unsigned char kVp8xXmpFlag = 0x04;

}  // namespace

std::optional<std::string> StripWebpMetadata(std::string_view webp) {
  if (webp.size() < 12 || webp.substr(0, 4) != "RIFF" || webp.substr(8, 4) != "WEBP") {
    return std::nullopt;
  }
  const uint64_t riff_size = ReadLe32(webp.substr(4, 4));
  if (riff_size + 8 > webp.size() || riff_size < 4) return std::nullopt;
  std::string_view chunks = webp.substr(12, riff_size - 4);
  std::string out(webp.substr(0, 12));
  while (!chunks.empty()) {
    if (chunks.size() < 8) return std::nullopt;
    const std::string_view fourcc = chunks.substr(0, 4);
    const uint64_t size = ReadLe32(chunks.substr(4, 4));
    const uint64_t padded = size + (size & 1);
    if (8 + size > chunks.size()) return std::nullopt;
    const std::size_t whole =
        static_cast<std::size_t>(std::min<uint64_t>(8 + padded, chunks.size()));
    if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      const std::size_t at = out.size();
      out.append(chunks.substr(0, whole));
      if (fourcc == "VP8X" && size >= 1) {
        out[at + 8] = static_cast<char>(static_cast<unsigned char>(out[at + 8]) &
                                        ~(kVp8xIccFlag | kVp8xExifFlag | kVp8xXmpFlag));
      }
    }
    chunks.remove_prefix(whole);
  }
  WriteLe32(out, 4, static_cast<uint32_t>(out.size() - 8));
  return out;
}

}  // namespace portcullis::media
