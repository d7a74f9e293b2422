// The settings of the origin rule ([allowed_origins] beside public_url), declared against
// OriginOptions, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include <string>
#include <vector>

#include "common/options.h"

namespace portcullis::api {

struct OriginOptions {
  // Origins trusted like public_url's own for cookie-authenticated requests (and CORS).
  std::vector<std::string> allowed_origins;
};

// allowed_origins: each entry a bare origin (scheme://host[:port]).
options::Section<OriginOptions> OriginSection();

}  // namespace portcullis::api
