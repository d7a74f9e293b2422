// Whose account a provider's assertion is, decided inside the callback's Write: the account its
// (provider, subject) is linked to; else the account with its verified address (linked now, when
// sso_link_by_email); else a new account when sign-up is open or the start carried an invite for
// that address; else a refusal. Pure functions over the caller's repositories; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/company_enrollment.h"
#include "core/crypto_ports.h"
#include "core/linked_identity.h"
#include "core/ports/identity_provider.h"
#include "core/ports/store.h"
#include "core/sso_service.h"
#include "core/user.h"

namespace portcullis::core {

// How the account was found.
enum class SsoAccountPath {
  kKnownIdentity,  // (provider, subject) was linked already: its last login recorded
  kLinkedByEmail,  // an account had the provider-verified address: the identity linked to it
  kCreated,        // a new account, with the identity (and the invite's company, if any)
};

struct SsoAccount {
  SsoAccountPath path = SsoAccountPath::kKnownIdentity;
  User user;
  LinkedIdentity identity;
  bool joined_by_invite = false;  // kCreated: the start's invite was redeemed
};

// What the decision needs besides the assertion.
struct SsoAccountContext {
  const SsoPolicy& policy;
  std::string_view provider;
  std::string_view invite;  // the start's invite ticket; empty: none
  OpaqueTokens& tokens;
  CompanyEnrollment& enrollment;
  Random& random;
  int64_t now = 0;
  ClientInfo client;
};

// A refusal: the sso_error code and, for the log, why.
struct SsoRefusal {
  std::string_view error;
  std::string why;
};

// Inside a Write. The account, or (inner) the refusal — the caller rolls the Write back then:
// kEmailNotVerified (an account has the address and it may not be linked, or the provider
// vouched for no usable address), kInvalidInvite, kSignupDisabled. The outer error is the store's.
Result<std::variant<SsoAccount, SsoRefusal>> ResolveSsoAccount(Repositories& repos,
                                                               const SsoAccountContext& context,
                                                               const ProviderAssertion& assertion);

// A new linked identity of `user_id` for the assertion, with a fresh id.
LinkedIdentity NewLinkedIdentity(Random& random, std::string_view user_id,
                                 std::string_view provider, const ProviderAssertion& assertion,
                                 int64_t now);

}  // namespace portcullis::core
