// Mail values: a composed message and an outbox row. Plain value types.
// The outbox keeps a message sealed (it carries a ticket) until a sender delivers it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace portcullis::core {

// What a template renders: the subject and both bodies (text and HTML).
struct MailContent {
  std::string subject;
  std::string text;
  std::string html;
};

// The named values a template may use ({{name}}), in order. Every message gets `app_name`,
// `email` (the recipient) and `display_name`; a message with a link gets `link` and
// `expires_in_minutes`. See docs/EMAIL.md for each kind's values.
using MailValues = std::vector<std::pair<std::string, std::string>>;

// One message to deliver: to one recipient, with the id its Message-ID is made of.
struct OutgoingMail {
  std::string id;  // UUID; the Message-ID is <id@host of mail_from>
  std::string to;
  std::string kind;  // the template's kind, for log lines only
  MailContent content;
  int64_t created_at = 0;  // the Date header
};

// An outbox row. `sealed_content` is the MailContent sealed with the server's data keys, bound to
// the row's id: a database read does not reveal the links it carries.
struct OutboxMessage {
  std::string id;    // UUID
  std::string kind;  // the template's kind ("activation", ...), for logs and metrics only
  std::string recipient;
  std::string sealed_content;
  int64_t created_at = 0;
  int64_t next_attempt_at = 0;  // due when <= now
  int64_t attempts = 0;         // attempts started so far (ClaimDue counts them)
  std::string last_error;       // the last failure, for operators: never a secret
  bool parked = false;          // gave up after mail_max_attempts; kept for operators
};

struct OutboxCounts {
  int64_t pending = 0;  // not parked (due or waiting for a retry)
  int64_t parked = 0;
};

}  // namespace portcullis::core
