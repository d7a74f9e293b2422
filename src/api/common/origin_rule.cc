// The origin rule for cookie-authenticated unsafe requests, and RFC 6454 origin serialization.
// Pure; thread-safe.
#include "api/common/origin_rule.h"

#include <algorithm>

namespace portcullis::api {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A registered name or IPv4 address: letters, digits, '-', '.', '_'.
bool IsHostName(std::string_view host) {
  if (host.empty()) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return IsDigit(c) || (Lower(c) >= 'a' && Lower(c) <= 'z') || c == '-' || c == '.' || c == '_';
  });
}

// "[...]" with hex digits, ':' and '.' inside (an IPv6 address, possibly IPv4-suffixed).
bool IsIpLiteral(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  const std::string_view inside = host.substr(1, host.size() - 2);
  return std::all_of(inside.begin(), inside.end(), [](char c) {
    return IsDigit(c) || (Lower(c) >= 'a' && Lower(c) <= 'f') || c == ':' || c == '.';
  });
}

// 1..65535 from 1 to 5 digits; nullopt otherwise.
std::optional<int> PortOf(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

struct ParsedOrigin {
  std::string serialized;
  bool bare = false;  // nothing followed the authority
};

std::optional<ParsedOrigin> ParseOrigin(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string scheme = LowerAscii(url.substr(0, sep));
  int default_port = 0;
  if (scheme == "http") {
    default_port = 80;
  } else if (scheme == "https") {
    default_port = 443;
  } else {
    return std::nullopt;
  }
  const std::string_view rest = url.substr(sep + 3);
  const std::size_t end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, end);
  std::string_view host = authority;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      has_port = true;
      port_text = after.substr(1);
    }
    if (!IsIpLiteral(host)) return std::nullopt;
  } else {
    const std::size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    if (!IsHostName(host)) return std::nullopt;  // also refuses user info ('@')
  }
  ParsedOrigin out;
  out.serialized = scheme + "://" + LowerAscii(host);
  if (has_port) {
    const std::optional<int> port = PortOf(port_text);
    if (!port) return std::nullopt;
    if (*port != default_port) out.serialized += ":" + std::to_string(*port);
  }
  out.bare = end == std::string_view::npos;
  return out;
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Every value of the (lower-case) header `name`, in order.
std::vector<std::string_view> HeaderValues(const http::Request& request, std::string_view name) {
  std::vector<std::string_view> values;
  for (const auto& [n, v] : request.headers) {
    if (n == name) values.emplace_back(v);
  }
  return values;
}

Error Refused(std::string detail) { return MakeError(ErrorCode::kForbidden, std::move(detail)); }

}  // namespace

std::optional<std::string> OriginOf(std::string_view url) {
  auto parsed = ParseOrigin(url);
  if (!parsed) return std::nullopt;
  return std::move(parsed->serialized);
}

bool IsBareOrigin(std::string_view text) {
  const auto parsed = ParseOrigin(text);
  return parsed && parsed->bare;
}

OriginRule::OriginRule(std::string_view public_url,
                       const std::vector<std::string>& allowed_origins) {
  if (auto own = OriginOf(public_url)) trusted_.push_back(std::move(*own));
  for (const std::string& allowed : allowed_origins) {
    auto parsed = ParseOrigin(allowed);
    if (parsed && parsed->bare) trusted_.push_back(std::move(parsed->serialized));
  }
}

Status OriginRule::Check(const http::Request& request) const {
  if (IsSafeMethod(request.method)) return Status::Ok();
  const std::vector<std::string_view> origins = HeaderValues(request, "origin");
  if (origins.size() > 1) return Refused("the request carries more than one Origin header");
  if (origins.size() == 1) {
    if (Trusts(origins.front())) return Status::Ok();
    return Refused(
        "a cookie-authenticated request must come from this server's origin or an "
        "allowed one");
  }
  const std::vector<std::string_view> sites = HeaderValues(request, "sec-fetch-site");
  if (sites.size() > 1) return Refused("the request carries more than one Sec-Fetch-Site header");
  if (sites.empty() || sites.front() == "same-origin" || sites.front() == "none") {
    return Status::Ok();
  }
  return Refused("a cookie-authenticated request must not come from another site");
}

bool OriginRule::Trusts(std::string_view origin) const {
  const auto parsed = ParseOrigin(origin);
  if (!parsed || !parsed->bare) return false;
  return std::find(trusted_.begin(), trusted_.end(), parsed->serialized) != trusted_.end();
}

}  // namespace portcullis::api
