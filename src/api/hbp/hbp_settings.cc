// Declarations of the HBP dialect's settings.
// Pure functions; thread-safe.
#include "api/hbp/hbp_settings.h"

#include "api/common/mount_prefix.h"

namespace portcullis::api::hbp {

options::Section<HbpOptions> HbpSection() {
  options::Section<HbpOptions> s("dialects.hbp", "Hasura Backend Plus API (docs/dialects/hbp.md)");
  s.Add("enabled", &HbpOptions::enabled, "serve the HBP API (/auth/..., /healthz)");
  s.Add("prefix", &HbpOptions::prefix,
        "path prefix of the HBP routes (\"\": /auth/login at the root, as HBP served them)")
      .Require([](const std::string& v) { return ValidMountPrefix(v); },
               std::string(kMountPrefixRule));
  s.Add("mail_links", &HbpOptions::mail_links,
        "activation and magic-link mails link to HBP's /auth/activate and /auth/magic-link "
        "(a redirect to redirect_url_success with refresh_token=) instead of the native routes");
  return s;
}

}  // namespace portcullis::api::hbp
