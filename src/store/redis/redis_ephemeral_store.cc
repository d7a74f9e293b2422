// RedisEphemeralStore: each port call becomes one Redis command (a counter is one Lua script, so
// the increment, the window's start and the reading are atomic and one round trip).
// Thread-safe as documented in redis_ephemeral_store.h.
#include "store/redis/redis_ephemeral_store.h"

#include <boost/asio/post.hpp>
#include <utility>

namespace portcullis::store::redis {
namespace {

namespace asio = boost::asio;
using core::EphemeralStore;

// A fixed window: the first hit (no expiry yet) starts it; later hits keep it.
constexpr const char* kHitScript = R"lua(
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {n, ttl})lua";

constexpr const char* kPeekScript = R"lua(
local v = redis.call('GET', KEYS[1])
if not v then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {tonumber(v) or 0, ttl})lua";

Error Unexpected(const redisReply* reply) {
  if (reply->type == REDIS_REPLY_ERROR) {
    return MakeError(ErrorCode::kUnavailable, "redis: " + std::string(reply->str, reply->len));
  }
  return MakeError(ErrorCode::kUnavailable, "redis: unexpected reply");
}

Result<EphemeralStore::Counter> CounterOf(const redisReply* reply) {
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
      reply->element[0]->type != REDIS_REPLY_INTEGER ||
      reply->element[1]->type != REDIS_REPLY_INTEGER) {
    return Unexpected(reply);
  }
  return EphemeralStore::Counter{reply->element[0]->integer,
                                 std::chrono::milliseconds(reply->element[1]->integer)};
}

std::string Millis(std::chrono::milliseconds ms) {
  return std::to_string(std::max<int64_t>(ms.count(), 1));
}

}  // namespace

struct RedisEphemeralStore::Subscriber {
  std::string channel;
  std::function<void(const std::string& message)> on_message;
  Mutex mu;  // held while on_message runs (off the I/O thread, ending waits for it)
  std::atomic<bool> active{true};
};

class RedisEphemeralStore::SubscriptionImpl final : public core::EphemeralStore::Subscription {
 public:
  SubscriptionImpl(RedisEphemeralStore& store, std::shared_ptr<Subscriber> subscriber)
      : store_(store), subscriber_(std::move(subscriber)) {}
  ~SubscriptionImpl() override { store_.EndSubscription(subscriber_); }

 private:
  RedisEphemeralStore& store_;
  std::shared_ptr<Subscriber> subscriber_;
};

RedisEphemeralStore::RedisEphemeralStore(const Options& options, AvailabilityListener listener)
    : options_(options), listener_(std::move(listener)), work_(asio::make_work_guard(io_)) {
  RedisConnection::Events command_events;
  command_events.up = [this] {
    up_.store(true);
    if (reported_down_ && listener_) listener_(true, "connected");
    reported_down_ = false;
  };
  command_events.down = [this](std::string_view why) {
    up_.store(false);
    // A hung server may have left the subscriber connected but mute: rebuild it as well.
    subscriber_->Reset(why);
    if (reported_down_) return;
    reported_down_ = true;
    outages_.fetch_add(1, std::memory_order_relaxed);
    if (listener_) listener_(false, why);
  };
  RedisConnection::Events subscriber_events;
  subscriber_events.message = [this](std::string_view channel, std::string_view message) {
    Deliver(channel, message);
  };
  commands_ = std::make_unique<RedisConnection>(io_, options_, RedisConnection::Mode::kCommands,
                                                std::move(command_events));
  subscriber_ = std::make_unique<RedisConnection>(io_, options_, RedisConnection::Mode::kSubscriber,
                                                  std::move(subscriber_events));
  asio::post(io_, [this] {
    commands_->Start();
    subscriber_->Start();
  });
  io_thread_ = std::thread([this] { io_.run(); });
  io_thread_id_ = io_thread_.get_id();
}

RedisEphemeralStore::~RedisEphemeralStore() {
  asio::post(io_, [this] {
    subscriber_->Stop();
    commands_->Stop();
  });
  work_.reset();
  io_thread_.join();
}

void RedisEphemeralStore::Run(std::vector<std::string> args, ReplyDone done) {
  if (outstanding_.fetch_add(1) >= options_.max_pending) {
    outstanding_.fetch_sub(1);
    return done(MakeError(ErrorCode::kUnavailable, "redis: too many calls waiting"));
  }
  asio::post(io_, [this, args = std::move(args), done = std::move(done)]() mutable {
    commands_->Command(std::move(args),
                       [this, done = std::move(done)](Result<const redisReply*> reply) mutable {
                         outstanding_.fetch_sub(1);
                         done(std::move(reply));
                       });
  });
}

void RedisEphemeralStore::Hit(std::string key, int64_t amount, std::chrono::milliseconds window,
                              CounterDone done) {
  Run({"EVAL", kHitScript, "1", options_.key_prefix + key, std::to_string(amount), Millis(window)},
      [done = std::move(done)](Result<const redisReply*> reply) mutable {
        if (!reply) return done(reply.error());
        done(CounterOf(*reply));
      });
}

void RedisEphemeralStore::Peek(std::string key, CounterDone done) {
  Run({"EVAL", kPeekScript, "1", options_.key_prefix + key},
      [done = std::move(done)](Result<const redisReply*> reply) mutable {
        if (!reply) return done(reply.error());
        done(CounterOf(*reply));
      });
}

void RedisEphemeralStore::Reset(std::string key, StatusDone done) {
  Run({"DEL", options_.key_prefix + key},
      [done = std::move(done)](Result<const redisReply*> reply) mutable {
        if (!reply) return done(reply.error());
        if ((*reply)->type != REDIS_REPLY_INTEGER) return done(Unexpected(*reply));
        done(Status::Ok());
      });
}

void RedisEphemeralStore::PutOnce(std::string key, std::string value, std::chrono::milliseconds ttl,
                                  StatusDone done) {
  Run({"SET", options_.key_prefix + key, std::move(value), "PX", Millis(ttl), "NX"},
      [done = std::move(done)](Result<const redisReply*> reply) mutable {
        if (!reply) return done(reply.error());
        if ((*reply)->type == REDIS_REPLY_NIL) {
          return done(MakeError(ErrorCode::kConflict, "the key holds a live value"));
        }
        if ((*reply)->type != REDIS_REPLY_STATUS) return done(Unexpected(*reply));
        done(Status::Ok());
      });
}

void RedisEphemeralStore::Take(std::string key, ValueDone done) {
  Run({"GETDEL", options_.key_prefix + key},
      [done = std::move(done)](Result<const redisReply*> reply) mutable {
        if (!reply) return done(reply.error());
        const redisReply* r = *reply;
        if (r->type == REDIS_REPLY_NIL) return done(std::optional<std::string>());
        if (r->type != REDIS_REPLY_STRING) return done(Unexpected(r));
        done(std::optional<std::string>(std::string(r->str, r->len)));
      });
}

void RedisEphemeralStore::Publish(std::string channel, std::string message) {
  // Best effort by contract: a failure loses the message.
  Run({"PUBLISH", options_.key_prefix + channel, std::move(message)},
      [](Result<const redisReply*>) {});
}

std::unique_ptr<core::EphemeralStore::Subscription> RedisEphemeralStore::Subscribe(
    std::string channel, std::function<void(const std::string& message)> on_message) {
  auto subscriber = std::make_shared<Subscriber>();
  subscriber->channel = channel;
  subscriber->on_message = std::move(on_message);
  {
    MutexLock lock(subscribers_mu_);
    subscribers_.emplace(channel, subscriber);
  }
  asio::post(io_, [this, channel = std::move(channel)] { subscriber_->Subscribe(channel); });
  return std::make_unique<SubscriptionImpl>(*this, std::move(subscriber));
}

void RedisEphemeralStore::Deliver(std::string_view channel, std::string_view message) {
  std::vector<std::shared_ptr<Subscriber>> receivers;
  {
    MutexLock lock(subscribers_mu_);
    auto [begin, end] = subscribers_.equal_range(channel);
    for (auto it = begin; it != end; ++it) receivers.push_back(it->second);
  }
  const std::string text(message);
  for (const auto& receiver : receivers) {
    MutexLock lock(receiver->mu);
    if (receiver->active.load()) receiver->on_message(text);
  }
}

void RedisEphemeralStore::EndSubscription(const std::shared_ptr<Subscriber>& subscriber) {
  {
    MutexLock lock(subscribers_mu_);
    auto [begin, end] = subscribers_.equal_range(subscriber->channel);
    for (auto it = begin; it != end; ++it) {
      if (it->second == subscriber) {
        subscribers_.erase(it);
        break;
      }
    }
  }
  if (OnIoThread()) {
    // Deliveries run on this thread, so none is under way but possibly this very one.
    subscriber->active.store(false);
  } else {
    MutexLock lock(subscriber->mu);  // waits for a delivery under way
    subscriber->active.store(false);
  }
  // Decided on the I/O thread, so a Subscribe to the same channel racing this end is not lost.
  asio::post(io_, [this, channel = subscriber->channel] {
    bool last = false;
    {
      MutexLock lock(subscribers_mu_);
      last = subscribers_.count(channel) == 0;
    }
    if (last) subscriber_->Unsubscribe(channel);
  });
}

Status RedisEphemeralStore::Ping() {
  if (up_.load()) return Status::Ok();
  return MakeError(ErrorCode::kUnavailable, "redis: not connected");
}

}  // namespace portcullis::store::redis
