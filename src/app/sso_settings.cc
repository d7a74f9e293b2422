// Declaration of the provider tables as one keyed-tables setting.
// Pure functions; thread-safe.
#include "app/sso_settings.h"

#include "sso/provider_settings.h"

namespace portcullis::app {

options::Section<SsoProviderSettings> SsoProviderSection() {
  options::Section<SsoProviderSettings> s("sso", "Single sign-on");
  s.KeyedTables(&SsoProviderSettings::providers, &sso::ProviderOptions::name,
                sso::ProviderSection("NAME"),
                "the providers users may sign in with, each a table [sso.NAME] (google, "
                "microsoft, github, or any name with kind = oidc); docs/SSO.md");
  return s;
}

}  // namespace portcullis::app
