// The settings of the refresh-token cookie ([cookie]), declared against CookieOptions, whose
// initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include "api/common/refresh_cookie.h"
#include "common/options.h"

namespace portcullis::api {

// cookie.name, cookie.secure.
options::Section<CookieOptions> CookieSection();

}  // namespace portcullis::api
