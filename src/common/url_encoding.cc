// Percent-encoding, form bodies and query parameters. Pure functions; thread-safe.
#include "common/url_encoding.h"

namespace portcullis {

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const unsigned char c : text) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string FormEncode(const UrlParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name) + '=' + PercentEncode(value);
  }
  return out;
}

std::string WithQuery(std::string_view url, const UrlParams& params) {
  const auto hash = url.find('#');
  std::string out(url.substr(0, hash));
  if (!params.empty()) {
    const bool ends_open = !out.empty() && (out.back() == '?' || out.back() == '&');
    if (!ends_open) out += out.find('?') == std::string::npos ? '?' : '&';
    out += FormEncode(params);
  }
  if (hash != std::string_view::npos) out += url.substr(hash);
  return out;
}

}  // namespace portcullis
