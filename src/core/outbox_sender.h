// OutboxSender: drains the durable mail outbox. It claims a due message with a lease (so a sender
// that dies mid-send leaves it for a later one), opens its sealed content, hands it to the Mailer
// and deletes it once accepted; a failure is retried with exponential backoff, and a message is
// parked after `max_attempts` or at once on a permanent refusal. Delivery is at-least-once.
// Thread-safe: SendDue and RefreshCounts may run on any thread (one at a time); Start runs them on
// a thread of the sender's own, woken by Wake and otherwise every `poll`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <string_view>
#include <thread>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "core/crypto_ports.h"
#include "core/ports/mailer.h"
#include "core/ports/store.h"

namespace portcullis::core {

struct OutboxSenderOptions {
  int64_t max_attempts = 20;                // setting mail_max_attempts
  std::chrono::seconds retry_initial{10};   // setting mail_retry_initial, doubled per attempt
  std::chrono::seconds retry_max{15 * 60};  // setting mail_retry_max
  std::chrono::seconds poll{1};             // setting mail_poll (messages other nodes enqueued)
  std::chrono::seconds lease{40};           // not a setting: a little more than smtp_timeout
};

// Counters since start, and the outbox's size at the start of the last round.
struct OutboxSenderStats {
  int64_t sent = 0;
  int64_t failed_attempts = 0;
  int64_t parked = 0;         // messages this process parked
  int64_t pending = 0;        // in the outbox, not parked (due or waiting for a retry)
  int64_t parked_stored = 0;  // parked messages kept in the outbox
};

class OutboxSender {
 public:
  enum class LogLevel { kInfo, kWarning };
  // One line per failed attempt, parked message and store outage (and its end); never the
  // message's content.
  using LogLine = std::function<void(LogLevel level, std::string_view line)>;

  // Every reference must outlive the sender.
  OutboxSender(OutboxSenderOptions options, Store& store, Mailer& mailer, DataSealer& sealer,
               const Clock& clock, LogLine log = nullptr);
  ~OutboxSender();  // stops the thread
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  // Reads the outbox's counts (stats()) and, when messages are pending, sends every message due
  // now, one at a time, until none is left or Stop. A store failure ends the round (logged once
  // per outage; nothing is lost: what was claimed is due again when its lease ends) and is
  // returned.
  Status SendDue();
  // Reads the outbox's pending and parked counts into stats().
  Status RefreshCounts();
  // The delay before attempt `attempts` + 1: retry_initial doubled per earlier attempt, at most
  // retry_max.
  std::chrono::seconds Backoff(int64_t attempts) const;

  // Runs SendDue on a thread of its own: at once, after each Wake, and every `poll`.
  void Start();
  // After a commit that enqueued: send now instead of at the next poll. Any thread; cheap.
  void Wake();
  // Stops the thread after the message under way (an SMTP mailer's own Shutdown cuts that short).
  void Stop();

  OutboxSenderStats stats() const;

 private:
  // Delivers one claimed message and records the outcome. False when the store failed.
  bool Deliver(const OutboxMessage& message) REQUIRES(send_mu_);
  // Logs the first failure of an outage and the recovery after it.
  void NoteStore(const Status& status) REQUIRES(send_mu_);
  bool stopping() const;
  void Log(LogLevel level, std::string_view line) const;

  const OutboxSenderOptions options_;
  Store& store_;
  Mailer& mailer_;
  DataSealer& sealer_;
  const Clock& clock_;
  const LogLine log_;

  Mutex send_mu_;  // one SendDue at a time
  bool store_failing_ GUARDED_BY(send_mu_) = false;
  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> failed_attempts_{0};
  std::atomic<int64_t> parked_{0};
  std::atomic<int64_t> pending_{0};
  std::atomic<int64_t> parked_stored_{0};

  mutable Mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ GUARDED_BY(wake_mu_) = false;
  bool stopping_ GUARDED_BY(wake_mu_) = false;
  std::thread thread_;  // touched by Start and Stop only (from the owner's thread)
};

}  // namespace portcullis::core
