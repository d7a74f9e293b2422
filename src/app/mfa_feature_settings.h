// The MFA switch (mfa.enabled, HBP's MFA_ENABLED): whether the HBP dialect serves its MFA routes.
// Declared against MfaFeature, whose initialiser is the default. Built on each call; read-only.
#pragma once

#include "common/options.h"

namespace portcullis::app {

struct MfaFeature {
  bool enabled = true;
};

// mfa.enabled.
options::Section<MfaFeature> MfaFeatureSection();

}  // namespace portcullis::app
