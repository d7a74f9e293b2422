// ASCII case folding for protocol text (schemes, hosts, header and parameter values): only A-Z
// change, whatever the locale. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace portcullis {

// `text` with A-Z turned into a-z; every other byte as it is.
inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace portcullis
