// The product's one origin rule for cookie-authenticated requests: an unsafe request (anything
// but GET, HEAD, OPTIONS) authenticated only by a cookie must come from Portcullis's own origin or
// an allowed one. Every cookie-authenticated route of every dialect checks it. Immutable after
// construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

// The RFC 6454 serialization of an http(s) URL's origin: "scheme://host[:port]", scheme and host
// lower-case, the scheme's default port (80, 443) dropped. A path, query or fragment after the
// authority is ignored; nullopt for anything else (another scheme, user info, a bad host or port,
// "null").
std::optional<std::string> OriginOf(std::string_view url);
// True when `text` is an origin and nothing more: "https://app.example.com[:port]", no path, not
// even "/" (the form of an Origin header and of each `allowed_origins` entry).
bool IsBareOrigin(std::string_view text);

class OriginRule {
 public:
  // `public_url`: where users reach Portcullis ("https://auth.example.com"); its origin is ours.
  // `allowed_origins`: further origins ("https://app.example.com") trusted like our own. Entries
  // that are not origins are ignored (the settings refuse them at load).
  OriginRule(std::string_view public_url, const std::vector<std::string>& allowed_origins);

  // ok for a safe method; otherwise: with `Origin`, it must be ours or allowed; without it, a
  // `Sec-Fetch-Site` other than "same-origin" or "none" is refused; with neither header (a
  // non-browser client) the request passes. A header sent twice is refused. Refused: kForbidden.
  Status Check(const http::Request& request) const;
  // True when `origin` (an Origin header's value) is ours or allowed — for CORS answers too.
  // "null" and anything that is not a bare origin are never trusted.
  bool Trusts(std::string_view origin) const;

 private:
  std::vector<std::string> trusted_;  // serialized origins, lower-case, default ports dropped
};

}  // namespace portcullis::api
