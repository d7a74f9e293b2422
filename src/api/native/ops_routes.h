// The operational endpoints — /health, /ready, /metrics, /.well-known/jwks.json,
// /.well-known/oauth-authorization-server — as small route tables of their own (the main
// listener's and the operator listener's), mounted without a prefix; errors are native problem
// JSON. Thread-safe.
#pragma once

#include <string>

#include "api/common/dialect.h"
#include "api/common/metrics.h"
#include "core/ports/store.h"

namespace portcullis::api::native {

// What the operational handlers read; must outlive the router.
struct OpsContext {
  core::Store& store;      // /ready pings it
  const Metrics& metrics;  // /metrics renders it
  std::string jwks_json;   // the public key set, fixed at start
  // The RFC 8414 metadata (oauth_metadata.h), fixed at start; empty: no
  // /.well-known/oauth-authorization-server.
  std::string oauth_metadata_json = {};
  // The secret that opens /metrics on the main listener ("Authorization: Bearer <token>"); empty:
  // the main listener has no /metrics (404). Compared in constant time; never logged.
  std::string metrics_token = {};
};

// The main listener's table. Mount at "": the paths are absolute.
Dialect OpsDialect(const OpsContext& context);
// The operator listener's table (metrics_listen): /metrics, /health and /ready, open to whoever
// reaches that address. Mount at "".
Dialect OperatorDialect(const OpsContext& context);

}  // namespace portcullis::api::native
