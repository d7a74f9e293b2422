// Declaration of the MFA switch's setting and its HBP environment name.
// Pure function; thread-safe.
#include "app/mfa_feature_settings.h"

namespace portcullis::app {

options::Section<MfaFeature> MfaFeatureSection() {
  options::Section<MfaFeature> s("mfa", "Multi-factor authentication");
  s.Add("enabled", &MfaFeature::enabled,
        "the HBP dialect serves /auth/mfa/* (generate, enable, disable, totp); false: those "
        "routes answer as HBP did with MFA_ENABLED off. Users who already have MFA are still asked "
        "for the second factor at login, and the native /v1/me/mfa routes stay on")
      .EnvAlias("MFA_ENABLED");
  return s;
}

}  // namespace portcullis::app
