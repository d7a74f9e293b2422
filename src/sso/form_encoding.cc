// Percent-encoding for provider requests. Pure functions; thread-safe.
#include "sso/form_encoding.h"

namespace portcullis::sso {

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
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

std::string FormEncode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name) + '=' + PercentEncode(value);
  }
  return out;
}

std::string WithQuery(std::string_view url, const FormFields& fields) {
  std::string out(url);
  if (fields.empty()) return out;
  const bool has_query = out.find('?') != std::string::npos;
  const bool ends_open = !out.empty() && (out.back() == '?' || out.back() == '&');
  if (!ends_open) out += has_query ? '&' : '?';
  return out + FormEncode(fields);
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

}  // namespace portcullis::sso
