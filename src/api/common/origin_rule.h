// The product's one origin rule for cookie-authenticated requests: an unsafe request (anything
// but GET, HEAD, OPTIONS) authenticated only by a cookie must come from Portcullis's own origin or
// an allowed one. Every cookie-authenticated route of every dialect checks it. Immutable after
// construction; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

class OriginRule {
 public:
  // `public_url`: where users reach Portcullis ("https://auth.example.com"); its origin is ours.
  // `allowed_origins`: further origins ("https://app.example.com") trusted like our own.
  OriginRule(std::string_view public_url, const std::vector<std::string>& allowed_origins);

  // ok for a safe method; otherwise: with `Origin`, it must be ours or allowed; without it, a
  // `Sec-Fetch-Site` other than "same-origin" or "none" is refused; with neither header (a
  // non-browser client) the request passes. Refused: kForbidden.
  Status Check(const http::Request& request) const;
  // True when `origin` (an Origin header's value) is ours or allowed — for CORS answers too.
  bool Trusts(std::string_view origin) const;

 private:
  std::vector<std::string> trusted_;  // serialized origins, lower-case, default ports dropped
};

}  // namespace portcullis::api
