// RedisConnection: the state machine (down → connecting → up → down ...) around one hiredis async
// context, with command deadlines checked by a periodic tick. Confined to the io_context's thread.
#include "store/redis/redis_connection.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <utility>

#include "store/redis/asio_hiredis.h"

namespace portcullis::store::redis {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kPingEvery{1};

Error Unavailable(std::string_view why) {
  return MakeError(ErrorCode::kUnavailable, "redis: " + std::string(why));
}

std::chrono::milliseconds TickPeriod(const Options& options) {
  return std::clamp(options.command_timeout / 4, std::chrono::milliseconds(10),
                    std::chrono::milliseconds(100));
}

RedisConnection* Self(const redisAsyncContext* context) {
  return static_cast<RedisConnection*>(context->data);
}

}  // namespace

RedisConnection::RedisConnection(asio::io_context& io, const Options& options, Mode mode,
                                 Events events)
    : io_(io),
      options_(options),
      mode_(mode),
      events_(std::move(events)),
      backoff_(options.reconnect_min),
      reconnect_timer_(io),
      tick_timer_(io) {}

RedisConnection::~RedisConnection() { Stop(); }

void RedisConnection::Start() {
  if (state_ != State::kDown) return;
  Connect();
  if (!ticking_) {
    ticking_ = true;
    Tick();
  }
}

void RedisConnection::Stop() {
  if (state_ == State::kStopped) return;
  state_ = State::kStopped;
  reconnect_timer_.cancel();
  tick_timer_.cancel();
  if (redisAsyncContext* context = std::exchange(context_, nullptr)) redisAsyncFree(context);
  FailPending("the store is closing");
}

void RedisConnection::Connect() {
  redisAsyncContext* context = redisAsyncConnect(options_.host.c_str(), options_.port);
  if (context == nullptr) return Lost("cannot allocate a connection");
  if (context->err != 0) {
    const std::string why = context->errstr;
    redisAsyncFree(context);
    return Lost(why);
  }
  context->data = this;
  AttachToAsio(*context, io_);
  context_ = context;
  state_ = State::kConnecting;
  connect_deadline_ = Clock::now() + std::max<Clock::duration>(options_.command_timeout * 4,
                                                               std::chrono::seconds(1));
  // hiredis asks for the first write readiness here, so the hooks must be in place.
  redisAsyncSetConnectCallback(context, &RedisConnection::OnConnect);
  redisAsyncSetDisconnectCallback(context, &RedisConnection::OnDisconnect);
}

void RedisConnection::OnConnect(const redisAsyncContext* context, int status) {
  RedisConnection* self = Self(context);
  if (self->context_ != context) return;
  if (status != REDIS_OK) {
    // hiredis frees the context after this callback.
    self->context_ = nullptr;
    return self->Lost(context->errstr[0] != '\0' ? context->errstr : "connection refused");
  }
  self->Connected();
}

void RedisConnection::OnDisconnect(const redisAsyncContext* context, int /*status*/) {
  RedisConnection* self = Self(context);
  if (self->context_ != context) return;  // one we freed ourselves
  self->context_ = nullptr;               // hiredis frees it after this callback
  self->Lost(context->errstr[0] != '\0' ? context->errstr : "connection closed");
}

void RedisConnection::Connected() {
  state_ = State::kUp;
  backoff_ = options_.reconnect_min;
  next_ping_ = Clock::now() + kPingEvery;
  // Pipelined ahead of everything else; Redis answers in order.
  if (!options_.password.empty()) {
    SendRaw({"AUTH", options_.password}, &RedisConnection::OnSetupReply, this);
  }
  if (options_.db != 0) {
    SendRaw({"SELECT", std::to_string(options_.db)}, &RedisConnection::OnSetupReply, this);
  }
  for (const std::string& channel : channels_) {
    SendRaw({"SUBSCRIBE", options_.key_prefix + channel}, &RedisConnection::OnPubSub, this);
  }
  for (const PendingPtr& pending : pending_) {
    if (!pending->sent) Send(pending);
  }
  if (events_.up) events_.up();
}

void RedisConnection::OnSetupReply(redisAsyncContext* context, void* reply, void* privdata) {
  const auto* r = static_cast<const redisReply*>(reply);
  if (r == nullptr || r->type != REDIS_REPLY_ERROR) return;
  auto* self = static_cast<RedisConnection*>(privdata);
  // Not inside hiredis's callback: the reset frees the context.
  asio::post(self->io_, [self, context, why = std::string(r->str, r->len)] {
    if (self->context_ == context) self->Reset("setup refused: " + why);
  });
}

void RedisConnection::Lost(std::string_view why) {
  if (state_ == State::kStopped) return FailPending(why);
  if (state_ != State::kDown) MarkDown(why);  // (unless a reply lost with the connection did)
  FailPending(why);
  ScheduleReconnect();
}

void RedisConnection::Reset(std::string_view why) {
  if (state_ == State::kStopped || (state_ == State::kDown && context_ == nullptr)) return;
  if (state_ != State::kDown) MarkDown(why);
  // Freeing runs the callbacks of sent commands with no reply: they fail as unavailable.
  if (redisAsyncContext* context = std::exchange(context_, nullptr)) redisAsyncFree(context);
  FailPending(why);
  ScheduleReconnect();
}

void RedisConnection::MarkDown(std::string_view why) {
  // Before any pending call fails: whoever hears of the failure finds the connection down.
  state_ = State::kDown;
  if (events_.down) events_.down(why);
}

void RedisConnection::FailPending(std::string_view why) {
  std::deque<PendingPtr> failing = std::exchange(pending_, {});
  for (const PendingPtr& pending : failing) {
    if (pending->finished) continue;
    pending->finished = true;
    pending->done(Unavailable(why));
  }
}

void RedisConnection::ScheduleReconnect() {
  reconnect_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
  reconnect_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && state_ == State::kDown) Connect();
  });
}

void RedisConnection::Command(std::vector<std::string> args, ReplyDone done) {
  if (state_ == State::kDown || state_ == State::kStopped) {
    return done(Unavailable(state_ == State::kStopped ? "the store is closing" : "not connected"));
  }
  auto pending = std::make_shared<Pending>();
  pending->args = std::move(args);
  pending->deadline = Clock::now() + options_.command_timeout;
  pending->done = std::move(done);
  pending->owner = this;
  pending_.push_back(pending);
  if (state_ == State::kUp) Send(pending);
}

void RedisConnection::Send(const PendingPtr& pending) {
  pending->sent = true;
  SendRaw(pending->args, &RedisConnection::OnReply, new PendingPtr(pending));
  pending->args.clear();
}

void RedisConnection::SendRaw(const std::vector<std::string>& args, redisCallbackFn* callback,
                              void* privdata) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const std::string& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAsyncCommandArgv(context_, callback, privdata, static_cast<int>(argv.size()),
                            argv.data(), lengths.data()) != REDIS_OK) {
    // Refused before it was queued (the context is closing): answer as if lost.
    callback(context_, nullptr, privdata);
  }
}

void RedisConnection::OnReply(redisAsyncContext* /*context*/, void* reply, void* privdata) {
  std::unique_ptr<PendingPtr> holder(static_cast<PendingPtr*>(privdata));
  Pending& pending = **holder;
  if (pending.finished) return;  // timed out or failed already
  pending.finished = true;
  if (reply == nullptr) {
    // hiredis fails the replies before it reports the disconnection: be down before they hear.
    RedisConnection& owner = *pending.owner;
    if (owner.state_ == State::kUp || owner.state_ == State::kConnecting) {
      owner.MarkDown("connection lost");
    }
    return pending.done(Unavailable("connection lost"));
  }
  pending.done(static_cast<const redisReply*>(reply));
}

void RedisConnection::OnPubSub(redisAsyncContext* /*context*/, void* reply, void* privdata) {
  const auto* r = static_cast<const redisReply*>(reply);
  if (r == nullptr || r->type != REDIS_REPLY_ARRAY || r->elements != 3) return;
  const redisReply* kind = r->element[0];
  const redisReply* channel = r->element[1];
  const redisReply* message = r->element[2];
  if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message" ||
      channel->type != REDIS_REPLY_STRING || message->type != REDIS_REPLY_STRING) {
    return;  // (un)subscribe confirmations
  }
  auto* self = static_cast<RedisConnection*>(privdata);
  std::string_view name(channel->str, channel->len);
  if (!name.starts_with(self->options_.key_prefix)) return;
  name.remove_prefix(self->options_.key_prefix.size());
  if (self->events_.message)
    self->events_.message(name, std::string_view(message->str, message->len));
}

void RedisConnection::Subscribe(const std::string& channel) {
  if (!channels_.insert(channel).second || state_ != State::kUp) return;
  SendRaw({"SUBSCRIBE", options_.key_prefix + channel}, &RedisConnection::OnPubSub, this);
}

void RedisConnection::Unsubscribe(const std::string& channel) {
  if (channels_.erase(channel) == 0 || state_ != State::kUp) return;
  // No callback of its own: the confirmation goes to the channel's SUBSCRIBE callback.
  const std::string name = options_.key_prefix + channel;
  const char* argv[] = {"UNSUBSCRIBE", name.data()};
  const size_t lengths[] = {11, name.size()};
  redisAsyncCommandArgv(context_, nullptr, nullptr, 2, argv, lengths);
}

void RedisConnection::Tick() {
  if (state_ == State::kStopped) return;
  const auto now = Clock::now();
  while (!pending_.empty() && pending_.front()->finished) pending_.pop_front();
  if (!pending_.empty() && pending_.front()->deadline <= now) {
    Reset("no reply within " + std::to_string(options_.command_timeout.count()) + " ms");
  } else if (state_ == State::kConnecting && connect_deadline_ <= now) {
    Reset("connect timed out");
  } else if (state_ == State::kUp && mode_ == Mode::kCommands && pending_.empty() &&
             now >= next_ping_) {
    // An idle connection to a server that hangs would otherwise look up forever.
    next_ping_ = now + kPingEvery;
    Command({"PING"}, [](Result<const redisReply*>) {});
  }
  tick_timer_.expires_after(TickPeriod(options_));
  tick_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Tick();
  });
}

}  // namespace portcullis::store::redis
