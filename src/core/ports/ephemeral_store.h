// EphemeralStore: the port for shared short-lived state — counters and single-use values that
// expire, and a broadcast channel between nodes. Thread-safe; every call returns at once and
// reports through its callback (see the contract on the class).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/unique_function.h"

namespace portcullis::core {

// One node keeps this state in its own memory (the default); several nodes share it through a
// server (Redis). Keys are plain strings; implementations add their own prefix.
//
// Callbacks: each runs exactly once, on the caller's thread before the call returns (in-process)
// or on the implementation's own I/O thread later (Redis; a call it refuses at once because too
// many wait already calls back on the caller's thread). A callback must be quick and must not
// wait: it posts its continuation (an http::Reply, the next step of a flow). A call that cannot be
// served (the server is down) reports kUnavailable; callers decide what that means (the rate
// limiter falls back to counting on this node).
class EphemeralStore {
 public:
  // A fixed-window counter after a hit (or a peek): how many hits the window holds, and how long
  // until it ends (zero when the counter does not exist).
  struct Counter {
    int64_t count = 0;
    std::chrono::milliseconds expires_in{0};
  };
  using CounterDone = UniqueFunction<void(Result<Counter>)>;
  using StatusDone = UniqueFunction<void(Status)>;
  using ValueDone = UniqueFunction<void(Result<std::optional<std::string>>)>;

  // Ends a Subscribe: after its destructor returns, the callback is never called again.
  class Subscription {
   public:
    virtual ~Subscription() = default;
  };

  virtual ~EphemeralStore() = default;

  // Counters with a time-to-live (rate limits). Hit adds `amount` to the counter `key`, starting
  // a window of `window` when the counter is absent or expired (the window does not slide), and
  // reports the counter after the hit.
  virtual void Hit(std::string key, int64_t amount, std::chrono::milliseconds window,
                   CounterDone done) = 0;
  // Reports the counter without changing it ({0, 0ms} when absent or expired).
  virtual void Peek(std::string key, CounterDone done) = 0;
  // Deletes the counter (a successful login clears its failures). Idempotent.
  virtual void Reset(std::string key, StatusDone done) = 0;

  // Single-use values with a time-to-live (an SSO state or nonce). PutOnce stores `value` under
  // `key` for `ttl`; kConflict when the key holds a live value. Take returns the value and deletes
  // it in one step (two racing Takes: one gets the value, the other nullopt); nullopt when absent
  // or expired.
  virtual void PutOnce(std::string key, std::string value, std::chrono::milliseconds ttl,
                       StatusDone done) = 0;
  virtual void Take(std::string key, ValueDone done) = 0;

  // Broadcast: Publish delivers `message` to every subscriber of `channel` on every node,
  // including this one, at most once and best effort (a message published while the server is
  // down is lost; callers that need certainty have a second path, e.g. the revocation poll).
  virtual void Publish(std::string channel, std::string message) = 0;
  // Calls `on_message` for each message on `channel` until the Subscription is destroyed, on the
  // implementation's thread, one message at a time. A subscriber resubscribes by itself after the
  // server comes back.
  virtual std::unique_ptr<Subscription> Subscribe(
      std::string channel, std::function<void(const std::string& message)> on_message) = 0;

  // ok when the shared server answers (always ok in-process); for /ready and metrics.
  virtual Status Ping() = 0;
};

}  // namespace portcullis::core
