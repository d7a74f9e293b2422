// RateLimiter: the named limits of RateLimitPolicy counted in an EphemeralStore, with a fallback
// to counting on this node while the shared store is down. Thread-safe; callback-based like the
// store (with the in-process store every callback runs inline, before the call returns).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "common/unique_function.h"
#include "core/in_process_ephemeral_store.h"
#include "core/ports/ephemeral_store.h"
#include "core/rate_limit.h"

namespace portcullis::core {

// Which limit of RateLimitPolicy a call counts against.
enum class Limit {
  kLoginPerIp,
  kLoginFailuresPerAccountIp,
  kLoginFailuresPerAccount,
  kRegisterPerIp,
  kRefreshPerIp,
  kMfaFailuresPerAccount,
  kStepUpFailuresPerSession,
  kPasswordChangeFailuresPerAccount,
  kMailPerAddress,
  kMailPerIp,
};

// The refusal every limit answers: kRateLimited with `retry_after` (seconds, at least 1).
Error RateLimitedError(int64_t retry_after_seconds);

// What a per-address limit counts: an IPv4 address as it is; an IPv6 address by its /64
// ("2001:db8:1:2::/64"), since one subscriber or host holds a whole /64 and could otherwise
// spread its attempts over 2^64 addresses; an IPv4-mapped IPv6 address as its IPv4 form.
// Anything that does not parse is counted as written.
std::string RateLimitAddress(std::string_view ip);

class RateLimiter {
 public:
  // Called with ok (go on) or the refusal (RateLimitedError). Runs once, inline with the
  // in-process store or on the shared store's thread; must be quick (post the next step).
  using Done = UniqueFunction<void(Status)>;

  struct Stats {
    uint64_t refused = 0;         // requests answered 429
    uint64_t fallback_calls = 0;  // store calls served by this node's own counters
    bool shared_store_down = false;
  };

  // `shared` is where counters live (this process or a shared server); `warn` receives one line
  // when the shared store goes down and one when it is back (never per request). Both must
  // outlive the limiter.
  RateLimiter(RateLimitPolicy policy, EphemeralStore& shared, const Clock& clock,
              std::function<void(std::string_view)> warn = {});

  // Counts one request of `subject` (a client IP, an address) against `limit` and refuses it when
  // the window already holds the limit's count.
  void Hit(Limit limit, std::string_view subject, Done done);
  // Refuses when `subject`'s failures already fill `limit`'s window; counts nothing.
  void Check(Limit limit, std::string_view subject, Done done);
  // Counts one failure of `subject` (after it happened; nothing waits for it).
  void Fail(Limit limit, std::string_view subject);
  // Forgets `subject`'s failures (a success).
  void Clear(Limit limit, std::string_view subject);

  // Before a login's password is verified, in this order: the attempt counts against
  // login_per_ip; refused when the (account, ip) pair's failures fill
  // login_failures_per_account_ip; and when the account's failures from every IP fill
  // login_failures_per_account, a pair that has failed before shares one attempt per second with
  // the account's other failed pairs (refused with Retry-After 1 otherwise) — a pair with no
  // failure (the real user, elsewhere) is never slowed, so an attacker cannot lock anyone out.
  // `account` is a stable id of the account the credentials name (for an unknown one, the name).
  void CheckLogin(std::string_view ip, std::string_view account, Done done);
  // After the password was wrong: counts the pair's and the account's failure.
  void LoginFailed(std::string_view ip, std::string_view account);
  // After the password was right: clears the pair's failures (not the account's).
  void LoginSucceeded(std::string_view ip, std::string_view account);

  bool enabled() const { return policy_.enabled; }
  const RateLimitPolicy& policy() const { return policy_; }
  Stats stats() const;

 private:
  const RateLimit& LimitOf(Limit limit) const;
  static std::string Key(Limit limit, std::string_view subject);
  // The store calls, each falling back to `local_` when the shared store reports kUnavailable.
  void StoreHit(std::string key, int64_t amount, std::chrono::milliseconds window,
                EphemeralStore::CounterDone done);
  void StorePeek(std::string key, EphemeralStore::CounterDone done);
  void StoreReset(std::string key);
  // Notes whether the shared store answered; logs the change of state once.
  void NoteShared(bool up);
  // Whether `counter` holds more than `allowed` (a failed store call: no).
  static bool Over(const Result<EphemeralStore::Counter>& counter, int64_t allowed);
  // The refusal (counted in stats) when Over, else ok.
  Status Verdict(const Result<EphemeralStore::Counter>& counter, int64_t allowed);
  Status Refuse(std::chrono::milliseconds expires_in);
  // CheckLogin's last step: the account-wide ceiling, for a pair with `pair_failures`.
  void ThrottleAccount(std::string account, int64_t pair_failures, Done done);

  const RateLimitPolicy policy_;
  EphemeralStore& shared_;
  InProcessEphemeralStore local_;  // this node's counters while the shared store is down
  const std::function<void(std::string_view)> warn_;
  std::atomic<bool> shared_down_{false};
  std::atomic<uint64_t> refused_{0};
  std::atomic<uint64_t> fallback_calls_{0};
};

}  // namespace portcullis::core
