// Parsing and showing of "N/WINDOW" rate limits. Pure functions; thread-safe.
#include "core/rate_limit.h"

#include <charconv>

namespace portcullis::core {
namespace {

constexpr int64_t kMaxCount = 1'000'000'000;
constexpr int64_t kMaxWindowSeconds = 86400;

Error Bad() { return MakeError(ErrorCode::kInvalidRequest, "must be N/WINDOW or off"); }

// A whole positive number with nothing after it.
bool ParseCount(std::string_view text, int64_t& out) {
  if (text.empty() || text.size() > 12) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out > 0;
}

}  // namespace

Result<RateLimit> ParseRateLimit(std::string_view text) {
  if (text == "off") return kOff;
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return Bad();
  int64_t count = 0;
  if (!ParseCount(text.substr(0, slash), count) || count > kMaxCount) return Bad();
  std::string_view window = text.substr(slash + 1);
  int64_t unit = 1;
  if (!window.empty()) {
    switch (window.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      default:
        unit = 0;  // a bare number: seconds
    }
    if (unit != 0) window.remove_suffix(1);
  }
  int64_t amount = 0;
  if (!ParseCount(window, amount)) return Bad();
  if (unit == 0) unit = 1;
  if (amount > kMaxWindowSeconds / unit) return Bad();
  return RateLimit{count, std::chrono::seconds(amount * unit)};
}

std::string ShowRateLimit(const RateLimit& limit) {
  if (limit.off()) return "off";
  const int64_t s = limit.window.count();
  std::string window;
  if (s % 86400 == 0) {
    window = std::to_string(s / 86400) + "d";
  } else if (s % 3600 == 0) {
    window = std::to_string(s / 3600) + "h";
  } else if (s % 60 == 0) {
    window = std::to_string(s / 60) + "m";
  } else {
    window = std::to_string(s) + "s";
  }
  return std::to_string(limit.count) + "/" + window;
}

}  // namespace portcullis::core
