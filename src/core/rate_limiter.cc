// RateLimiter: keys, verdicts and the login sequence over the EphemeralStore, and the fallback to
// this node's own counters while the shared store is down. Thread-safe (atomics; the stores lock).
#include "core/rate_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <utility>

namespace portcullis::core {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kNames[] = {
    "login_per_ip",
    "login_failures_per_account_ip",
    "login_failures_per_account",
    "register_per_ip",
    "refresh_per_ip",
    "mfa_failures_per_account",
    "step_up_failures_per_session",
    "password_change_failures_per_account",
    "mail_per_address",
    "mail_per_ip",
};
// A subject longer than this (an unknown account's name) is cut: keys stay small.
constexpr std::size_t kMaxSubject = 256;
// Beyond the account-wide ceiling, the account's failed pairs share one attempt per this window.
constexpr milliseconds kTrickleWindow{1000};

// The limits whose subject is a client address.
bool CountsPerAddress(Limit limit) {
  return limit == Limit::kLoginPerIp || limit == Limit::kRegisterPerIp ||
         limit == Limit::kRefreshPerIp || limit == Limit::kMailPerIp;
}

// The subject of the (account, IP) pair's failures.
std::string Pair(std::string_view account, std::string_view ip) {
  std::string pair(account.substr(0, kMaxSubject));
  pair += '|';
  pair += RateLimitAddress(ip);
  return pair;
}

int64_t SecondsUntil(milliseconds expires_in) {
  return std::max<int64_t>(1, (expires_in.count() + 999) / 1000);
}

}  // namespace

std::string RateLimitAddress(std::string_view ip) {
  if (ip.find(':') == std::string_view::npos || ip.size() >= INET6_ADDRSTRLEN) {
    return std::string(ip);
  }
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, std::string(ip).c_str(), bytes.data()) != 1) return std::string(ip);
  constexpr std::array<unsigned char, 12> kV4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char text[INET6_ADDRSTRLEN] = {};
  if (std::equal(kV4Mapped.begin(), kV4Mapped.end(), bytes.begin())) {  // ::ffff:a.b.c.d
    return inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text) ? text : std::string(ip);
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);  // one subscriber's /64 is one subject
  if (!inet_ntop(AF_INET6, bytes.data(), text, sizeof text)) return std::string(ip);
  return std::string(text) + "/64";
}

Error RateLimitedError(int64_t retry_after_seconds) {
  Error error = MakeError(ErrorCode::kRateLimited, "too many attempts; retry later");
  error.retry_after = retry_after_seconds;
  return error;
}

RateLimiter::RateLimiter(RateLimitPolicy policy, EphemeralStore& shared, const Clock& clock,
                         std::function<void(std::string_view)> warn)
    : policy_(std::move(policy)), shared_(shared), local_(clock), warn_(std::move(warn)) {}

const RateLimit& RateLimiter::LimitOf(Limit limit) const {
  switch (limit) {
    case Limit::kLoginPerIp:
      return policy_.login_per_ip;
    case Limit::kLoginFailuresPerAccountIp:
      return policy_.login_failures_per_account_ip;
    case Limit::kLoginFailuresPerAccount:
      return policy_.login_failures_per_account;
    case Limit::kRegisterPerIp:
      return policy_.register_per_ip;
    case Limit::kRefreshPerIp:
      return policy_.refresh_per_ip;
    case Limit::kMfaFailuresPerAccount:
      return policy_.mfa_failures_per_account;
    case Limit::kStepUpFailuresPerSession:
      return policy_.step_up_failures_per_session;
    case Limit::kPasswordChangeFailuresPerAccount:
      return policy_.password_change_failures_per_account;
    case Limit::kMailPerAddress:
      return policy_.mail_per_address;
    case Limit::kMailPerIp:
      return policy_.mail_per_ip;
  }
  return kOff;
}

std::string RateLimiter::Key(Limit limit, std::string_view subject) {
  std::string key = "rl:";
  key += kNames[static_cast<int>(limit)];
  key += ':';
  if (CountsPerAddress(limit)) {
    key += RateLimitAddress(subject.substr(0, kMaxSubject));
  } else {
    key += subject.substr(0, kMaxSubject);
  }
  return key;
}

void RateLimiter::NoteShared(bool up) {
  if (shared_down_.exchange(!up) == !up) return;  // no change
  if (!warn_) return;
  warn_(up ? "rate limiting: the shared store answers again; counting there again"
           : "rate limiting: the shared store is unavailable; counting on this node alone until "
             "it is back");
}

void RateLimiter::StoreHit(std::string key, int64_t amount, milliseconds window,
                           EphemeralStore::CounterDone done) {
  shared_.Hit(key, amount, window,
              [this, key, amount, window,
               done = std::move(done)](Result<EphemeralStore::Counter> counter) mutable {
                const bool down = !counter && counter.error().code == ErrorCode::kUnavailable;
                NoteShared(!down);
                if (!down) return done(std::move(counter));
                fallback_calls_.fetch_add(1, std::memory_order_relaxed);
                local_.Hit(std::move(key), amount, window, std::move(done));
              });
}

void RateLimiter::StorePeek(std::string key, EphemeralStore::CounterDone done) {
  shared_.Peek(
      key, [this, key, done = std::move(done)](Result<EphemeralStore::Counter> counter) mutable {
        const bool down = !counter && counter.error().code == ErrorCode::kUnavailable;
        NoteShared(!down);
        if (!down) return done(std::move(counter));
        fallback_calls_.fetch_add(1, std::memory_order_relaxed);
        local_.Peek(std::move(key), std::move(done));
      });
}

void RateLimiter::StoreReset(std::string key) {
  shared_.Reset(key, [this, key](Status status) mutable {
    const bool down = !status && status.error().code == ErrorCode::kUnavailable;
    NoteShared(!down);
    // This node's counters are cleared either way: they may hold the outage's failures.
    local_.Reset(std::move(key), [](Status) {});
  });
}

Status RateLimiter::Refuse(milliseconds expires_in) {
  refused_.fetch_add(1, std::memory_order_relaxed);
  return RateLimitedError(SecondsUntil(expires_in));
}

bool RateLimiter::Over(const Result<EphemeralStore::Counter>& counter, int64_t allowed) {
  // A store failure other than an outage (a bug, a refusal) lets the request through: limiting
  // must never be the reason a login breaks.
  return counter && counter->count > allowed;
}

Status RateLimiter::Verdict(const Result<EphemeralStore::Counter>& counter, int64_t allowed) {
  return Over(counter, allowed) ? Refuse(counter->expires_in) : Status::Ok();
}

void RateLimiter::Hit(Limit limit, std::string_view subject, Done done) {
  const RateLimit& rule = LimitOf(limit);
  if (!policy_.enabled || rule.off()) return done(Status::Ok());
  StoreHit(
      Key(limit, subject), 1, rule.window,
      [this, allowed = rule.count, done = std::move(done)](
          Result<EphemeralStore::Counter> counter) mutable { done(Verdict(counter, allowed)); });
}

void RateLimiter::Check(Limit limit, std::string_view subject, Done done) {
  const RateLimit& rule = LimitOf(limit);
  if (!policy_.enabled || rule.off()) return done(Status::Ok());
  StorePeek(Key(limit, subject), [this, allowed = rule.count - 1, done = std::move(done)](
                                     Result<EphemeralStore::Counter> counter) mutable {
    done(Verdict(counter, allowed));
  });
}

void RateLimiter::Fail(Limit limit, std::string_view subject) {
  const RateLimit& rule = LimitOf(limit);
  if (!policy_.enabled || rule.off()) return;
  StoreHit(Key(limit, subject), 1, rule.window, [](Result<EphemeralStore::Counter>) {});
}

void RateLimiter::Clear(Limit limit, std::string_view subject) {
  if (!policy_.enabled || LimitOf(limit).off()) return;
  StoreReset(Key(limit, subject));
}

void RateLimiter::CheckLogin(std::string_view ip, std::string_view account, Done done) {
  if (!policy_.enabled) return done(Status::Ok());
  Hit(Limit::kLoginPerIp, ip,
      [this, pair = Pair(account, ip), account = std::string(account),
       done = std::move(done)](Status per_ip) mutable {
        if (!per_ip) return done(std::move(per_ip));
        const RateLimit& pair_rule = policy_.login_failures_per_account_ip;
        if (pair_rule.off()) return ThrottleAccount(std::move(account), 1, std::move(done));
        StorePeek(Key(Limit::kLoginFailuresPerAccountIp, pair),
                  [this, account = std::move(account), allowed = pair_rule.count - 1,
                   done = std::move(done)](Result<EphemeralStore::Counter> pair) mutable {
                    if (Status ok = Verdict(pair, allowed); !ok) return done(std::move(ok));
                    const int64_t pair_failures = pair ? pair->count : 0;
                    ThrottleAccount(std::move(account), pair_failures, std::move(done));
                  });
      });
}

void RateLimiter::ThrottleAccount(std::string account, int64_t pair_failures, Done done) {
  const RateLimit& ceiling = policy_.login_failures_per_account;
  if (ceiling.off() || pair_failures == 0) return done(Status::Ok());
  StorePeek(Key(Limit::kLoginFailuresPerAccount, account),
            [this, account, allowed = ceiling.count - 1,
             done = std::move(done)](Result<EphemeralStore::Counter> failures) mutable {
              if (!Over(failures, allowed)) return done(Status::Ok());
              StoreHit(
                  "rl:login_trickle:" + account.substr(0, kMaxSubject), 1, kTrickleWindow,
                  [this, done = std::move(done)](Result<EphemeralStore::Counter> slot) mutable {
                    done(Verdict(slot, 1));
                  });
            });
}

void RateLimiter::LoginFailed(std::string_view ip, std::string_view account) {
  Fail(Limit::kLoginFailuresPerAccountIp, Pair(account, ip));
  Fail(Limit::kLoginFailuresPerAccount, account);
}

void RateLimiter::LoginSucceeded(std::string_view ip, std::string_view account) {
  Clear(Limit::kLoginFailuresPerAccountIp, Pair(account, ip));
}

RateLimiter::Stats RateLimiter::stats() const {
  return Stats{refused_.load(std::memory_order_relaxed),
               fallback_calls_.load(std::memory_order_relaxed),
               shared_down_.load(std::memory_order_relaxed)};
}

}  // namespace portcullis::core
