// The Hubler dialect (document 001): POST /public-api/auth/ exchanging a service client's id and
// secret (optionally a user id) for a token, with the document's error table. Built once at
// start; the handlers are thread-safe.
#pragma once

#include "api/common/dialect.h"
#include "core/client_token_service.h"
#include "core/rate_limiter.h"

namespace portcullis::api::hubler {

// The services the Hubler handler uses; must outlive the router.
struct HublerContext {
  const core::ClientTokenService& client_tokens;
  core::RateLimiter* limiter = nullptr;  // null: failures are not counted
};

// The route table; paths are relative to the mount prefix (default "/public-api"): "/auth/" as
// the document writes it and "/auth", which clients reach when they drop the slash.
Dialect HublerDialect(HublerContext& context);

}  // namespace portcullis::api::hubler
