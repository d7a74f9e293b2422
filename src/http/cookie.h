// Cookies: parsing the Cookie request header (RFC 6265 section 5.4) and building Set-Cookie values.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace portcullis::http {

// Name/value pairs in order of appearance; duplicates are kept (browsers send the most specific
// path first). Values are returned as sent: no percent-decoding, surrounding quotes removed.
using Cookies = std::vector<std::pair<std::string, std::string>>;

// Parses "a=1; b=2". Lenient like browsers: pieces without '=' or with an empty or invalid name
// are skipped, whitespace around names and values is trimmed. Never fails.
Cookies ParseCookies(std::string_view header_value);

// All Cookie headers of a request (HTTP/2 proxies may split them), parsed in order.
Cookies ParseRequestCookies(const Request& request);

// The first value for `name`, or nullopt.
std::optional<std::string_view> FindCookie(const Cookies& cookies, std::string_view name);
// How many cookies are named `name`. More than one of a cookie that authenticates means another
// site (a sibling subdomain) may have planted one: callers refuse rather than pick.
std::size_t CountCookies(const Cookies& cookies, std::string_view name);

enum class SameSite { kUnset, kStrict, kLax, kNone };

struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::string domain;              // empty: host-only
  std::optional<int64_t> max_age;  // seconds; 0 deletes the cookie; nullopt: session cookie
  bool secure = true;
  bool http_only = true;
  SameSite same_site = SameSite::kLax;
};

// The Set-Cookie header value, e.g. "sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly;
// SameSite=Lax". Returns nullopt when the name is not a token or the value, path or domain contains
// characters a cookie may not carry (';', ',', whitespace, quotes, controls): callers encode values
// first. Also nullopt for SameSite=None without Secure, which browsers reject.
std::optional<std::string> FormatSetCookie(const SetCookie& cookie);

}  // namespace portcullis::http
