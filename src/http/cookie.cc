// Cookie header parsing and Set-Cookie formatting.
// Pure functions; thread-safe.
#include "http/cookie.h"

namespace portcullis::http {
namespace {

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// cookie-octet of RFC 6265: visible ASCII except '"', ',', ';' and '\'.
bool IsCookieOctet(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void AppendCookies(std::string_view header, Cookies& out) {
  while (!header.empty()) {
    const std::size_t semi = header.find(';');
    const std::string_view piece = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = Trim(piece.substr(0, eq));
    std::string_view value = Trim(piece.substr(eq + 1));
    if (name.empty() || !AllOf(name, IsTokenChar)) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace_back(name, value);
  }
}

bool IsAttributeChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7e && c != ';' && c != ',';
}

}  // namespace

Cookies ParseCookies(std::string_view header_value) {
  Cookies cookies;
  AppendCookies(header_value, cookies);
  return cookies;
}

Cookies ParseRequestCookies(const Request& request) {
  Cookies cookies;
  for (const auto& [name, value] : request.headers) {
    if (name == "cookie") AppendCookies(value, cookies);
  }
  return cookies;
}

std::optional<std::string_view> FindCookie(const Cookies& cookies, std::string_view name) {
  for (const auto& [n, v] : cookies) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::size_t CountCookies(const Cookies& cookies, std::string_view name) {
  std::size_t count = 0;
  for (const auto& [n, v] : cookies) count += n == name ? 1 : 0;
  return count;
}

std::optional<std::string> FormatSetCookie(const SetCookie& cookie) {
  if (cookie.name.empty() || !AllOf(cookie.name, IsTokenChar)) return std::nullopt;
  if (!AllOf(cookie.value, IsCookieOctet)) return std::nullopt;
  if (!AllOf(cookie.path, IsAttributeChar) || !AllOf(cookie.domain, IsAttributeChar)) {
    return std::nullopt;
  }
  if (cookie.same_site == SameSite::kNone && !cookie.secure)
    return std::nullopt;  // browsers drop it
  std::string out;
  out.reserve(cookie.name.size() + cookie.value.size() + 64);
  out.append(cookie.name).append("=").append(cookie.value);
  if (!cookie.path.empty()) out.append("; Path=").append(cookie.path);
  if (!cookie.domain.empty()) out.append("; Domain=").append(cookie.domain);
  if (cookie.max_age) out.append("; Max-Age=").append(std::to_string(*cookie.max_age));
  if (cookie.secure) out.append("; Secure");
  if (cookie.http_only) out.append("; HttpOnly");
  switch (cookie.same_site) {
    case SameSite::kUnset:
      break;
    case SameSite::kStrict:
      out.append("; SameSite=Strict");
      break;
    case SameSite::kLax:
      out.append("; SameSite=Lax");
      break;
    case SameSite::kNone:
      out.append("; SameSite=None");
      break;
  }
  return out;
}

}  // namespace portcullis::http
