// MailOutbox: how a service sends mail. Enqueue composes and seals a message and writes it to the
// outbox inside the caller's Write, so the message commits (or rolls back) with the ticket it
// carries; Wake, after the commit, tells the sender not to wait for its next poll. Thread-safe.
#pragma once

#include <functional>
#include <string_view>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/crypto_ports.h"
#include "core/mail.h"
#include "core/ports/mail_composer.h"
#include "core/ports/store.h"

namespace portcullis::core {

// How to open an outbox row's sealed content: the one place that knows its encoding.
Result<MailContent> OpenMailContent(DataSealer& sealer, const OutboxMessage& message);

class MailOutbox {
 public:
  // `wake` may be empty (nothing to wake: tests, commands). Every reference must outlive this.
  MailOutbox(MailComposer& composer, DataSealer& sealer, Random& random, const Clock& clock,
             std::function<void()> wake = nullptr);

  // Inside a Write: composes `kind` for `locale` with `values` (+ `email` = `to`) and enqueues it,
  // due now. `id`, when given, receives the message's id.
  Status Enqueue(Repositories& repos, std::string_view kind, std::string_view to,
                 std::string_view locale, MailValues values, std::string* id = nullptr);
  // After the Write that enqueued has committed.
  void Wake();

 private:
  MailComposer& composer_;
  DataSealer& sealer_;
  Random& random_;
  const Clock& clock_;
  const std::function<void()> wake_;
};

}  // namespace portcullis::core
