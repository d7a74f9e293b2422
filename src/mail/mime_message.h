// The one MIME builder: an OutgoingMail as the RFC 5322 message both mailers deliver (SMTP sends
// it, the .eml writer stores it): Date, From, To, Subject, Message-ID, MIME-Version and a
// multipart/alternative body of text and HTML. Pure functions; thread-safe.
#pragma once

#include <string>

#include "common/status.h"
#include "core/mail.h"
#include "mail/mail_address.h"

namespace portcullis::mail {

// "<id@domain of from>".
std::string MessageId(const core::OutgoingMail& mail, const MailAddress& from);
// The whole message with CRLF line endings. kInvalidRequest when the recipient is not a plain
// address (it would be a header injection).
Result<std::string> BuildMimeMessage(const core::OutgoingMail& mail, const MailAddress& from);

}  // namespace portcullis::mail
