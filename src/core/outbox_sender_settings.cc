// Declaration of the outbox sender's settings: names, bounds and help. Pure functions; thread-safe.
#include "core/outbox_sender_settings.h"

namespace portcullis::core {

options::Section<OutboxSenderOptions> OutboxSenderSection() {
  using std::chrono::seconds;
  options::Section<OutboxSenderOptions> s("", "Mail outbox");
  s.Add("mail_max_attempts", &OutboxSenderOptions::max_attempts,
        "delivery attempts before a message is parked (kept in the outbox, counted in /metrics); "
        "a permanent refusal (SMTP 5xx) parks it at once")
      .Between(1, 1000);
  s.Add("mail_retry_initial", &OutboxSenderOptions::retry_initial,
        "seconds before the first retry of a failed delivery; doubled per attempt")
      .Between(seconds(1), seconds(3600));
  s.Add("mail_retry_max", &OutboxSenderOptions::retry_max,
        "the longest wait between two delivery attempts, in seconds")
      .Between(seconds(1), seconds(24 * 3600));
  s.Add("mail_poll", &OutboxSenderOptions::poll,
        "seconds between two looks at the outbox for messages due (retries, and messages other "
        "nodes or commands enqueued); this node's own messages go at once")
      .Between(seconds(1), seconds(60));
  s.Check([](const OutboxSenderOptions& o) -> Status {
    if (o.retry_max < o.retry_initial) {
      return options::Section<OutboxSenderOptions>::Invalid(
          "mail_retry_max", "must not be less than mail_retry_initial");
    }
    return Status::Ok();
  });
  return s;
}

}  // namespace portcullis::core
