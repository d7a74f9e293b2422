// Call: what a route handler gets for one request — the request, the authenticated principal (for
// Auth::kBearer routes) and the outcome it reports for /metrics. One per request; not shared.
#pragma once

#include <optional>

#include "api/common/origin_rule.h"
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
  // The product's one origin rule (MountContext::origin_rule), set by Mount; read it through
  // Origins().
  const OriginRule* origin_rule = nullptr;

  // Reports the outcome of the service call this route is counted by (see RouteSpec::tally).
  void RecordOutcome(bool success) { outcome = success ? Outcome::kSuccess : Outcome::kFailure; }
  // The caller's address and user agent (cut to 256 bytes), recorded on sessions, and its
  // Accept-Language (cut to 256 bytes), the locale of the mail it causes.
  core::ClientInfo Client() const;
  // The origin rule every cookie-authenticated route checks (`Origins().Check(request)`) and CORS
  // asks (`Origins().Trusts(origin)`). Without one (a Call built by hand) a rule that trusts no
  // origin: requests with an Origin or a cross-site Sec-Fetch-Site are refused.
  const OriginRule& Origins() const;
};

}  // namespace portcullis::api
