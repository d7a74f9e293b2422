// UTF-8 validation, replacement of invalid bytes and cuts on character boundaries.
// Pure functions; thread-safe.
#include "common/utf8.h"

namespace portcullis {

std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const std::size_t left = s.size() - i;
  const auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

std::string_view ValidUtf8(std::string_view s, std::string& scratch) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) break;
    i += n;
  }
  if (i == s.size()) return s;
  scratch.assign(s.substr(0, i));
  while (i < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      scratch.append("\xEF\xBF\xBD");
      ++i;
    } else {
      scratch.append(s.substr(i, n));
      i += n;
    }
  }
  return scratch;
}

std::string ValidUtf8Prefix(std::string_view s, std::size_t max_bytes) {
  std::string scratch;
  const std::string_view valid = ValidUtf8(s, scratch);
  std::size_t end = 0;
  while (end < valid.size()) {
    const std::size_t n = Utf8SequenceLength(valid, end);
    if (end + n > max_bytes) break;
    end += n;
  }
  return std::string(valid.substr(0, end));
}

}  // namespace portcullis
