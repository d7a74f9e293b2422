// Loopback host recognition for the http:// exceptions (sso/ fetches, storage/ S3 endpoints).
// Pure functions; thread-safe.
#include "common/loopback_host.h"

#include <algorithm>
#include <string>

#include "common/ascii_case.h"

namespace portcullis {
namespace {

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

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  const std::string lower = AsciiLower(host);
  return lower == "localhost" || lower == "[::1]" || IsLoopbackIpv4(lower);
}

std::string_view HostOfAuthority(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? std::string_view() : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

}  // namespace portcullis
