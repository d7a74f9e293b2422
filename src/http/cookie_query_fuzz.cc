// libFuzzer entry point: bytes as a Cookie header (ParseCookies), as Set-Cookie fields
// (FormatSetCookie) and as a query string (ParseQuery), with round-trip checks. Stateless;
// thread-safe.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "http/cookie.h"
#include "http/message.h"
#include "http/query.h"

namespace {

namespace http = portcullis::http;

void Check(bool condition) {
  if (!condition) std::abort();
}

// A header value we emit must never split the header or the response.
void CheckHeaderSafe(const std::optional<std::string>& value) {
  if (value) Check(value->find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos);
}

void FuzzCookies(std::string_view bytes, uint8_t flags) {
  const http::Cookies cookies = http::ParseCookies(bytes);
  for (const auto& [name, value] : cookies) {
    Check(!name.empty() && name.find_first_of("; \t=") == std::string::npos);
    Check(http::FindCookie(cookies, name).has_value());
  }
  http::Request request;
  request.headers.emplace_back("cookie", std::string(bytes));
  request.headers.emplace_back("cookie", std::string(bytes));
  Check(http::ParseRequestCookies(request).size() == 2 * cookies.size());

  http::SetCookie cookie;
  cookie.name = "sid";
  cookie.value = std::string(bytes);
  cookie.secure = (flags & 1) != 0;
  cookie.http_only = (flags & 2) != 0;
  cookie.same_site = static_cast<http::SameSite>((flags >> 2) % 4);
  if ((flags & 16) != 0) cookie.max_age = static_cast<int64_t>(flags) - 128;
  const auto formatted = http::FormatSetCookie(cookie);
  CheckHeaderSafe(formatted);
  if (formatted) {
    // What we set is what the browser sends back and we read.
    const http::Cookies back = http::ParseCookies("sid=" + std::string(bytes));
    Check(back.size() == 1 && back[0].first == "sid" && back[0].second == bytes);
  }
  cookie.value = "v";
  cookie.name = std::string(bytes);
  CheckHeaderSafe(http::FormatSetCookie(cookie));
  cookie.name = "sid";
  cookie.path = std::string(bytes);
  CheckHeaderSafe(http::FormatSetCookie(cookie));
  cookie.path = "/";
  cookie.domain = std::string(bytes);
  CheckHeaderSafe(http::FormatSetCookie(cookie));
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

void FuzzQuery(std::string_view bytes) {
  const auto params = http::ParseQuery(bytes);
  if (!params.ok()) {
    Check(params.error().code == portcullis::ErrorCode::kInvalidRequest);
    return;
  }
  std::string encoded;
  for (const auto& [key, value] : *params) {
    Check(key.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
    Check(http::FindParam(*params, key).has_value());
    if (!encoded.empty()) encoded.push_back('&');
    encoded += PercentEncode(key) + '=' + PercentEncode(value);
  }
  // Decoded pairs, re-encoded, parse back to themselves.
  const auto again = http::ParseQuery(encoded);
  Check(again.ok() && *again == *params);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  FuzzCookies(bytes, size == 0 ? 0 : data[size - 1]);
  FuzzQuery(bytes);
  return 0;
}
