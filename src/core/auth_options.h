// The settings of core: the session policy ([auth]), the step-up window and the MFA policy
// ([mfa]), declared against core's own policy structs, whose initialisers are the defaults.
// Sections are built on each call; the values they fill are read-only after start.
#pragma once

#include <cstdint>

#include "common/options.h"
#include "core/auth_types.h"
#include "core/mfa_service.h"

namespace portcullis::core {

// How long after a login or step-up sensitive operations are allowed (StepUpGuard's window).
struct StepUpPolicy {
  int64_t window = 300;  // seconds
};

options::Section<AuthPolicy> AuthPolicySection();      // auth.issuer, auth.access_ttl, ...
options::Section<StepUpPolicy> StepUpPolicySection();  // auth.step_up_window
options::Section<MfaPolicy> MfaPolicySection();        // mfa.issuer, mfa.ticket_ttl

}  // namespace portcullis::core
