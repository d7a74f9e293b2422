// RedisEphemeralStore: core::EphemeralStore on a Redis server, for several nodes. Thread-safe:
// every call is posted to the store's own I/O thread, where two hiredis connections (commands, and
// a subscriber for the broadcast channel) live; callbacks run on that thread.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/mutex.h"
#include "core/ports/ephemeral_store.h"
#include "store/redis/redis_connection.h"
#include "store/redis/redis_options.h"

namespace portcullis::store::redis {

// Failure: while Redis is down every call reports kUnavailable within the command timeout (at once
// when not even connecting); the connections come back by themselves (backoff), and subscriptions
// with them. A refusal because max_pending calls already wait runs its callback at once on the
// caller's thread. Subscriptions must end before the store is destroyed.
class RedisEphemeralStore final : public core::EphemeralStore {
 public:
  // Called on the I/O thread when Redis becomes unavailable (once per outage) and when it is back;
  // `why` never holds the password.
  using AvailabilityListener = std::function<void(bool up, std::string_view why)>;

  // Starts connecting at once; does not wait for the connection.
  RedisEphemeralStore(const Options& options, AvailabilityListener listener = nullptr);
  ~RedisEphemeralStore() override;

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
  // ok while the command connection is up (no round trip: safe on any thread, for /metrics).
  Status Ping() override;

  // Outages seen since start (each loss of the command connection counts once).
  uint64_t outages() const { return outages_.load(std::memory_order_relaxed); }

 private:
  class SubscriptionImpl;
  struct Subscriber;  // one on_message, active until its Subscription ends
  using ReplyDone = RedisConnection::ReplyDone;

  // Counts the call against max_pending and posts the command; `done` runs exactly once.
  void Run(std::vector<std::string> args, ReplyDone done);
  void Deliver(std::string_view channel, std::string_view message);
  void EndSubscription(const std::shared_ptr<Subscriber>& subscriber);
  bool OnIoThread() const { return std::this_thread::get_id() == io_thread_id_; }

  const Options options_;
  const AvailabilityListener listener_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::atomic<std::size_t> outstanding_{0};
  std::atomic<bool> up_{false};
  std::atomic<uint64_t> outages_{0};
  bool reported_down_ = false;  // I/O thread only
  std::unique_ptr<RedisConnection> commands_;
  std::unique_ptr<RedisConnection> subscriber_;
  Mutex subscribers_mu_;
  std::multimap<std::string, std::shared_ptr<Subscriber>, std::less<>> subscribers_
      GUARDED_BY(subscribers_mu_);
  std::thread io_thread_;
  std::thread::id io_thread_id_;
};

}  // namespace portcullis::store::redis
