// The account-lifecycle policy (activation, magic links, password reset, email change,
// self-deletion, where links lead) and the lifetimes of one-time tickets, with their settings,
// named like HBP's flags. Plain values, read-only after start; sections are built on each call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/options.h"

namespace portcullis::core {

struct AccountFlowPolicy {
  bool auto_activate_new_users = true;  // false: new accounts wait for the emailed activation
  bool verify_emails = false;           // an email change waits for the new address's ticket
  bool magic_link_enabled = false;
  bool magic_link_signup = false;  // a magic link to an unknown address creates the account
  bool lost_password_enabled = true;
  bool allow_user_self_delete = false;
  std::string public_url;            // where users reach the server; empty: "http://" + http.listen
  std::string redirect_url_success;  // a link's flow ends here when it names no redirect_to
  std::string redirect_url_error;    // a link that cannot be used ends here (with ?error=...)
  std::vector<std::string> allowed_redirect_urls;  // scheme://host[:port]/path prefixes
  std::string password_reset_url;  // the app's page for a reset link; empty: the built-in page
  std::string invite_url;  // the app's page for an invite link; empty: GET /v1/invites/accept
};

// Seconds each kind of one-time ticket lives.
struct TicketTtls {
  int64_t activation = 24 * 3600;
  int64_t magic_link = 15 * 60;
  int64_t password_reset = 3600;
  int64_t email_change = 24 * 3600;
  int64_t invite = 7 * 24 * 3600;
  int64_t exchange_code = 60;  // not a setting: a redirect's code is redeemed at once
};

options::Section<AccountFlowPolicy> AccountFlowSection();
options::Section<TicketTtls> TicketTtlSection();

}  // namespace portcullis::core
