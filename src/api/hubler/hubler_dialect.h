// The Hubler dialect (document 001): POST /public-api/auth/ exchanging a service client's id and
// secret (optionally a user id) for a token, with the document's error table. Built once at
// start; the handlers are thread-safe.
#pragma once

#include "api/common/dialect.h"
#include "core/client_token_service.h"
#include "core/service_client_service.h"

namespace portcullis::api::hubler {

// The services the Hubler handler uses; must outlive the router.
struct HublerContext {
  const core::ClientTokenService& client_tokens;
};

// The route table; paths are relative to the mount prefix (default "/public-api").
Dialect HublerDialect(HublerContext& context);

}  // namespace portcullis::api::hubler
