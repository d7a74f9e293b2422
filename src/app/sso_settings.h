// The single sign-on providers' settings: one `[sso.<name>]` table per provider (sso/'s
// ProviderOptions, its name the table's key), as a keyed-tables setting. Built on each call;
// values read-only.
#pragma once

#include <map>
#include <string>

#include "common/options.h"
#include "sso/provider_options.h"

namespace portcullis::app {

struct SsoProviderSettings {
  std::map<std::string, sso::ProviderOptions, std::less<>> providers;  // by name
};

// sso.<name>.client_id, ... for every name (the setting "sso").
options::Section<SsoProviderSettings> SsoProviderSection();

}  // namespace portcullis::app
