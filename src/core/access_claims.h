// The access-token claim builder: the one place that decides what an access token says. Later
// features add their claims here (the Hasura claims: core/hasura_claims.h). Pure function;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/auth_types.h"
#include "core/company.h"
#include "core/crypto_ports.h"

namespace portcullis::core {

// `company` is the user's membership in the session's active company (none: no `cid`, role
// "member"). A session amr method "sso:<provider>" (a single sign-on login) becomes the amr value
// "sso" and the claim `idp` (the provider's settings name). With policy.hasura.enabled the token
// also carries the Hasura claims object under policy.hasura.claims_namespace.
AccessClaims BuildAccessClaims(const AuthPolicy& policy, const User& user, const Session& session,
                               const std::optional<Membership>& company, std::string jti,
                               int64_t now);

// When the user last proved who they are in `session`: the later of its login and its last
// step-up. This is the `auth_time` claim (OIDC: the time of the most recent authentication), which
// StepUpGuard checks.
int64_t LastAuthentication(const Session& session);

// Splits "pwd,otp" into {"pwd", "otp"}.
std::vector<std::string> SplitAmr(const std::string& amr);

}  // namespace portcullis::core
