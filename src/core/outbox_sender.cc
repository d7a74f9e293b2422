// OutboxSender: claim, open, send, then delete or record the failure; a timed loop around it.
// Thread-safe as documented in outbox_sender.h.
#include "core/outbox_sender.h"

#include <string>
#include <vector>

#include "common/status_macros.h"
#include "core/mail_outbox.h"

namespace portcullis::core {

OutboxSender::OutboxSender(OutboxSenderOptions options, Store& store, Mailer& mailer,
                           DataSealer& sealer, const Clock& clock, LogLine log)
    : options_(options),
      store_(store),
      mailer_(mailer),
      sealer_(sealer),
      clock_(clock),
      log_(std::move(log)) {}

OutboxSender::~OutboxSender() { Stop(); }

std::chrono::seconds OutboxSender::Backoff(int64_t attempts) const {
  std::chrono::seconds delay = options_.retry_initial;
  for (int64_t i = 1; i < attempts && delay < options_.retry_max; ++i) delay *= 2;
  return std::min(delay, options_.retry_max);
}

Status OutboxSender::SendDue() {
  MutexLock lock(send_mu_);
  // A read first: an idle outbox costs no write (and the gauges stay fresh).
  const Status counted = RefreshCounts();
  NoteStore(counted);
  if (!counted) return counted;
  if (pending_.load() == 0) return Status::Ok();
  while (!stopping()) {
    const int64_t now = clock_.NowSeconds();
    // One message per lease: the lease only has to cover one delivery.
    auto claimed = store_.WriteValue([&](Repositories& repos) {
      return repos.outbox().ClaimDue(now, now + options_.lease.count(), 1);
    });
    NoteStore(claimed ? Status::Ok() : Status(claimed.error()));
    if (!claimed) return claimed.error();
    if (claimed->empty()) return Status::Ok();
    if (!Deliver(claimed->front())) {
      return MakeError(ErrorCode::kUnavailable, "the outbox could not record a delivery");
    }
  }
  return Status::Ok();
}

bool OutboxSender::Deliver(const OutboxMessage& message) {
  const std::string label = "mail " + message.id + " (" + message.kind + ")";
  Status outcome = Status::Ok();
  bool permanent = false;
  auto content = OpenMailContent(sealer_, message);
  if (!content) {
    // Sealed under keys this server no longer has, or damaged: no retry can help.
    outcome =
        MakeError(ErrorCode::kInternal, "its content does not open: " + content.error().detail);
    permanent = true;
  } else {
    OutgoingMail mail;
    mail.id = message.id;
    mail.to = message.recipient;
    mail.kind = message.kind;
    mail.content = std::move(content).value();
    mail.created_at = message.created_at;
    outcome = mailer_.Send(mail);
    permanent = !outcome && outcome.error().code == ErrorCode::kInvalidRequest;
  }
  if (outcome) {
    const Status deleted =
        store_.Write([&](Repositories& repos) { return repos.outbox().Delete(message.id); });
    NoteStore(deleted);
    sent_.fetch_add(1);
    // Not deleted: it is sent again when its lease ends (at-least-once).
    return deleted.ok();
  }
  failed_attempts_.fetch_add(1);
  const bool park = permanent || message.attempts >= options_.max_attempts;
  const std::chrono::seconds delay = Backoff(message.attempts);
  const int64_t next = clock_.NowSeconds() + delay.count();
  const Status recorded = store_.Write([&](Repositories& repos) {
    return repos.outbox().RecordFailure(message.id, next, outcome.error().detail, park);
  });
  if (park) {
    parked_.fetch_add(1);
    Log(LogLevel::kWarning, label + " parked after attempt " + std::to_string(message.attempts) +
                                ": " + outcome.error().detail);
  } else {
    Log(LogLevel::kWarning, label + " attempt " + std::to_string(message.attempts) +
                                " failed, retried in " + std::to_string(delay.count()) +
                                " s: " + outcome.error().detail);
  }
  // A message that is gone (delivered by another sender meanwhile) is no store failure.
  if (!recorded && recorded.error().code == ErrorCode::kNotFound) return true;
  NoteStore(recorded);
  return recorded.ok();
}

Status OutboxSender::RefreshCounts() {
  auto counts = store_.ReadValue([](Repositories& repos) { return repos.outbox().Count(); });
  if (!counts) return counts.error();
  pending_.store(counts->pending);
  parked_stored_.store(counts->parked);
  return Status::Ok();
}

void OutboxSender::NoteStore(const Status& status) {
  if (!status && !store_failing_) {
    store_failing_ = true;
    Log(LogLevel::kWarning, "mail outbox: the database is unavailable, retried every mail_poll: " +
                                status.error().detail);
  } else if (status && store_failing_) {
    store_failing_ = false;
    Log(LogLevel::kInfo, "mail outbox: the database answers again");
  }
}

void OutboxSender::Start() {
  if (thread_.joinable()) return;
  {
    MutexLock lock(wake_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    for (;;) {
      (void)SendDue();  // a failure is logged and retried at the next round
      MutexLock lock(wake_mu_);
      lock.WaitFor(wake_cv_, options_.poll, [this] {
        wake_mu_.AssertHeld();
        return woken_ || stopping_;
      });
      if (stopping_) return;
      woken_ = false;
    }
  });
}

void OutboxSender::Wake() {
  {
    MutexLock lock(wake_mu_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

void OutboxSender::Stop() {
  {
    MutexLock lock(wake_mu_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool OutboxSender::stopping() const {
  MutexLock lock(wake_mu_);
  return stopping_;
}

OutboxSenderStats OutboxSender::stats() const {
  OutboxSenderStats stats;
  stats.sent = sent_.load();
  stats.failed_attempts = failed_attempts_.load();
  stats.parked = parked_.load();
  stats.pending = pending_.load();
  stats.parked_stored = parked_stored_.load();
  return stats;
}

void OutboxSender::Log(LogLevel level, std::string_view line) const {
  if (log_) log_(level, line);
}

}  // namespace portcullis::core
