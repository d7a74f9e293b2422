// The EphemeralStore the `ephemeral` setting names, built once at start. Called from one thread.
#pragma once

#include <memory>

#include "app/settings.h"
#include "common/status.h"
#include "core/ports/ephemeral_store.h"

namespace portcullis::app {

// `ephemeral = redis://...`: a RedisEphemeralStore shared by the nodes (connecting in the
// background; an outage is logged as a warning once, and its return as info). `ephemeral =
// memory`: nullptr — the caller keeps short-lived state in this process (one node: no broadcast).
Result<std::unique_ptr<core::EphemeralStore>> MakeSharedEphemeralStore(const Settings& settings);

}  // namespace portcullis::app
