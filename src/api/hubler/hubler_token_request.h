// HublerTokenRequest: the body of POST /public-api/auth/ — {account, secret, user_id?} — decoded
// with the document's validation messages. Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hubler {

struct HublerTokenRequest {
  std::string account;                 // the service client's id: 24 lower-case hex digits
  std::string secret;                  // one of its secrets
  std::optional<std::string> user_id;  // a user of the client's company, lower-case
};

// Decodes the body as a JSON object whatever its Content-Type says (curl -d sends JSON labelled
// as a form). Every error is kInvalidRequest carrying a row of the error table
// (hubler_error_table.h):
//   not a JSON object, an unknown member, a repeated member (but `secret`), `account` absent,
//     null or ""                                               → kMissingAccount
//   `secret` repeated, absent, null or ""                       → kMissingSecret
//   `account` not an ObjectId (24 hex digits, either case)      → kAccountNotObjectId
//   `secret` not a string                                       → kSecretNotString
//   `user_id` neither an ObjectId nor a UUID (null, "": absent) → kUserIdMalformed
Result<HublerTokenRequest> DecodeHublerTokenRequest(const http::Request& request);

}  // namespace portcullis::api::hubler
