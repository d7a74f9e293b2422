// The three dialects beside the native API (HBP, MACHHUB, Hubler): their contexts built from the
// services and settings, and their mounting as [dialects.*] says. Built once at start by `serve`
// (one thread); the contexts must outlive the router they are mounted into.
#pragma once

#include <optional>

#include "api/common/mount.h"
#include "api/hbp/hbp_dialect.h"
#include "api/hubler/hubler_dialect.h"
#include "api/machhub/machhub_dialect.h"
#include "app/services.h"
#include "app/settings.h"
#include "common/status.h"
#include "http/router.h"

namespace portcullis::app {

// The contexts of the enabled dialects (an unset one is disabled).
struct DialectContexts {
  std::optional<api::hbp::HbpContext> hbp;
  std::optional<api::machhub::MachhubContext> machhub;
  std::optional<api::hubler::HublerContext> hubler;
};

// Builds the contexts of the dialects `settings` enables.
void BuildDialectContexts(const Settings& settings, Services& services, DialectContexts& out);

// Mounts every built dialect at its prefix (MACHHUB also at the root with root_alias). Fails with
// kConflict, in one line naming the route, both claimants and the settings to change, when two
// dialects (or a dialect and the native API or the server's /health, /ready, /metrics) claim one
// method and path; `serve` prints it and exits with status 2.
Status MountDialects(http::Router& router, const api::MountContext& mount, const Settings& settings,
                     DialectContexts& contexts);

}  // namespace portcullis::app
