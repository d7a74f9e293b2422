// Declarations of the Hubler dialect's settings.
// Pure functions; thread-safe.
#include "api/hubler/hubler_settings.h"

#include "api/common/mount_prefix.h"

namespace portcullis::api::hubler {

options::Section<HublerOptions> HublerSection() {
  options::Section<HublerOptions> s("dialects.hubler",
                                    "Hubler public API (docs/dialects/hubler.md)");
  s.Add("enabled", &HublerOptions::enabled, "serve the Hubler API (POST /public-api/auth/)");
  s.Add("prefix", &HublerOptions::prefix,
        "path prefix of the Hubler routes (\"/public-api\": /public-api/auth/)")
      .Require([](const std::string& v) { return ValidMountPrefix(v); },
               std::string(kMountPrefixRule));
  return s;
}

}  // namespace portcullis::api::hubler
