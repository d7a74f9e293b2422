// SecurityEvent: one entry of the audit log (who did what to whom, from where, with what outcome),
// and the query that reads it back a page at a time. Plain value types.
#pragma once

#include <cstdint>
#include <string>

namespace portcullis::core {

struct SecurityEvent {
  std::string id;    // UUID v4
  int64_t seq = 0;   // assigned by the store on append, increasing: the order and the cursor
  std::string type;  // login, login_failed, mfa_enabled, key_created, admin_user_disabled, ...
  int64_t at = 0;    // epoch seconds
  // Who acted: "user", "api_key", "personal_token", "client", "admin" (an instance admin through
  // the admin API or the command line), "system" or "anonymous"; and its id ("" for the last two).
  std::string actor_type = "user";
  std::string actor_id;
  std::string user_id;      // the account the event concerns ("" none): listed to that user
  std::string company_id;   // the company it concerns ("" none): listed to its owners and admins
  std::string target_type;  // what was acted on: "user", "session", "api_key", "client", ...
  std::string target_id;
  std::string outcome = "success";  // "success" | "failure"
  std::string ip;
  std::string user_agent;
  // Short free text; never a secret. Internal: a failure's reason is kept here and shown to
  // operators and company admins, never in the answer to the request that failed.
  std::string detail;
};

// One page of the log, newest first. Empty strings and zero times filter nothing.
struct SecurityEventQuery {
  std::string user_id;
  std::string company_id;
  std::string type;
  std::string actor_id;
  int64_t since = 0;       // at >= since
  int64_t until = 0;       // at <= until
  int64_t before_seq = 0;  // the cursor: only events with seq < before_seq (0: from the newest)
  int64_t limit = 50;
};

}  // namespace portcullis::core
