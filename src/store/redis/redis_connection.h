// RedisConnection: one hiredis async connection that rebuilds itself — connects, authenticates,
// selects the database, sends commands with a timeout, and after any loss fails what was pending
// and reconnects with backoff. A subscriber connection re-sends its SUBSCRIBEs after each
// reconnect. Confined to its io_context's one thread: every method must be called there.
#pragma once

#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/unique_function.h"
#include "store/redis/redis_options.h"

namespace portcullis::store::redis {

class RedisConnection {
 public:
  enum class Mode { kCommands, kSubscriber };
  // The reply is valid only during the call; an error reply arrives as a reply (the caller
  // decides), a lost connection or a timeout as kUnavailable.
  using ReplyDone = UniqueFunction<void(Result<const redisReply*>)>;
  struct Events {
    std::function<void()> up;                        // connected (again)
    std::function<void(std::string_view why)> down;  // lost, refused or timed out (once per loss)
    // kSubscriber: a message on a subscribed channel.
    std::function<void(std::string_view channel, std::string_view message)> message;
  };

  RedisConnection(boost::asio::io_context& io, const Options& options, Mode mode, Events events);
  ~RedisConnection();  // after Stop, or once the io_context no longer runs
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  void Start();
  // Frees the connection, fails what is pending and stays down.
  void Stop();
  // Drops the connection now (pending calls fail) and reconnects after the backoff.
  void Reset(std::string_view why);
  bool up() const { return state_ == State::kUp; }

  // kCommands. Down: fails at once; connecting: waits (within the timeout) to be sent.
  void Command(std::vector<std::string> args, ReplyDone done);

  // kSubscriber: the channels it keeps subscribed across reconnects.
  void Subscribe(const std::string& channel);
  void Unsubscribe(const std::string& channel);

 private:
  enum class State { kDown, kConnecting, kUp, kStopped };
  struct Pending {
    std::vector<std::string> args;  // cleared once sent
    bool sent = false;
    bool finished = false;
    std::chrono::steady_clock::time_point deadline;
    ReplyDone done;
    RedisConnection* owner = nullptr;
  };
  using PendingPtr = std::shared_ptr<Pending>;

  static void OnConnect(const redisAsyncContext* context, int status);
  static void OnDisconnect(const redisAsyncContext* context, int status);
  static void OnReply(redisAsyncContext* context, void* reply, void* privdata);
  static void OnSetupReply(redisAsyncContext* context, void* reply, void* privdata);
  static void OnPubSub(redisAsyncContext* context, void* reply, void* privdata);

  void Connect();
  void Connected();
  // The context is gone (hiredis freed it, or it never connected): fail, report, retry later.
  void Lost(std::string_view why);
  void MarkDown(std::string_view why);
  void FailPending(std::string_view why);
  void Send(const PendingPtr& pending);
  void SendRaw(const std::vector<std::string>& args, redisCallbackFn* callback, void* privdata);
  void ScheduleReconnect();
  void Tick();

  boost::asio::io_context& io_;
  const Options options_;
  const Mode mode_;
  const Events events_;
  State state_ = State::kDown;
  redisAsyncContext* context_ = nullptr;
  std::deque<PendingPtr> pending_;  // in the order sent (or to be sent)
  std::set<std::string> channels_;  // kSubscriber
  std::chrono::milliseconds backoff_;
  std::chrono::steady_clock::time_point connect_deadline_;
  std::chrono::steady_clock::time_point next_ping_;
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer tick_timer_;
  bool ticking_ = false;
};

}  // namespace portcullis::store::redis
