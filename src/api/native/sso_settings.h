// The pages a browser-mode single sign-on ends on ([sso] success_url, error_url, mfa_url), declared
// against SsoPages, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include "api/native/sso_routes.h"
#include "common/options.h"

namespace portcullis::api::native {

// sso.success_url, sso.error_url, sso.mfa_url (former sso_success_url, ...).
options::Section<SsoPages> SsoPagesSection();

}  // namespace portcullis::api::native
