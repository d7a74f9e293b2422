// Request-target parsing: origin-form split and per-segment percent-decoding.
// Pure functions; thread-safe.
#include "http/target.h"

namespace portcullis::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// For absolute-form ("scheme://authority/path?q"), returns the part from the path on, or nullopt.
std::optional<std::string_view> StripSchemeAndAuthority(std::string_view target) {
  const std::size_t colon = target.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const char first = target.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return std::nullopt;
  for (char c : target.substr(0, colon)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '-' || c == '.';
    if (!ok) return std::nullopt;
  }
  const std::string_view rest = target.substr(colon + 3);
  const std::size_t path_start = rest.find_first_of("/?");
  if (path_start == std::string_view::npos) return std::string_view("/");
  if (rest[path_start] == '?') return std::nullopt;  // "http://h?q" has an empty path: not useful
  return rest.substr(path_start);
}

}  // namespace

bool AppendDecodedSegment(std::string_view segment, std::string& out) {
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const char c = segment[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= segment.size()) return false;
    const int hi = HexValue(segment[i + 1]);
    const int lo = HexValue(segment[i + 2]);
    if (hi < 0 || lo < 0) return false;
    const char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return false;
    out.push_back(decoded);
    i += 2;
  }
  return true;
}

std::optional<std::string> PercentDecodeSegment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  if (!AppendDecodedSegment(segment, out)) return std::nullopt;
  return out;
}

std::string_view TargetPath(std::string_view target) { return target.substr(0, target.find('?')); }

bool ParseTarget(std::string_view target, Request& request) {
  std::string_view origin = target;
  if (origin.empty()) return false;
  if (origin.front() != '/') {
    const auto stripped = StripSchemeAndAuthority(origin);
    if (!stripped) return false;
    origin = *stripped;
  }
  request.target.assign(origin);
  const std::size_t question = origin.find('?');
  const std::string_view raw_path = origin.substr(0, question);
  if (question == std::string_view::npos) {
    request.query.clear();
  } else {
    request.query.assign(origin.substr(question + 1));
  }
  request.path.clear();
  // Decode segment by segment and validate every escape. A decoded "%2F" looks like a boundary in
  // `path`, which is why the router matches on the raw segments of `target` instead.
  std::size_t start = 1;
  request.path.push_back('/');
  while (start <= raw_path.size()) {
    std::size_t end = raw_path.find('/', start);
    if (end == std::string_view::npos) end = raw_path.size();
    if (!AppendDecodedSegment(raw_path.substr(start, end - start), request.path)) return false;
    if (end == raw_path.size()) break;
    request.path.push_back('/');
    start = end + 1;
  }
  return true;
}

}  // namespace portcullis::http
