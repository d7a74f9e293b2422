// The HBP dialect's settings ([dialects.hbp]): whether it is served and where. Declared against
// HbpOptions, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include <string>

#include "common/options.h"

namespace portcullis::api::hbp {

struct HbpOptions {
  bool enabled = true;
  std::string prefix;  // "": /auth/login, /healthz at the root
  // Activation and magic-link mails link to HBP's GET /auth/activate and /auth/magic-link
  // (as HBP's mails did) instead of the native routes.
  bool mail_links = false;
};

// dialects.hbp.enabled, dialects.hbp.prefix.
options::Section<HbpOptions> HbpSection();

}  // namespace portcullis::api::hbp
