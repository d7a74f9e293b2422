// SmtpMailer: core's Mailer over libcurl's SMTP (smtp:// with STARTTLS as configured, or
// smtps://), with login, connect and total timeouts. It never logs and its errors never carry the
// message or the credentials. Thread-safe: each Send has its own curl handle.
#pragma once

#include <atomic>
#include <memory>

#include "common/status.h"
#include "core/ports/mailer.h"
#include "mail/mail_address.h"
#include "mail/mail_options.h"

namespace portcullis::mail {

class SmtpMailer final : public core::Mailer {
 public:
  // kInvalidRequest for a URL that is not smtp:// or smtps://, or a bad mail_from.
  static Result<std::unique_ptr<SmtpMailer>> Create(const MailOptions& options);

  // Ok once the server accepted the message for the recipient. kUnavailable for what is worth
  // retrying (cannot connect, TLS, timeout, login refused, a 4xx reply, shutting down);
  // kInvalidRequest for a 5xx reply to the message (permanent).
  Status Send(const core::OutgoingMail& mail) override;
  // Aborts a send under way (it fails as kUnavailable and is retried after a restart) and every
  // later one. Any thread.
  void Shutdown() { shutting_down_.store(true); }

 private:
  SmtpMailer(MailOptions options, MailAddress from)
      : options_(std::move(options)), from_(std::move(from)) {}

  const MailOptions options_;
  const MailAddress from_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace portcullis::mail
