// ApiContext: the services and settings every API surface's handlers use, wired by app/.
// Holds references only; the referenced services are thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "api/metrics.h"
#include "api/refresh_cookie.h"
#include "core/account_service.h"
#include "core/mfa_service.h"
#include "core/ports/store.h"
#include "core/session_service.h"

namespace portcullis::api {

struct ApiContext {
  core::AccountService& accounts;
  core::SessionService& sessions;
  core::Store& store;
  Metrics& metrics;
  CookieOptions cookie;
  std::string jwks_json;  // the public key set, fixed at start
  std::size_t max_metadata_bytes = 16 * 1024;
  core::MfaService* mfa = nullptr;  // null: the /v1/me/mfa routes are not added
};

}  // namespace portcullis::api
