// Which URLs sso/ may fetch: https:// anywhere, plain http:// only to a loopback host. Parsed by
// hand, strictly: the authority ends at the first '/', '?' or '#', and a host must be exactly
// "localhost", "[::1]" or four decimal octets starting with 127 (no prefix matching). Pure
// functions; thread-safe.
#include "sso/http_fetcher.h"

#include <string>

namespace portcullis::sso {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Exactly four decimal octets (no leading zeros beyond "0", each <= 255), the first being 127.
bool IsLoopbackIpv4(std::string_view host) {
  int parts = 0;
  int first = -1;
  std::size_t at = 0;
  while (at <= host.size()) {
    const std::size_t end = std::min(host.find('.', at), host.size());
    const std::string_view part = host.substr(at, end - at);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    if (parts == 0) first = value;
    ++parts;
    at = end + 1;
  }
  return parts == 4 && first == 127;
}

// The host of an authority (user info already refused): "[...]" kept whole, else up to the port.
std::string_view HostOf(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? std::string_view() : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

bool IsLoopbackHost(std::string_view host) {
  const std::string lower = Lower(host);
  return lower == "localhost" || lower == "[::1]" || IsLoopbackIpv4(lower);
}

Error Refused(std::string why) { return MakeError(ErrorCode::kInvalidRequest, std::move(why)); }

}  // namespace

Status CheckFetchableUrl(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return Refused("not an absolute URL");
  const std::string scheme = Lower(url.substr(0, colon));
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
  const std::string_view host = HostOf(authority);
  if (host.empty()) return Refused("a URL without a host is not fetched");
  if (scheme == "https") return Status::Ok();
  if (scheme == "http") {
    if (IsLoopbackHost(host)) return Status::Ok();
    return Refused("plain http:// is fetched only from a loopback host");
  }
  return Refused("only https:// URLs are fetched");
}

}  // namespace portcullis::sso
