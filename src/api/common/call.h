// Call: what a route handler gets for one request — the request, the authenticated principal (for
// Auth::kBearer routes) and the outcome it reports for /metrics. One per request; not shared.
#pragma once

#include <optional>

#include "core/auth_types.h"
#include "http/message.h"

namespace portcullis::api {

enum class Outcome { kSuccess, kFailure };

// The authentication counter of /metrics a route's outcome is added to (RecordOutcome).
enum class Tally { kNone, kLogin, kRefresh, kRegistration };

struct Call {
  explicit Call(http::Request& r) : request(r) {}

  http::Request& request;
  const core::Principal* principal = nullptr;  // set by Mount before an Auth::kBearer handler runs
  std::optional<Outcome> outcome;  // set by RecordOutcome; counted by the RequestObserver

  // Reports the outcome of the service call this route is counted by (see RouteSpec::tally).
  void RecordOutcome(bool success) { outcome = success ? Outcome::kSuccess : Outcome::kFailure; }
  // The caller's address and user agent (cut to 256 bytes), recorded on sessions, and its
  // Accept-Language (cut to 256 bytes), the locale of the mail it causes.
  core::ClientInfo Client() const;
};

}  // namespace portcullis::api
