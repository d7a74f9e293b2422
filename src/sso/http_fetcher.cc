// Which URLs sso/ may fetch: https:// anywhere, plain http:// only to a loopback host. Parsed by
// hand, strictly: the authority ends at the first '/', '?' or '#', and a host must be exactly
// "localhost", "[::1]" or four decimal octets starting with 127 (common/loopback_host.h). Pure
// functions; thread-safe.
#include "sso/http_fetcher.h"

#include <string>

#include "common/ascii_case.h"
#include "common/loopback_host.h"

namespace portcullis::sso {
namespace {

Error Refused(std::string why) { return MakeError(ErrorCode::kInvalidRequest, std::move(why)); }

}  // namespace

Status CheckFetchableUrl(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return Refused("not an absolute URL");
  const std::string scheme = AsciiLower(url.substr(0, colon));
  const std::string_view rest = url.substr(colon + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\' || c == 0x7f) {
      return Refused("a URL with spaces, controls or backslashes is not fetched");
    }
  }
  if (authority.find('@') != std::string_view::npos) {
    return Refused("a URL with user info is not fetched");
  }
  const std::string_view host = HostOfAuthority(authority);
  if (host.empty()) return Refused("a URL without a host is not fetched");
  if (scheme == "https") return Status::Ok();
  if (scheme == "http") {
    if (IsLoopbackHost(host)) return Status::Ok();
    return Refused("plain http:// is fetched only from a loopback host");
  }
  return Refused("only https:// URLs are fetched");
}

}  // namespace portcullis::sso
