// LoopbackBroadcast: the broadcast half of an EphemeralStore for core tests — Publish calls every
// subscriber at once on the publishing thread, or drops the message when told to (a lost message).
// Counters and values are not implemented (kUnavailable). Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "common/mutex.h"
#include "core/ports/ephemeral_store.h"

namespace portcullis::core::testing {

class LoopbackBroadcast final : public EphemeralStore {
 public:
  void Hit(std::string, int64_t, std::chrono::milliseconds, CounterDone done) override {
    done(Unavailable());
  }
  void Peek(std::string, CounterDone done) override { done(Unavailable()); }
  void Reset(std::string, StatusDone done) override { done(Unavailable()); }
  void PutOnce(std::string, std::string, std::chrono::milliseconds, StatusDone done) override {
    done(Unavailable());
  }
  void Take(std::string, ValueDone done) override { done(Unavailable()); }

  void Publish(std::string channel, std::string message) override {
    if (drop_) return;
    MutexLock lock(mu_);
    for (const auto& [id, s] : subscribers_) {
      if (s.channel == channel) s.on_message(message);
    }
  }
  std::unique_ptr<Subscription> Subscribe(
      std::string channel, std::function<void(const std::string&)> on_message) override {
    MutexLock lock(mu_);
    const int id = next_id_++;
    subscribers_[id] = {std::move(channel), std::move(on_message)};
    return std::make_unique<Ended>(*this, id);
  }
  Status Ping() override { return Status::Ok(); }

  void set_drop(bool drop) { drop_ = drop; }

 private:
  static Error Unavailable() { return MakeError(ErrorCode::kUnavailable, "not in this fake"); }
  struct Subscriber {
    std::string channel;
    std::function<void(const std::string&)> on_message;
  };
  class Ended final : public Subscription {
   public:
    Ended(LoopbackBroadcast& owner, int id) : owner_(owner), id_(id) {}
    ~Ended() override {
      MutexLock lock(owner_.mu_);
      owner_.subscribers_.erase(id_);
    }

   private:
    LoopbackBroadcast& owner_;
    int id_;
  };

  std::atomic<bool> drop_{false};
  Mutex mu_;
  int next_id_ GUARDED_BY(mu_) = 0;
  std::map<int, Subscriber> subscribers_ GUARDED_BY(mu_);
};

}  // namespace portcullis::core::testing
