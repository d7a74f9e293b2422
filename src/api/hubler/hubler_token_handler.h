// The handler of POST /public-api/auth/: a service client's id and secret (optionally a user of
// its company) exchanged for the client token POST /v1/oauth/token issues. Runs on the workers
// (it may wait for the rate limiter's shared store); thread-safe.
#pragma once

#include "api/common/call.h"
#include "api/hubler/hubler_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hubler {

// 200 {"status": "success", "token": "<jwt>"}, or an error of the table (hubler_error_table.h).
// A failed authentication counts against [rate_limits] login_failures_per_account_ip for the
// caller's address (whatever account it named); a full window answers 429 before any check.
Result<http::Response> IssueHublerToken(const HublerContext& context, Call& call);

}  // namespace portcullis::api::hubler
