// The Hubler document's error table (001, "Error Type / Error Message") verbatim, the few messages
// Portcullis adds where the table is silent, and the mapping of the client-token service's errors
// onto them. Constants and pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"

namespace portcullis::api::hubler {

// The table's rows, copied character for character (curly apostrophes, missing final period and
// all). The two "missing" rows also answer an unsupported or repeated parameter, as they say.
inline constexpr std::string_view kMissingAccount =
    "The request is missing an \"accountid\" so the server can\u2019t proceed with the request. "
    "This may also be returned if the request includes an unsupported parameter or repeats a "
    "parameter";
inline constexpr std::string_view kMissingSecret =
    "The request is missing a \"secret\" so the server can\u2019t proceed with the request. This "
    "may also be returned if the request includes an unsupported parameter or repeats a "
    "parameter.";
inline constexpr std::string_view kAuthenticationFailed =
    "User authentication failed, such as if the request contains an invalid account or secret. "
    "Send an HTTP 401 response in this case.";
inline constexpr std::string_view kAccountNotObjectId = "The account must be object id.";
inline constexpr std::string_view kSecretNotString = "The secret must be str";
inline constexpr std::string_view kAccountNotFound = "The account not found!";
inline constexpr std::string_view kErrorValidatingAccount =
    "Error in validating account while generating token!";
inline constexpr std::string_view kErrorPreparingPayload = "Error in preparing token payload!";
inline constexpr std::string_view kErrorEncodingToken = "Error in encoding token!";
inline constexpr std::string_view kErrorStoringSecret = "Error in storing secret!";
inline constexpr std::string_view kErrorGeneratingToken = "Error in generating auth token!";

// Portcullis's own messages, in the table's style, for what the table does not cover
// (docs/dialects/hubler.md lists them).
inline constexpr std::string_view kUserIdMalformed = "The user_id must be object id or uuid.";
inline constexpr std::string_view kUserNotFound = "The user not found!";
inline constexpr std::string_view kActAsUserRefused =
    "The account may not generate user-specific tokens.";
inline constexpr std::string_view kTooManyFailures =
    "Too many failed authentications from this address; try again later.";

// The table's two error types: "Validation" for the caller's mistakes (4xx), "Error" for the
// server's own failures (5xx).
inline constexpr std::string_view kValidation = "Validation";
inline constexpr std::string_view kServerError = "Error";

// An error whose detail is one of the messages above (the writer sends the detail as it is).
Error HublerError(ErrorCode code, std::string_view message);

// A failure of ClientTokenService::Issue as the table's row: a wrong secret and a disabled client
// → 401 kAuthenticationFailed; an id no client has → 400 kAccountNotFound (the same work was done:
// only the row differs, as the document's table has it; client ids are identifiers, not
// secrets); user_id of no active member → kUserNotFound; user_id for a client without
// allow_act_as_user → kActAsUserRefused; a store outage → 503 kErrorValidatingAccount; the rate
// limiter's refusal as it is; anything else → 500 kErrorGeneratingToken.
Error HublerErrorOf(const Error& issue_error);

}  // namespace portcullis::api::hubler
