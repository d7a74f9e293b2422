// Whose account a provider's assertion is: the identity, the verified address, the invite, open
// sign-up — in that order, inside the callback's Write.
// Pure functions; thread-safe.
#include "core/sso_accounts.h"

#include <optional>
#include <utility>

#include "common/status_macros.h"
#include "common/utf8.h"
#include "common/uuid.h"
#include "core/identity_rules.h"
#include "core/invite_redemption.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kMaxDisplayNameBytes = 200;  // ValidateDisplayName's bound

using Decided = std::variant<SsoAccount, SsoRefusal>;

Decided Refuse(std::string_view error, std::string why) {
  return SsoRefusal{error, std::move(why)};
}

// The account (provider, subject) is linked to, with its login recorded; nullopt when unlinked.
Result<std::optional<SsoAccount>> KnownIdentity(Repositories& repos,
                                                const SsoAccountContext& context,
                                                const ProviderAssertion& assertion) {
  auto identity = repos.identities().FindBySubject(context.provider, assertion.subject);
  if (!identity && identity.error().code == ErrorCode::kNotFound) {
    return std::optional<SsoAccount>();
  }
  RETURN_IF_ERROR(identity);
  SsoAccount account;
  account.path = SsoAccountPath::kKnownIdentity;
  account.identity = std::move(identity).value();
  ASSIGN_OR_RETURN(account.user, repos.users().FindById(account.identity.user_id));
  RETURN_IF_ERROR(repos.identities().RecordLogin(account.identity.id, context.now));
  account.identity.last_login_at = context.now;
  return std::optional<SsoAccount>(std::move(account));
}

// `existing` has the assertion's address: linked when the provider verified it, the policy allows
// it, and the account's owner proved the address too. An account whose address was never proven
// may have been registered by someone else in the owner's name (pre-account hijacking: the
// squatter knows its password and could have enrolled a factor), so it is never linked.
Result<Decided> LinkByEmail(Repositories& repos, const SsoAccountContext& context,
                            const ProviderAssertion& assertion, User existing) {
  if (!assertion.email_verified) {
    return Refuse(sso_error::kEmailNotVerified,
                  "an account has the address and the provider does not vouch for it");
  }
  if (!context.policy.link_by_email) {
    return Refuse(sso_error::kEmailNotVerified,
                  "an account has the address and sso_link_by_email is off");
  }
  if (existing.email_verified_at == 0) {
    return Refuse(sso_error::kEmailNotVerified,
                  "an account has the address but its owner never proved it");
  }
  SsoAccount account;
  account.path = SsoAccountPath::kLinkedByEmail;
  account.identity =
      NewLinkedIdentity(context.random, existing.id, context.provider, assertion, context.now);
  account.identity.last_login_at = context.now;
  account.user = std::move(existing);
  RETURN_IF_ERROR(repos.identities().Insert(account.identity));
  return Decided(std::move(account));
}

// No account has the address: one is made when the start's invite is for it, or sign-up is open.
Result<Decided> SignUp(Repositories& repos, const SsoAccountContext& context,
                       const ProviderAssertion& assertion, const std::string& email) {
  const bool invited = !context.invite.empty();
  if (!invited && !context.policy.signup) {
    return Refuse(sso_error::kSignupDisabled, "no account, no invite and sso_signup is off");
  }
  // An open sign-up takes the address only when the provider vouches for it: an unproven address
  // would later let its real owner's verified login link into this account.
  if (!invited && !assertion.email_verified) {
    return Refuse(sso_error::kEmailNotVerified,
                  "open sign-up needs an address the provider verified");
  }
  if (invited) {
    auto invite =
        FindUsableInvite(repos, context.tokens, context.invite, Field::kInvite, context.now);
    if (!invite && invite.error().code == ErrorCode::kInvalidRequest) {
      return Refuse(sso_error::kInvalidInvite, "the invite is unknown, expired, used or revoked");
    }
    RETURN_IF_ERROR(invite);
    if (invite->email != email) {
      return Refuse(sso_error::kInvalidInvite, "the invite is for another address");
    }
  }
  SsoAccount account;
  account.path = SsoAccountPath::kCreated;
  account.joined_by_invite = invited;
  User& user = account.user;
  user.id = NewUuidV4(context.random);
  user.email = email;
  user.display_name = ValidUtf8Prefix(assertion.name, kMaxDisplayNameBytes);
  user.created_at = context.now;
  user.updated_at = context.now;
  user.active = true;
  // The provider vouched for the address, or the invite mailed to it came back.
  if (assertion.email_verified || invited) user.email_verified_at = context.now;
  RETURN_IF_ERROR(repos.users().Create(user));
  const std::optional<std::string> invite =
      invited ? std::optional<std::string>(context.invite) : std::nullopt;
  Status enrolled = context.enrollment.Enroll(repos, user, invite, context.now, context.client);
  if (!enrolled && invited &&
      (enrolled.error().code == ErrorCode::kInvalidRequest ||
       enrolled.error().code == ErrorCode::kNotFound)) {
    return Refuse(sso_error::kInvalidInvite, "the invite was taken meanwhile");
  }
  RETURN_IF_ERROR(enrolled);
  account.identity =
      NewLinkedIdentity(context.random, user.id, context.provider, assertion, context.now);
  account.identity.last_login_at = context.now;
  RETURN_IF_ERROR(repos.identities().Insert(account.identity));
  return Decided(std::move(account));
}

}  // namespace

LinkedIdentity NewLinkedIdentity(Random& random, std::string_view user_id,
                                 std::string_view provider, const ProviderAssertion& assertion,
                                 int64_t now) {
  LinkedIdentity identity;
  identity.id = NewUuidV4(random);
  identity.user_id = std::string(user_id);
  identity.provider = std::string(provider);
  identity.subject = assertion.subject;
  identity.email = ValidUtf8Prefix(assertion.email, 320);
  identity.created_at = now;
  return identity;
}

Result<Decided> ResolveSsoAccount(Repositories& repos, const SsoAccountContext& context,
                                  const ProviderAssertion& assertion) {
  ASSIGN_OR_RETURN(std::optional<SsoAccount> known, KnownIdentity(repos, context, assertion));
  if (known) return Decided(std::move(*known));
  if (assertion.email.empty()) {
    return Refuse(sso_error::kEmailNotVerified, "the provider vouched for no address");
  }
  auto email = NormalizeEmail(assertion.email);
  if (!email) return Refuse(sso_error::kEmailNotVerified, "the provider's address is malformed");
  auto existing = repos.users().FindByEmail(*email);
  if (existing) return LinkByEmail(repos, context, assertion, std::move(existing).value());
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  return SignUp(repos, context, assertion, *email);
}

}  // namespace portcullis::core
