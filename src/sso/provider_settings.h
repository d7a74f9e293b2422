// Declaration of one provider's settings, the table `[sso.<name>]` (client_id, client_secret,
// kind, scopes, issuer, tenant, trust_mfa, GitHub endpoints, timeouts). Pure functions;
// thread-safe.
#pragma once

#include <string>

#include "common/options.h"
#include "sso/provider_options.h"

namespace portcullis::sso {

// The section of the table "sso.<name>"; its check resolves the options
// (ResolveProviderOptions, with `name` filled in from the argument when the struct's is empty).
options::Section<ProviderOptions> ProviderSection(const std::string& name);

}  // namespace portcullis::sso
