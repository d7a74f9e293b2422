// LikePrefix: the LIKE pattern (with ESCAPE '\') that matches the strings starting with a given
// prefix, its own '%', '_' and '\' taken literally. Shared by the SQL backends; a pure function.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::store {

inline std::string LikePrefix(std::string_view prefix) {
  std::string pattern;
  pattern.reserve(prefix.size() + 1);
  for (const char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace portcullis::store
