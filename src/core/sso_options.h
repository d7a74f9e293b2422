// Declaration of the single sign-on policy's settings (sso_signup, sso_link_by_email, top level;
// each provider's trust_mfa comes from its own [sso.<name>] table, read by the sso/ module).
// Sections are built on each call; the values they fill are read-only after start.
#pragma once

#include "common/options.h"
#include "core/sso_service.h"

namespace portcullis::core {

options::Section<SsoPolicy> SsoPolicySection();  // sso_signup, sso_link_by_email

}  // namespace portcullis::core
