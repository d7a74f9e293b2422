// SsoFlowService: the start and callback of a single sign-on flow, and the identities of a user.
// Thread-safe: immutable after construction; the state lives in the EphemeralStore and the Store.
#include "core/sso_flow_service.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "common/secret_bytes.h"
#include "common/status_macros.h"
#include "core/async.h"
#include "core/invite_redemption.h"

namespace portcullis::core {
namespace {

// The provider's amr value that shows multiple factors (RFC 8176 §2). A single method ("otp",
// "hwk", "sms", ...) can be the only one a provider asked for (a mailed one-time code, a passkey),
// so only "mfa" stands in for Portcullis's own second step.
constexpr std::string_view kMultipleFactors = "mfa";

// Text from the request or the provider, fit for a log line or an audit detail: a short token of
// [A-Za-z0-9._-], else "?".
std::string Printable(std::string_view text) {
  if (text.empty() || text.size() > 64) return "?";
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return "?";
  }
  return std::string(text);
}

// The sso_error of a provider that could not redeem the code.
std::string_view RedeemError(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidRequest:
    case ErrorCode::kTokenInvalid:
    case ErrorCode::kTokenExpired:
      return sso_error::kInvalidToken;
    case ErrorCode::kUnavailable:
    case ErrorCode::kOverloaded:
      return sso_error::kProviderUnavailable;
    default:
      return sso_error::kProviderError;
  }
}

// A refusal decided inside a Write rolls it back with this error; the caller reads the refusal.
Error Refused() { return MakeError(ErrorCode::kConflict, "single sign-on refused; rolled back"); }

// `user_id`'s event of `type` about the identity, the user its actor.
SecurityEvent IdentityEvent(std::string_view type, std::string_view user_id,
                            const LinkedIdentity& identity, const ClientInfo& client,
                            std::string detail) {
  SecurityEvent event = AnonymousAuditEvent(type, client);
  event.actor_type = "user";
  event.actor_id = std::string(user_id);
  event.user_id = std::string(user_id);
  event.target_type = "identity";
  event.target_id = identity.id;
  event.detail = "provider=" + identity.provider + (detail.empty() ? "" : " " + detail);
  return event;
}

std::string_view PathDetail(SsoAccountPath path) {
  switch (path) {
    case SsoAccountPath::kKnownIdentity:
      return "";
    case SsoAccountPath::kLinkedByEmail:
      return "by=verified_email";
    case SsoAccountPath::kCreated:
      return "by=signup";
  }
  return "";
}

}  // namespace

SsoFlowService::SsoFlowService(SsoDeps deps) : deps_(std::move(deps)) {}

std::string SsoFlowService::SessionAmr(std::string_view provider,
                                       const ProviderAssertion& assertion) const {
  std::string amr = "sso:" + std::string(provider);
  const auto trust = deps_.policy.trust_mfa.find(provider);
  const bool trusted = trust != deps_.policy.trust_mfa.end() && trust->second;
  const bool shows_mfa = std::find(assertion.amr.begin(), assertion.amr.end(), kMultipleFactors) !=
                         assertion.amr.end();
  if (trusted && shows_mfa) amr += ",mfa";
  return amr;
}

Result<SsoStart> SsoFlowService::Start(const SsoStartRequest& request) {
  const auto provider = deps_.providers.find(request.provider);
  if (provider == deps_.providers.end()) {
    return MakeError(ErrorCode::kNotFound, "no single sign-on provider of that name");
  }
  if (!request.redirect_uri.empty()) RETURN_IF_ERROR(deps_.redirects.Check(request.redirect_uri));
  if (!request.code_challenge.empty())
    RETURN_IF_ERROR(ValidateCodeChallenge(request.code_challenge));
  if (request.purpose == SsoPurpose::kLink && request.link_user_id.empty()) {
    return MakeError(ErrorCode::kInternal, "a link flow names the account it links to");
  }
  if (!request.invite.empty()) {  // a dead invite fails here, not after the provider's login
    const int64_t now = deps_.clock.NowSeconds();
    RETURN_IF_ERROR(deps_.store.Read([&](Repositories& repos) -> Status {
      RETURN_IF_ERROR(FindUsableInvite(repos, deps_.tokens, request.invite, Field::kInvite, now));
      return Status::Ok();
    }));
  }
  const OpaqueToken state = deps_.tokens.Generate();
  const OpaqueToken nonce = deps_.tokens.Generate();
  const OpaqueToken verifier = deps_.tokens.Generate();  // 43 base64url characters (RFC 7636)
  const OpaqueToken binding = deps_.tokens.Generate();

  ASSIGN_OR_RETURN(std::string url, provider->second->AuthorizationUrl(AuthorizationRequest{
                                        .state = state.plaintext,
                                        .nonce = nonce.plaintext,
                                        .code_challenge = deps_.challenges.S256(verifier.plaintext),
                                        .redirect_uri = request.callback_url}));
  SsoFlowRecord flow;
  flow.provider = request.provider;
  flow.nonce = nonce.plaintext;
  flow.code_verifier = verifier.plaintext;
  flow.binding_hash = binding.hash;
  flow.callback_url = request.callback_url;
  flow.redirect_uri = request.redirect_uri;
  flow.code_challenge = request.code_challenge;
  flow.invite = request.invite;
  flow.purpose = request.purpose;
  flow.link_user_id = request.link_user_id;
  const auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(deps_.policy.state_ttl);
  Status kept = Await<Status>([&](UniqueFunction<void(Status)> done) {
    deps_.ephemeral.PutOnce(SsoFlowKey(state.hash), EncodeSsoFlow(flow), ttl, std::move(done));
  });
  if (!kept && kept.error().code != ErrorCode::kUnavailable) {
    return MakeError(ErrorCode::kInternal, "the flow's state could not be kept");
  }
  RETURN_IF_ERROR(kept);
  return SsoStart{.authorization_url = std::move(url), .browser_binding = binding.plaintext};
}

std::variant<SsoFlowRecord, SsoRefusal> SsoFlowService::TakeFlow(
    const SsoCallbackRequest& request) {
  if (request.state.empty()) return SsoRefusal{sso_error::kInvalidState, "no state"};
  auto taken = Await<Result<std::optional<std::string>>>(
      [&](UniqueFunction<void(Result<std::optional<std::string>>)> done) {
        deps_.ephemeral.Take(SsoFlowKey(deps_.tokens.HashOf(request.state)), std::move(done));
      });
  if (!taken) {
    return SsoRefusal{sso_error::kServerError,
                      "the flow's state could not be read: " + taken.error().detail};
  }
  if (!*taken) return SsoRefusal{sso_error::kInvalidState, "unknown, used or expired state"};
  std::optional<SsoFlowRecord> flow = DecodeSsoFlow(**taken);
  if (!flow) return SsoRefusal{sso_error::kInvalidState, "the flow's state is malformed"};
  // Both sides are SHA-256 hex of high-entropy values; compared in constant time all the same.
  if (request.browser_binding.empty() ||
      !ConstantTimeEquals(deps_.tokens.HashOf(request.browser_binding), flow->binding_hash)) {
    return SsoRefusal{sso_error::kInvalidState, "the state belongs to another browser"};
  }
  if (flow->provider != request.provider) {
    return SsoRefusal{sso_error::kInvalidState, "the state was started for another provider"};
  }
  return std::move(*flow);
}

SsoCallbackOutcome SsoFlowService::Callback(const SsoCallbackRequest& request) {
  SsoCallbackOutcome outcome;
  const auto provider = deps_.providers.find(request.provider);
  if (provider == deps_.providers.end()) {
    return Fail(std::move(outcome), sso_error::kUnknownProvider, request.provider,
                "no provider of that name", request.client);
  }
  auto taken = TakeFlow(request);
  if (auto* refusal = std::get_if<SsoRefusal>(&taken)) {
    return Fail(std::move(outcome), refusal->error, request.provider, refusal->why, request.client);
  }
  const SsoFlowRecord flow = std::get<SsoFlowRecord>(std::move(taken));
  // The state was this browser's: errors may now go where the flow was to end.
  outcome.purpose = flow.purpose;
  outcome.redirect_uri = flow.redirect_uri;
  if (!request.error.empty()) {
    const bool denied = request.error == "access_denied";
    return Fail(std::move(outcome), denied ? sso_error::kAccessDenied : sso_error::kProviderError,
                flow.provider, "the provider answered error=" + Printable(request.error),
                request.client, flow.link_user_id);
  }
  if (request.code.empty()) {
    return Fail(std::move(outcome), sso_error::kProviderError, flow.provider,
                "the provider answered neither a code nor an error", request.client,
                flow.link_user_id);
  }
  auto assertion = provider->second->Redeem(CodeRedemption{.code = request.code,
                                                           .code_verifier = flow.code_verifier,
                                                           .nonce = flow.nonce,
                                                           .redirect_uri = flow.callback_url});
  if (!assertion) {
    return Fail(std::move(outcome), RedeemError(assertion.error()), flow.provider,
                "the code was not redeemed: " + assertion.error().detail, request.client,
                flow.link_user_id);
  }
  if (assertion->subject.empty()) {
    return Fail(std::move(outcome), sso_error::kInvalidToken, flow.provider,
                "the provider named no subject", request.client, flow.link_user_id);
  }
  if (flow.purpose == SsoPurpose::kLink) {
    return Link(std::move(outcome), flow, *assertion, request.client);
  }
  return Finish(std::move(outcome), flow, *assertion, request.client);
}

SsoCallbackOutcome SsoFlowService::Finish(SsoCallbackOutcome outcome, const SsoFlowRecord& flow,
                                          const ProviderAssertion& assertion,
                                          const ClientInfo& client) {
  const int64_t now = deps_.clock.NowSeconds();
  const bool programmatic = !flow.redirect_uri.empty();
  const std::string amr = SessionAmr(flow.provider, assertion);
  const bool mfa_proven = amr.ends_with(",mfa");
  const SsoAccountContext context{.policy = deps_.policy,
                                  .provider = flow.provider,
                                  .invite = flow.invite,
                                  .tokens = deps_.tokens,
                                  .enrollment = deps_.enrollment,
                                  .random = deps_.random,
                                  .now = now,
                                  .client = client};
  std::optional<SsoRefusal> refusal;
  std::string user_id;  // for the failure's audit event, once known
  PendingSignIn pending;
  std::optional<MfaChallenge> challenge;
  Status written = deps_.store.Write([&](Repositories& repos) -> Status {
    // A Write may run again (PostgreSQL retries a lost serialization race): start afresh.
    refusal.reset();
    user_id.clear();
    pending = PendingSignIn();
    challenge.reset();
    outcome.exchange_code.clear();
    ASSIGN_OR_RETURN(auto decided, ResolveSsoAccount(repos, context, assertion));
    if (auto* refused = std::get_if<SsoRefusal>(&decided)) {
      refusal = std::move(*refused);
      return Refused();
    }
    const SsoAccount account = std::get<SsoAccount>(std::move(decided));
    user_id = account.user.id;
    if (account.user.disabled_at != 0) {
      refusal = SsoRefusal{sso_error::kAccountDisabled, "the account is disabled"};
      return Refused();
    }
    if (account.path == SsoAccountPath::kCreated) {
      RETURN_IF_ERROR(deps_.audit.Record(
          repos, IdentityEvent("sso_signup", user_id, account.identity, client,
                               account.joined_by_invite ? "by=invite" : "by=open_signup")));
    } else if (account.path == SsoAccountPath::kLinkedByEmail) {
      RETURN_IF_ERROR(
          deps_.audit.Record(repos, IdentityEvent("sso_linked", user_id, account.identity, client,
                                                  std::string(PathDetail(account.path)))));
    }
    std::string mode = programmatic ? "mode=programmatic" : "mode=browser";
    const bool second_step = deps_.mfa != nullptr && account.user.mfa_enabled && !mfa_proven;
    if (second_step) mode += " mfa=required";
    RETURN_IF_ERROR(deps_.audit.Record(
        repos, IdentityEvent("sso_login", user_id, account.identity, client, mode)));
    if (second_step) {
      ASSIGN_OR_RETURN(challenge, deps_.mfa->IssueTicket(repos, user_id, amr, now));
    } else if (programmatic) {
      ASSIGN_OR_RETURN(outcome.exchange_code,
                       deps_.codes.Issue(repos, user_id, amr, flow.code_challenge));
    } else {
      auto begun = deps_.sign_in.Begin(repos, account.user, amr, client, now);
      if (!begun && begun.error().reason == Reason::kAccountDisabled) {
        refusal = SsoRefusal{sso_error::kAccountDisabled, "the account is disabled"};
        return Refused();
      }
      ASSIGN_OR_RETURN(pending, std::move(begun));
    }
    return Status::Ok();
  });
  if (refusal) {
    outcome.exchange_code.clear();
    return Fail(std::move(outcome), refusal->error, flow.provider, refusal->why, client, user_id);
  }
  if (!written) {
    outcome.exchange_code.clear();
    return Fail(std::move(outcome), sso_error::kServerError, flow.provider,
                "the account could not be written: " + written.error().detail, client, user_id);
  }
  if (challenge && programmatic) {
    outcome.mfa = std::move(*challenge);
  } else if (challenge) {
    outcome.login = LoginOutcome(std::move(*challenge));
  } else if (!programmatic) {
    outcome.login = deps_.sign_in.Finish(std::move(pending));
  }
  return outcome;
}

SsoCallbackOutcome SsoFlowService::Link(SsoCallbackOutcome outcome, const SsoFlowRecord& flow,
                                        const ProviderAssertion& assertion,
                                        const ClientInfo& client) {
  const int64_t now = deps_.clock.NowSeconds();
  const std::string& user_id = flow.link_user_id;
  std::optional<SsoRefusal> refusal;
  LinkedIdentity linked;
  Status written = deps_.store.Write([&](Repositories& repos) -> Status {
    refusal.reset();  // a Write may run again: start afresh
    auto existing = repos.identities().FindBySubject(flow.provider, assertion.subject);
    if (existing) {
      if (existing->user_id != user_id) {
        refusal = SsoRefusal{sso_error::kIdentityTaken, "linked to another account"};
        return Refused();
      }
      linked = std::move(existing).value();  // linked already: the same answer again
      return deps_.audit.Record(
          repos, IdentityEvent("sso_linked", user_id, linked, client, "already_linked"));
    }
    if (existing.error().code != ErrorCode::kNotFound) return existing.error();
    ASSIGN_OR_RETURN(User user, repos.users().FindById(user_id));
    if (user.disabled_at != 0) {
      refusal = SsoRefusal{sso_error::kAccountDisabled, "the account is disabled"};
      return Refused();
    }
    linked = NewLinkedIdentity(deps_.random, user_id, flow.provider, assertion, now);
    Status inserted = repos.identities().Insert(linked);
    if (!inserted && inserted.error().code == ErrorCode::kConflict) {
      refusal = SsoRefusal{sso_error::kIdentityTaken, "linked to another account meanwhile"};
      return Refused();
    }
    RETURN_IF_ERROR(inserted);
    return deps_.audit.Record(repos, IdentityEvent("sso_linked", user_id, linked, client, ""));
  });
  if (refusal) {
    return Fail(std::move(outcome), refusal->error, flow.provider, refusal->why, client, user_id);
  }
  if (!written) {
    return Fail(std::move(outcome), sso_error::kServerError, flow.provider,
                "the identity could not be linked: " + written.error().detail, client, user_id);
  }
  outcome.linked = std::move(linked);
  return outcome;
}

SsoCallbackOutcome SsoFlowService::Fail(SsoCallbackOutcome outcome, std::string_view error,
                                        std::string_view provider, std::string_view why,
                                        const ClientInfo& client, std::string_view user_id) {
  const std::string detail = "provider=" + Printable(provider) + " error=" + std::string(error);
  if (deps_.log_failure)
    deps_.log_failure("single sign-on failed: " + detail + ": " + std::string(why));
  SecurityEvent event = AnonymousAuditEvent("sso_failed", client);
  event.user_id = std::string(user_id);
  if (!user_id.empty()) {
    event.target_type = "user";
    event.target_id = std::string(user_id);
  }
  event.outcome = "failure";
  event.detail = detail;
  deps_.audit.RecordLater(std::move(event));
  outcome.error = std::string(error);
  outcome.login.reset();
  outcome.mfa.reset();
  outcome.linked.reset();
  return outcome;
}

Result<std::vector<LinkedIdentity>> SsoFlowService::ListIdentities(std::string_view user_id) {
  return deps_.store.ReadValue(
      [&](Repositories& repos) { return repos.identities().ListForUser(user_id); });
}

Status SsoFlowService::Unlink(std::string_view user_id, std::string_view id,
                              const ClientInfo& client) {
  return deps_.store.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(std::vector<LinkedIdentity> identities,
                     repos.identities().ListForUser(user_id));
    const auto it = std::find_if(identities.begin(), identities.end(),
                                 [&](const LinkedIdentity& identity) { return identity.id == id; });
    if (it == identities.end()) {
      return MakeError(ErrorCode::kNotFound, "you have no linked identity with that id");
    }
    ASSIGN_OR_RETURN(User user, repos.users().FindById(user_id));
    if (user.password_hash.empty() && identities.size() == 1) {
      return MakeError(ErrorCode::kConflict,
                       "this is your only way to log in: set a password or link another "
                       "identity first",
                       Reason::kLastLoginMethod);
    }
    RETURN_IF_ERROR(repos.identities().Delete(user_id, id));
    return deps_.audit.Record(repos, IdentityEvent("sso_unlinked", user_id, *it, client, ""));
  });
}

}  // namespace portcullis::core
