// The operational endpoints — /health, /ready, /metrics, /.well-known/jwks.json — as a small route
// table of their own, mounted without a prefix; errors are native problem JSON. Thread-safe.
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
};

// Mount at "": the paths are absolute.
Dialect OpsDialect(const OpsContext& context);

}  // namespace portcullis::api::native
