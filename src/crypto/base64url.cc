// Base64 without padding, URL-safe and standard alphabets, with strict canonical decoding.
// Pure functions over constant tables; thread-safe.
#include "crypto/base64url.h"

#include <array>
#include <cstdint>

namespace portcullis::crypto {
namespace {

constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kStdAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

using DecodeTable = std::array<int8_t, 256>;

constexpr DecodeTable MakeTable(const char* alphabet) {
  DecodeTable table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
  return table;
}

constexpr DecodeTable kUrlTable = MakeTable(kUrlAlphabet);
constexpr DecodeTable kStdTable = MakeTable(kStdAlphabet);

std::string Encode(std::string_view in, const char* alphabet) {
  std::string out((in.size() * 4 + 2) / 3, '\0');
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t i = 0;
  std::size_t o = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    out[o++] = alphabet[(v >> 18) & 63];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = alphabet[(v >> 6) & 63];
    out[o++] = alphabet[v & 63];
  }
  const std::size_t rem = in.size() - i;
  if (rem == 1) {
    const uint32_t v = uint32_t{p[i]} << 16;
    out[o++] = alphabet[(v >> 18) & 63];
    out[o++] = alphabet[(v >> 12) & 63];
  } else if (rem == 2) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8);
    out[o++] = alphabet[(v >> 18) & 63];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = alphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> Decode(std::string_view in, const DecodeTable& table) {
  const std::size_t rem = in.size() % 4;
  if (rem == 1) return std::nullopt;
  std::string out(in.size() / 4 * 3 + (rem == 0 ? 0 : rem - 1), '\0');
  auto at = [&](std::size_t k) { return int32_t{table[static_cast<unsigned char>(in[k])]}; };
  std::size_t i = 0;
  std::size_t o = 0;
  for (; i + 4 <= in.size(); i += 4) {
    const int32_t a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
    if ((a | b | c | d) < 0) return std::nullopt;
    const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
    out[o++] = static_cast<char>(v >> 16);
    out[o++] = static_cast<char>(v >> 8);
    out[o++] = static_cast<char>(v);
  }
  if (rem == 2) {
    const int32_t a = at(i), b = at(i + 1);
    if ((a | b) < 0 || (b & 0x0f) != 0) return std::nullopt;
    out[o++] = static_cast<char>((a << 2) | (b >> 4));
  } else if (rem == 3) {
    const int32_t a = at(i), b = at(i + 1), c = at(i + 2);
    if ((a | b | c) < 0 || (c & 0x03) != 0) return std::nullopt;
    const uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6);
    out[o++] = static_cast<char>(v >> 16);
    out[o++] = static_cast<char>(v >> 8);
  }
  return out;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrlAlphabet); }
std::optional<std::string> Base64UrlDecode(std::string_view text) {
  return Decode(text, kUrlTable);
}
std::string Base64NoPadEncode(std::string_view bytes) { return Encode(bytes, kStdAlphabet); }
std::optional<std::string> Base64NoPadDecode(std::string_view text) {
  return Decode(text, kStdTable);
}

}  // namespace portcullis::crypto
