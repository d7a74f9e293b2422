// InProcessEphemeralStore: sharded maps of counters and single-use values with expiry, and local
// publish/subscribe. Thread-safe; each shard's maps under its Mutex, subscribers under their own.
#include "core/in_process_ephemeral_store.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace portcullis::core {

// One subscriber: its callback runs under `mu`, so messages come one at a time and, once the
// Subscription is destroyed (active = false under `mu`), never again.
class InProcessEphemeralStore::Subscriber {
 public:
  explicit Subscriber(std::function<void(const std::string&)> on_message)
      : on_message_(std::move(on_message)) {}
  void Deliver(const std::string& message) {
    MutexLock lock(mu_);
    if (active_) on_message_(message);
  }
  void Deactivate() {
    MutexLock lock(mu_);
    active_ = false;
  }

 private:
  Mutex mu_;
  bool active_ GUARDED_BY(mu_) = true;
  const std::function<void(const std::string&)> on_message_;
};

// Ends a subscription: deactivates it (waiting for a delivery in progress) and forgets it.
class InProcessEphemeralStore::SubscriptionHandle final : public Subscription {
 public:
  SubscriptionHandle(InProcessEphemeralStore& store, std::string channel,
                     std::shared_ptr<Subscriber> subscriber)
      : store_(store), channel_(std::move(channel)), subscriber_(std::move(subscriber)) {}
  ~SubscriptionHandle() override {
    subscriber_->Deactivate();
    store_.Unsubscribe(channel_, subscriber_.get());
  }

 private:
  InProcessEphemeralStore& store_;
  const std::string channel_;
  const std::shared_ptr<Subscriber> subscriber_;
};

InProcessEphemeralStore::InProcessEphemeralStore(const Clock& clock, std::size_t max_entries)
    : clock_(clock), max_per_shard_(std::max<std::size_t>(1, max_entries / kShards)) {}

InProcessEphemeralStore::~InProcessEphemeralStore() = default;

InProcessEphemeralStore::Shard& InProcessEphemeralStore::ShardOf(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

int64_t InProcessEphemeralStore::NowMs() const { return clock_.NowSeconds() * 1000; }

void InProcessEphemeralStore::MakeRoom(Shard& shard, int64_t now) {
  const bool full = shard.counters.size() + shard.values.size() >= max_per_shard_;
  if (!full && ++shard.inserts_since_sweep < kSweepEvery) return;
  shard.inserts_since_sweep = 0;
  // One pass over both maps: drop the expired, remember the entry closest to expiry.
  using Map = std::unordered_map<std::string, Entry>;
  Map* soonest_map = nullptr;
  Map::iterator soonest;
  int64_t soonest_at = std::numeric_limits<int64_t>::max();
  for (Map* map : {&shard.counters, &shard.values}) {
    for (auto it = map->begin(); it != map->end();) {
      if (it->second.expires_at <= now) {
        it = map->erase(it);
        continue;
      }
      if (it->second.expires_at < soonest_at) {
        soonest_at = it->second.expires_at;
        soonest_map = map;
        soonest = it;
      }
      ++it;
    }
  }
  if (soonest_map != nullptr && shard.counters.size() + shard.values.size() >= max_per_shard_) {
    soonest_map->erase(soonest);
  }
}

void InProcessEphemeralStore::Hit(std::string key, int64_t amount, std::chrono::milliseconds window,
                                  CounterDone done) {
  const int64_t now = NowMs();
  Counter counter;
  {
    Shard& shard = ShardOf(key);
    MutexLock lock(shard.mu);
    auto it = shard.counters.find(key);
    if (it == shard.counters.end() || it->second.expires_at <= now) {
      if (it != shard.counters.end()) shard.counters.erase(it);
      MakeRoom(shard, now);
      it = shard.counters.emplace(std::move(key), Entry{0, {}, now + window.count()}).first;
    }
    it->second.count += amount;
    counter = Counter{it->second.count, std::chrono::milliseconds(it->second.expires_at - now)};
  }
  done(counter);
}

void InProcessEphemeralStore::Peek(std::string key, CounterDone done) {
  const int64_t now = NowMs();
  Counter counter;
  {
    Shard& shard = ShardOf(key);
    MutexLock lock(shard.mu);
    auto it = shard.counters.find(key);
    if (it != shard.counters.end() && it->second.expires_at > now) {
      counter = Counter{it->second.count, std::chrono::milliseconds(it->second.expires_at - now)};
    }
  }
  done(counter);
}

void InProcessEphemeralStore::Reset(std::string key, StatusDone done) {
  {
    Shard& shard = ShardOf(key);
    MutexLock lock(shard.mu);
    shard.counters.erase(key);
  }
  done(Status::Ok());
}

void InProcessEphemeralStore::PutOnce(std::string key, std::string value,
                                      std::chrono::milliseconds ttl, StatusDone done) {
  const int64_t now = NowMs();
  Status status;
  {
    Shard& shard = ShardOf(key);
    MutexLock lock(shard.mu);
    auto it = shard.values.find(key);
    if (it != shard.values.end() && it->second.expires_at > now) {
      status = MakeError(ErrorCode::kConflict, "the key holds a live value");
    } else {
      if (it != shard.values.end()) shard.values.erase(it);
      MakeRoom(shard, now);
      shard.values.emplace(std::move(key), Entry{0, std::move(value), now + ttl.count()});
    }
  }
  done(std::move(status));
}

void InProcessEphemeralStore::Take(std::string key, ValueDone done) {
  const int64_t now = NowMs();
  std::optional<std::string> taken;
  {
    Shard& shard = ShardOf(key);
    MutexLock lock(shard.mu);
    auto it = shard.values.find(key);
    if (it != shard.values.end()) {
      if (it->second.expires_at > now) taken = std::move(it->second.value);
      shard.values.erase(it);
    }
  }
  done(std::move(taken));
}

void InProcessEphemeralStore::Publish(std::string channel, std::string message) {
  std::vector<std::shared_ptr<Subscriber>> receivers;
  {
    MutexLock lock(subscribers_mu_);
    auto it = subscribers_.find(channel);
    if (it != subscribers_.end()) receivers = it->second;
  }
  for (const auto& receiver : receivers) receiver->Deliver(message);
}

std::unique_ptr<EphemeralStore::Subscription> InProcessEphemeralStore::Subscribe(
    std::string channel, std::function<void(const std::string& message)> on_message) {
  auto subscriber = std::make_shared<Subscriber>(std::move(on_message));
  {
    MutexLock lock(subscribers_mu_);
    subscribers_[channel].push_back(subscriber);
  }
  return std::make_unique<SubscriptionHandle>(*this, std::move(channel), std::move(subscriber));
}

void InProcessEphemeralStore::Unsubscribe(const std::string& channel,
                                          const Subscriber* subscriber) {
  MutexLock lock(subscribers_mu_);
  auto it = subscribers_.find(channel);
  if (it == subscribers_.end()) return;
  std::erase_if(it->second, [subscriber](const auto& s) { return s.get() == subscriber; });
  if (it->second.empty()) subscribers_.erase(it);
}

std::size_t InProcessEphemeralStore::size() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    MutexLock lock(shard.mu);
    n += shard.counters.size() + shard.values.size();
  }
  return n;
}

}  // namespace portcullis::core
