// Declarations of the MACHHUB dialect's settings.
// Pure functions; thread-safe.
#include "api/machhub/machhub_settings.h"

#include "api/common/mount_prefix.h"

namespace portcullis::api::machhub {

options::Section<MachhubOptions> MachhubSection() {
  options::Section<MachhubOptions> s("dialects.machhub", "MACHHUB API (docs/dialects/machhub.md)");
  s.Add("enabled", &MachhubOptions::enabled, "serve the MACHHUB API (/machhub/auth/login, ...)");
  s.Add("prefix", &MachhubOptions::prefix,
        "path prefix of the MACHHUB routes (\"/machhub\": /machhub/auth/login)")
      .Require([](const std::string& v) { return ValidMountPrefix(v); },
               std::string(kMountPrefixRule));
  s.Add("root_alias", &MachhubOptions::root_alias,
        "also serve the MACHHUB routes at the root (/auth/login, /auth/permission/...); HBP owns "
        "/auth/login by default, so move or disable it first (a collision stops the start)");
  return s;
}

}  // namespace portcullis::api::machhub
