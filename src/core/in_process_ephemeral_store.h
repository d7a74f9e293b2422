// InProcessEphemeralStore: EphemeralStore in this process's memory (one node, the default).
// Thread-safe: keys are spread over shards, each under its own Mutex; every callback runs inline.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "core/ports/ephemeral_store.h"

namespace portcullis::core {

// Memory is bounded: at most `max_entries` counters and values are held (spread evenly over the
// shards). Expired entries are swept from a shard every kSweepEvery insertions into it, and
// whenever it is full; a shard still full after the sweep evicts the entry that would expire
// soonest (the one with the least of its window left to count), so a flood of new keys (an
// attacker spraying addresses) costs a bounded amount of memory and cannot stop new counters.
// Time comes from `clock` (seconds), so windows are counted in whole seconds. Publish delivers on
// the publishing thread, one message at a time per subscriber; a callback must not destroy its own
// Subscription or publish to its own channel (it would wait for itself). Subscriptions must be
// destroyed before the store.
class InProcessEphemeralStore final : public EphemeralStore {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 200'000;

  explicit InProcessEphemeralStore(const Clock& clock,
                                   std::size_t max_entries = kDefaultMaxEntries);
  ~InProcessEphemeralStore() override;

  void Hit(std::string key, int64_t amount, std::chrono::milliseconds window,
           CounterDone done) override;
  void Peek(std::string key, CounterDone done) override;
  void Reset(std::string key, StatusDone done) override;
  void PutOnce(std::string key, std::string value, std::chrono::milliseconds ttl,
               StatusDone done) override;
  void Take(std::string key, ValueDone done) override;
  void Publish(std::string channel, std::string message) override;
  std::unique_ptr<Subscription> Subscribe(
      std::string channel, std::function<void(const std::string& message)> on_message) override;
  Status Ping() override { return Status::Ok(); }

  // Live and not yet swept entries (counters and values), for tests and metrics.
  std::size_t size() const;

 private:
  static constexpr std::size_t kShards = 32;
  static constexpr std::size_t kSweepEvery = 1024;

  struct Entry {
    int64_t count = 0;   // a counter's hits
    std::string value;   // a single-use value
    int64_t expires_at;  // milliseconds since the epoch
  };
  struct Shard {
    mutable Mutex mu;
    std::unordered_map<std::string, Entry> counters GUARDED_BY(mu);
    std::unordered_map<std::string, Entry> values GUARDED_BY(mu);
    std::size_t inserts_since_sweep GUARDED_BY(mu) = 0;
  };
  class Subscriber;
  class SubscriptionHandle;

  Shard& ShardOf(const std::string& key);
  int64_t NowMs() const;
  // Called before inserting a new key into `shard`: sweeps and, when still full, evicts one.
  void MakeRoom(Shard& shard, int64_t now) REQUIRES(shard.mu);
  void Unsubscribe(const std::string& channel, const Subscriber* subscriber);

  const Clock& clock_;
  const std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;

  Mutex subscribers_mu_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Subscriber>>> subscribers_
      GUARDED_BY(subscribers_mu_);
};

}  // namespace portcullis::core
