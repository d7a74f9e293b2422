// Response head serialization into a reusable buffer, with a once-a-second cached Date header.
// Thread-safe: the Date cache is thread_local.
#include "http/response_head.h"

#include <boost/beast/http/message.hpp>  // for status.hpp, which is not self-contained in 1.81
#include <charconv>
#include <cstdio>
#include <ctime>
#include <string_view>

namespace portcullis::http {
namespace {

// ASCII case-insensitive equality (header names and the "close" token).
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

bool ValidValue(std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

// "Sun, 06 Nov 1994 08:49:37 GMT", recomputed at most once a second per thread.
std::string_view HttpDate() {
  thread_local std::time_t cached_second = -1;
  thread_local char buffer[32];
  thread_local std::size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    length = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached_second = now;
  }
  return std::string_view(buffer, length);
}

void AppendNumber(std::string& out, std::size_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

// True when the comma-separated directive list `value` holds `directive` (case-insensitive).
bool HasDirective(std::string_view value, std::string_view directive) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (EqualsIgnoreCase(item, directive)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// "text/html" or "text/html; charset=utf-8", any case.
bool IsHtml(std::string_view content_type) {
  constexpr std::string_view kHtml = "text/html";
  if (content_type.size() < kHtml.size()) return false;
  if (!EqualsIgnoreCase(content_type.substr(0, kHtml.size()), kHtml)) return false;
  const std::string_view rest = content_type.substr(kHtml.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ' || rest.front() == '\t';
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

HeadResult SerializeResponseHead(const Response& response, const HeadOptions& options,
                                 std::string& out) {
  HeadResult result;
  out.clear();
  const int status = response.status;
  if (status < 200 || status > 599) return result;  // 1xx are the server's business
  if (!response.content_type.empty() && !ValidValue(response.content_type)) return result;

  bool keep_alive = options.keep_alive;
  bool has_cache_control = false;
  bool no_store = true;  // the default Cache-Control
  bool has_pragma = false;
  bool has_server = false;
  bool has_nosniff = false;
  bool has_csp = false;
  bool has_hsts = false;
  for (const auto& [name, value] : response.headers) {
    if (!ValidName(name) || !ValidValue(value)) return result;
    if (EqualsIgnoreCase(name, "connection")) {
      if (EqualsIgnoreCase(value, "close")) keep_alive = false;
    } else if (EqualsIgnoreCase(name, "cache-control")) {
      no_store = (has_cache_control && no_store) || HasDirective(value, "no-store");
      has_cache_control = true;
    } else if (EqualsIgnoreCase(name, "pragma")) {
      has_pragma = true;
    } else if (EqualsIgnoreCase(name, "server")) {
      has_server = true;
    } else if (EqualsIgnoreCase(name, "x-content-type-options")) {
      has_nosniff = true;
    } else if (EqualsIgnoreCase(name, "content-security-policy")) {
      has_csp = true;
    } else if (EqualsIgnoreCase(name, "strict-transport-security")) {
      has_hsts = true;
    }
  }

  out.append("HTTP/1.1 ");
  AppendNumber(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  std::string_view reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  if (reason.empty() || reason.front() == '<') reason = "Unknown";
  out.append(reason).append("\r\n");
  if (!has_server) AppendField(out, "Server", "portcullis");
  AppendField(out, "Date", HttpDate());
  const bool bodiless_status = status == 204 || status == 304;
  if (!response.content_type.empty()) AppendField(out, "Content-Type", response.content_type);
  if (!bodiless_status) {
    out.append("Content-Length: ");
    AppendNumber(out, response.body.size());
    out.append("\r\n");
  }
  if (!has_cache_control) AppendField(out, "Cache-Control", "no-store");
  if (no_store && !has_pragma) AppendField(out, "Pragma", "no-cache");
  if (!has_nosniff) AppendField(out, "X-Content-Type-Options", "nosniff");
  if (!has_csp && !options.content_security_policy.empty() && IsHtml(response.content_type)) {
    AppendField(out, "Content-Security-Policy", options.content_security_policy);
  }
  if (!has_hsts && !options.strict_transport_security.empty()) {
    AppendField(out, "Strict-Transport-Security", options.strict_transport_security);
  }
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "connection") || EqualsIgnoreCase(name, "content-length") ||
        EqualsIgnoreCase(name, "transfer-encoding")) {
      continue;
    }
    AppendField(out, name, value);
  }
  if (!keep_alive) {
    AppendField(out, "Connection", "close");
  } else if (options.http10) {
    AppendField(out, "Connection", "keep-alive");
  }
  out.append("\r\n");

  result.valid = true;
  result.send_body = !bodiless_status && !options.head_request && !response.body.empty();
  result.keep_alive = keep_alive;
  return result;
}

}  // namespace portcullis::http
