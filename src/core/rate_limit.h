// RateLimit: one limit, "N/WINDOW" (N requests or failures per fixed window) or "off", and the
// policy of every named limit ([rate_limits]). Plain values; parsing is pure and thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/options.h"
#include "common/status.h"

namespace portcullis::core {

struct RateLimit {
  int64_t count = 0;  // 0: off
  std::chrono::seconds window{0};

  bool off() const { return count == 0; }
  friend bool operator==(const RateLimit&, const RateLimit&) = default;
};

inline constexpr RateLimit kOff{};
constexpr RateLimit PerWindow(int64_t count, std::chrono::seconds window) {
  return RateLimit{count, window};
}

// "100/1m" → {100, 60s}; "off" → kOff. A window is a positive count of s, m, h or d ("30s",
// "15m", "1h", "1d"; a bare number is seconds), at most 1 day; N is 1 to 1,000,000,000.
Result<RateLimit> ParseRateLimit(std::string_view text);
// The inverse, in the largest whole unit: {100, 60s} → "100/1m"; kOff → "off".
std::string ShowRateLimit(const RateLimit& limit);

// Every named limit. The member initialisers are the defaults; `login_failures_per_account` is
// the account-wide ceiling beyond which login attempts for the account slow to a trickle (see
// RateLimiter::CheckLogin) instead of being refused.
struct RateLimitPolicy {
  bool enabled = true;
  RateLimit login_per_ip = PerWindow(100, std::chrono::minutes(1));
  RateLimit login_failures_per_account_ip = PerWindow(10, std::chrono::minutes(15));
  RateLimit login_failures_per_account = PerWindow(100, std::chrono::minutes(15));
  RateLimit register_per_ip = PerWindow(20, std::chrono::hours(1));
  RateLimit refresh_per_ip = PerWindow(600, std::chrono::minutes(1));
  RateLimit mfa_failures_per_account = PerWindow(10, std::chrono::minutes(15));
  RateLimit step_up_failures_per_session = PerWindow(10, std::chrono::minutes(15));
  RateLimit password_change_failures_per_account = PerWindow(10, std::chrono::minutes(15));
  RateLimit mail_per_address = PerWindow(5, std::chrono::minutes(10));
  RateLimit mail_per_ip = PerWindow(30, std::chrono::minutes(10));
};

// The [rate_limits] settings section (core/rate_limit_options.cc).
options::Section<RateLimitPolicy> RateLimitSection();

}  // namespace portcullis::core

namespace portcullis::options {

// A RateLimit setting is written "N/WINDOW" or "off".
template <>
struct Traits<core::RateLimit> {
  static constexpr Kind kKind = Kind::kScalar;
  static constexpr std::string_view kExpectation =
      "must be N/WINDOW (e.g. 100/1m; the window in s, m, h or d, at most 1d) or off";
  static Result<core::RateLimit> Parse(std::string_view text) { return core::ParseRateLimit(text); }
  static std::string Show(const core::RateLimit& limit) { return core::ShowRateLimit(limit); }
};

}  // namespace portcullis::options
