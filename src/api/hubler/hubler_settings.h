// The Hubler dialect's settings ([dialects.hubler]): whether it is served and where. Declared
// against HublerOptions, whose initialisers are the defaults. Built on each call; read-only.
#pragma once

#include <string>

#include "common/options.h"

namespace portcullis::api::hubler {

struct HublerOptions {
  bool enabled = true;
  std::string prefix = "/public-api";  // /public-api/auth/
};

// dialects.hubler.enabled, dialects.hubler.prefix.
options::Section<HublerOptions> HublerSection();

}  // namespace portcullis::api::hubler
