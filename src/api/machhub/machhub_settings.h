// The MACHHUB dialect's settings ([dialects.machhub]): whether it is served, its prefix, and the
// root alias (/auth/login, /auth/permission/... — off by default: HBP owns /auth/login). Declared
// against MachhubOptions, whose initialisers are the defaults. Built on each call; read-only.
#pragma once

#include <string>

#include "common/options.h"

namespace portcullis::api::machhub {

struct MachhubOptions {
  bool enabled = true;
  std::string prefix = "/machhub";  // /machhub/auth/login
  bool root_alias = false;          // also mount the routes at the root: /auth/login
};

// dialects.machhub.enabled, .prefix, .root_alias.
options::Section<MachhubOptions> MachhubSection();

}  // namespace portcullis::api::machhub
