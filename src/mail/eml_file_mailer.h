// EmlFileMailer: core's Mailer for a server without SMTP (the embedded default): each message is
// written as <dir>/<time>-<id>.eml (the same MIME text SMTP would send), atomically (temp file,
// fsync, rename, fsync of the directory), and one log line names the file, the kind and the
// recipient — never the link. Thread-safe: every message has a file of its own.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "core/ports/mailer.h"
#include "mail/mail_address.h"
#include "mail/mail_options.h"

namespace portcullis::mail {

class EmlFileMailer final : public core::Mailer {
 public:
  using LogLine = std::function<void(std::string_view line)>;

  // Creates `dir` (mode 0700) when it does not exist. kInvalidRequest for a bad mail_from;
  // kUnavailable when the directory cannot be made.
  static Result<std::unique_ptr<EmlFileMailer>> Create(const MailOptions& options, std::string dir,
                                                       LogLine log);

  // kUnavailable when the file cannot be written (retried later).
  Status Send(const core::OutgoingMail& mail) override;

 private:
  EmlFileMailer(MailAddress from, std::string dir, LogLine log)
      : from_(std::move(from)), dir_(std::move(dir)), log_(std::move(log)) {}

  const MailAddress from_;
  const std::string dir_;
  const LogLine log_;
};

}  // namespace portcullis::mail
