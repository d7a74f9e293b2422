// Declaration of the outbox sender's settings (top level: mail_max_attempts, mail_retry_initial,
// mail_retry_max, mail_poll). Pure functions; thread-safe.
#pragma once

#include "common/options.h"
#include "core/outbox_sender.h"

namespace portcullis::core {

options::Section<OutboxSenderOptions> OutboxSenderSection();

}  // namespace portcullis::core
