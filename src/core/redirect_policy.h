// RedirectPolicy: where a flow may send the browser. A redirect_to must match one of the allowed
// prefixes (scheme, host, port and path prefix; a host wildcard only when written "*.example.com");
// anything else is refused, so Portcullis is never an open redirect. Immutable; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace portcullis::core {

// The parts of a URL a redirect is judged by (lower-cased scheme and host; the port made explicit).
struct RedirectUrl {
  std::string scheme;
  std::string host;  // for an allowed prefix, "*.example.com" allows every subdomain
  int port = 0;      // 80 for http and 443 for https when not written; 0 for other schemes
  std::string path;  // "/" when empty
};

// An absolute URL "scheme://host[:port][/path][?query][#fragment]". nullopt for anything else: no
// scheme or a protocol-relative "//host", javascript:/data: and every other scheme without "//",
// user info ("https://good@evil"), backslashes, spaces and control characters, dot segments or
// encoded slashes in the path, a bad port, an empty or malformed host, or a "*" in the host.
std::optional<RedirectUrl> ParseRedirectUrl(std::string_view url);
// An allowed prefix "scheme://host[:port][/path]" (no query or fragment); the host may be
// "*.domain" (at least two labels after the star).
std::optional<RedirectUrl> ParseAllowedRedirect(std::string_view prefix);

class RedirectPolicy {
 public:
  // `allowed` as ParseAllowedRedirect reads them (the settings check them at load); entries that
  // do not parse allow nothing.
  explicit RedirectPolicy(const std::vector<std::string>& allowed);

  // ok when `url` parses and matches an allowed prefix: the same scheme and port, the same host
  // (or a subdomain of a "*." host), and a path equal to the prefix's or below it ("/app" allows
  // "/app" and "/app/x", not "/apple"). kInvalidRequest (field kRedirectTo) otherwise.
  Status Check(std::string_view url) const;

 private:
  std::vector<RedirectUrl> allowed_;
};

}  // namespace portcullis::core
