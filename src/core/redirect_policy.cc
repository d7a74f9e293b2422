// RedirectPolicy: a strict parser for absolute URLs and the prefix match of redirect_to values.
// Pure functions and an immutable list; thread-safe.
#include "core/redirect_policy.h"

#include <cctype>
#include <charconv>

#include "common/ascii_case.h"

namespace portcullis::core {
namespace {

bool ContainsInsensitive(std::string_view haystack, std::string_view needle) {
  return AsciiLower(haystack).find(needle) != std::string::npos;
}

bool ValidScheme(std::string_view scheme) {
  if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme.front()))) return false;
  for (const char c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

// Labels of [a-z0-9-] separated by single dots (lower-cased already).
bool ValidHostName(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.') return false;
  char previous = '.';
  for (const char c : host) {
    const bool label_char = std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (!label_char && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

bool ValidIpv6Literal(std::string_view host) {
  if (host.size() < 3 || host.front() != '[' || host.back() != ']') return false;
  for (const char c : host.substr(1, host.size() - 2)) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
  }
  return true;
}

int DefaultPort(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

// A path must not climb out of its prefix or hide a separator: no dot segments, no encoded '.',
// '/' or '\'.
bool SafePath(std::string_view path) {
  if (path.find("/./") != std::string_view::npos || path.find("/../") != std::string_view::npos ||
      path.ends_with("/.") || path.ends_with("/..")) {
    return false;
  }
  return !ContainsInsensitive(path, "%2e") && !ContainsInsensitive(path, "%2f") &&
         !ContainsInsensitive(path, "%5c");
}

std::optional<RedirectUrl> Parse(std::string_view url, bool prefix) {
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '\\') return std::nullopt;
  }
  const auto separator = url.find("://");
  if (separator == std::string_view::npos || !ValidScheme(url.substr(0, separator))) {
    return std::nullopt;
  }
  RedirectUrl out;
  out.scheme = AsciiLower(url.substr(0, separator));
  if (out.scheme == "javascript" || out.scheme == "data" || out.scheme == "vbscript" ||
      out.scheme == "file") {
    return std::nullopt;
  }
  std::string_view rest = url.substr(separator + 3);
  const auto authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host = authority;
  out.port = DefaultPort(out.scheme);
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 ||
        value > 65535) {
      return std::nullopt;
    }
    out.port = value;
    host = authority.substr(0, colon);
  }
  out.host = AsciiLower(host);
  const bool wildcard = prefix && out.host.starts_with("*.");
  const std::string_view name = wildcard ? std::string_view(out.host).substr(2) : out.host;
  if (wildcard && name.find('.') == std::string_view::npos) return std::nullopt;
  if (!ValidHostName(name) && !(!wildcard && ValidIpv6Literal(name))) return std::nullopt;

  const auto path_end = rest.find_first_of("?#");
  if (prefix && path_end != std::string_view::npos) return std::nullopt;
  out.path = std::string(rest.substr(0, path_end));
  if (out.path.empty()) out.path = "/";
  if (!SafePath(out.path)) return std::nullopt;
  return out;
}

bool HostMatches(const std::string& allowed, const std::string& host) {
  if (!allowed.starts_with("*.")) return allowed == host;
  const std::string_view suffix = std::string_view(allowed).substr(1);  // ".example.com"
  return host.size() > suffix.size() && host.ends_with(suffix);
}

bool PathMatches(const std::string& allowed, const std::string& path) {
  if (!path.starts_with(allowed)) return false;
  return path.size() == allowed.size() || allowed.ends_with('/') || path[allowed.size()] == '/';
}

}  // namespace

std::optional<RedirectUrl> ParseRedirectUrl(std::string_view url) { return Parse(url, false); }

std::optional<RedirectUrl> ParseAllowedRedirect(std::string_view prefix) {
  return Parse(prefix, true);
}

RedirectPolicy::RedirectPolicy(const std::vector<std::string>& allowed) {
  for (const std::string& entry : allowed) {
    if (auto parsed = ParseAllowedRedirect(entry)) allowed_.push_back(std::move(*parsed));
  }
}

Status RedirectPolicy::Check(std::string_view url) const {
  if (const auto parsed = ParseRedirectUrl(url)) {
    for (const RedirectUrl& allowed : allowed_) {
      if (allowed.scheme == parsed->scheme && allowed.port == parsed->port &&
          HostMatches(allowed.host, parsed->host) && PathMatches(allowed.path, parsed->path)) {
        return Status::Ok();
      }
    }
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   "redirect_to is not one of the allowed redirect URLs (allowed_redirect_urls)",
                   Field::kRedirectTo);
}

}  // namespace portcullis::core
