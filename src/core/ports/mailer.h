// Mailer: the port that delivers one message (SMTP over libcurl, or .eml files under the data
// directory). Implementations are thread-safe; Send blocks, so it runs on the outbox sender's
// thread.
#pragma once

#include "common/status.h"
#include "core/mail.h"

namespace portcullis::core {

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Ok once the server accepted the message. kUnavailable for a failure worth retrying (cannot
  // connect, timeout, TLS, a 4xx reply); kInvalidRequest for a permanent refusal (a 5xx reply to
  // the recipient). The error's detail names the cause and never carries the message.
  virtual Status Send(const OutgoingMail& mail) = 0;
};

}  // namespace portcullis::core
