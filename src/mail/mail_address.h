// MailAddress: an address as written in a setting ("Name <user@example.com>" or
// "user@example.com"), and its forms for the From header and the SMTP envelope. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::mail {

struct MailAddress {
  std::string display_name;  // may be empty
  std::string address;       // local@domain
  std::string domain;        // after the '@'
};

// kInvalidRequest unless `text` is one address, optionally with a display name.
Result<MailAddress> ParseMailAddress(std::string_view text);
// True for local@domain without spaces, control characters or angle brackets.
bool IsPlainAddress(std::string_view address);
// The header form: `"Name" <address>` (RFC 2047-encoded when the name is not ASCII) or `address`.
std::string HeaderForm(const MailAddress& address);

}  // namespace portcullis::mail
