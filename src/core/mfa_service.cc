// TOTP enrolment and checks, recovery codes, login tickets and throttling over the Store.
// Thread-safe: no state of its own; see mfa_service.h for the throttling rules.
#include "core/mfa_service.h"

#include <algorithm>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/recovery_codes.h"
#include "core/totp.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kSecretBytes = 20;  // 160 bits, RFC 4226's recommendation

Error WrongCode(Field field) {
  return MakeError(ErrorCode::kInvalidCredentials,
                   "the code is wrong, was already used, or too many wrong codes were tried; "
                   "wait and try again",
                   field, Reason::kWrongCode);
}

Error BadTicket() {
  return MakeError(ErrorCode::kInvalidCredentials,
                   "the MFA ticket is unknown, expired, used or has seen too many wrong codes; log "
                   "in again",
                   Field::kTicket, Reason::kTicketUnusable);
}

Error AlreadyEnabled() {
  return MakeError(ErrorCode::kConflict, "multi-factor authentication is already enabled",
                   Reason::kMfaAlreadyEnabled);
}

Error NotEnabled() {
  return MakeError(ErrorCode::kInvalidRequest, "multi-factor authentication is not enabled",
                   Reason::kMfaNotEnabled);
}

Error NoPendingSecret() {
  return MakeError(ErrorCode::kInvalidRequest, "no pending secret: start the enrolment first",
                   Reason::kNoPendingSecret);
}

// The user's factor, when it is enabled; NotEnabled otherwise.
Result<MfaState> EnabledState(Repositories& repos, std::string_view user_id) {
  ASSIGN_OR_RETURN(MfaState state, NotFoundAs(repos.mfa().Find(user_id), NotEnabled()));
  if (!state.enabled) return NotEnabled();
  return state;
}

}  // namespace

MfaService::MfaService(MfaPolicy policy, Store& store, MfaCrypto& crypto, OpaqueTokens& tokens,
                       Random& random, const Clock& clock, const StepUpGuard& guard,
                       AuditTrail* audit)
    : policy_(std::move(policy)),
      store_(store),
      crypto_(crypto),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      guard_(guard),
      audit_(audit) {}

Status MfaService::Record(Repositories& repos, std::string_view user_id, std::string_view type,
                          const ClientInfo& client, std::string detail) {
  SecurityEvent event = AnonymousAuditEvent(type, client);
  event.actor_type = "user";
  event.actor_id = std::string(user_id);
  event.user_id = std::string(user_id);
  event.target_type = "user";
  event.target_id = std::string(user_id);
  if (type.ends_with("_failed") || type.ends_with("_locked")) event.outcome = "failure";
  event.detail = std::move(detail);
  if (audit_ != nullptr) return audit_->Record(repos, std::move(event));
  event.id = NewUuidV4(random_);
  event.at = clock_.NowSeconds();
  return repos.security_events().Append(event);
}

Result<MfaEnrolment> MfaService::BeginSetup(const Principal& principal, const ClientInfo&) {
  // Enrolling a factor is a step-up operation: a stolen token must not add its holder's TOTP.
  RETURN_IF_ERROR(guard_.Check(principal));
  SecretBytes secret(random_.Bytes(kSecretBytes));
  const std::string sealed = crypto_.SealSecret(secret.view(), principal.user_id);
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(
      std::string email, store_.WriteValue([&](Repositories& repos) -> Result<std::string> {
        ASSIGN_OR_RETURN(User user, repos.users().FindById(principal.user_id));
        if (user.mfa_enabled) return AlreadyEnabled();
        // Refused (kConflict) when a racing confirmation enabled the factor meanwhile.
        if (Status saved = repos.mfa().SavePending(user.id, sealed, now); !saved) {
          return saved.error().code == ErrorCode::kConflict ? AlreadyEnabled() : saved.error();
        }
        return user.email;
      }));
  MfaEnrolment out;
  out.secret = Base32Encode(secret.view());
  out.otpauth_uri = OtpauthUri(policy_.issuer, email, out.secret);
  return out;
}

Status MfaService::CheckThrottle(const MfaState& state, int64_t now, Field field) const {
  if (state.locked_until > now) return WrongCode(field);
  if (state.failures >= policy_.slow_after) {
    const int64_t shift = std::min<int64_t>(state.failures - policy_.slow_after, 30);
    const int64_t delay = std::min<int64_t>(int64_t{1} << shift, policy_.max_delay);
    if (now < state.last_failure_at + delay) return WrongCode(field);
  }
  return Status::Ok();
}

Status MfaService::NoteFailure(Repositories& repos, std::string_view user_id, int64_t now,
                               const ClientInfo& client, std::string_view why) {
  // Counted in place, not from the state read before the check: concurrent failures all count.
  ASSIGN_OR_RETURN(MfaThrottle throttle, repos.mfa().RecordFailure(user_id, now, policy_.lock_after,
                                                                   policy_.lock_seconds));
  if (throttle.failures == 0) {  // this failure reached lock_after: the count restarted
    RETURN_IF_ERROR(Record(repos, user_id, "mfa_locked", client,
                           "locked for " + std::to_string(policy_.lock_seconds) + " s"));
  }
  return Record(repos, user_id, "mfa_failed", client, std::string(why));
}

Status MfaService::NoteSuccess(Repositories& repos, const MfaState& state) {
  if (state.failures == 0 && state.last_failure_at == 0 && state.locked_until == 0) {
    return Status::Ok();
  }
  return repos.mfa().ResetThrottle(state.user_id);
}

std::vector<std::string> MfaService::NewRecoveryCodes(std::string_view user_id,
                                                      std::vector<std::string>& hashes) {
  std::vector<std::string> codes;
  hashes.clear();
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    codes.push_back(GenerateRecoveryCode(random_));
    hashes.push_back(crypto_.RecoveryCodeHash(user_id, *NormalizeRecoveryCode(codes.back())));
  }
  return codes;
}

Result<std::vector<std::string>> MfaService::ConfirmSetup(const Principal& principal,
                                                          std::string_view code,
                                                          const ClientInfo& client) {
  RETURN_IF_ERROR(guard_.Check(principal));
  const std::string& user_id = principal.user_id;
  const int64_t now = clock_.NowSeconds();
  std::vector<std::string> hashes;
  std::vector<std::string> codes = NewRecoveryCodes(user_id, hashes);
  using Codes = std::vector<std::string>;
  return store_.WriteDecision([&](Repositories& repos) -> Result<Decision<Codes>> {
    ASSIGN_OR_RETURN(MfaState state, NotFoundAs(repos.mfa().Find(user_id), NoPendingSecret()));
    if (state.enabled) return AlreadyEnabled();
    if (state.pending_sealed.empty()) return NoPendingSecret();
    RETURN_IF_ERROR(CheckThrottle(state, now, Field::kNone));
    auto secret = crypto_.OpenSecret(state.pending_sealed, user_id);
    if (!secret) return MakeError(ErrorCode::kInternal, "the pending secret does not open");
    const auto step = MatchTotp(crypto_, secret->view(), code, now);
    if (!step) {
      RETURN_IF_ERROR(NoteFailure(repos, user_id, now, client, "wrong code confirming enrolment"));
      return Decision<Codes>(WrongCode(Field::kCode));
    }
    // Conditional (not enabled yet, and the pending secret is still the one checked): of racing
    // confirmations exactly one wins; a loser stores no recovery codes.
    ASSIGN_OR_RETURN(bool enabled, repos.mfa().Enable(user_id, state.pending_sealed, *step, now));
    if (!enabled) return AlreadyEnabled();
    RETURN_IF_ERROR(repos.mfa().ReplaceRecoveryCodes(user_id, hashes, now));
    RETURN_IF_ERROR(Record(repos, user_id, "mfa_enabled", client));
    return Decision<Codes>(codes);
  });
}

Result<Decision<SecondFactor>> MfaService::Verify(Repositories& repos, std::string_view user_id,
                                                  std::string_view code, const ClientInfo& client,
                                                  Field field, int64_t now) {
  ASSIGN_OR_RETURN(MfaState state, EnabledState(repos, user_id));
  if (Status throttled = CheckThrottle(state, now, field); !throttled) {
    RETURN_IF_ERROR(Record(repos, user_id, "mfa_failed", client, "refused by throttling"));
    return Decision<SecondFactor>(throttled.error());
  }
  SecondFactor proved;
  proved.user_id = std::string(user_id);
  std::string why = "wrong code";
  if (code.size() == static_cast<std::size_t>(kTotpDigits)) {
    auto secret = crypto_.OpenSecret(state.secret_sealed, user_id);
    if (!secret) return MakeError(ErrorCode::kInternal, "the TOTP secret does not open");
    if (const auto step = MatchTotp(crypto_, secret->view(), code, now)) {
      // Conditional: of two uses of one code exactly one wins.
      ASSIGN_OR_RETURN(bool claimed, repos.mfa().ClaimStep(user_id, *step));
      if (claimed) {
        RETURN_IF_ERROR(NoteSuccess(repos, state));
        proved.method = "otp";
        return Decision<SecondFactor>(std::move(proved));
      }
      why = "replayed code";
    }
  } else if (const auto normal = NormalizeRecoveryCode(code)) {
    const std::string hash = crypto_.RecoveryCodeHash(user_id, *normal);
    ASSIGN_OR_RETURN(bool used, repos.mfa().UseRecoveryCode(user_id, hash, now));
    if (used) {
      RETURN_IF_ERROR(NoteSuccess(repos, state));
      ASSIGN_OR_RETURN(int64_t left, repos.mfa().CountUnusedRecoveryCodes(user_id));
      RETURN_IF_ERROR(
          Record(repos, user_id, "recovery_code_used", client, std::to_string(left) + " left"));
      proved.method = "recovery";
      return Decision<SecondFactor>(std::move(proved));
    }
    why = "wrong or used recovery code";
  }
  RETURN_IF_ERROR(NoteFailure(repos, user_id, now, client, why));
  return Decision<SecondFactor>(WrongCode(field));
}

Status MfaService::Disable(const Principal& principal, std::string_view code,
                           const ClientInfo& client) {
  RETURN_IF_ERROR(guard_.Check(principal));
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(SecondFactor proved,
                   store_.WriteDecision([&](Repositories& repos) -> Result<Decision<SecondFactor>> {
                     ASSIGN_OR_RETURN(auto decision, Verify(repos, principal.user_id, code, client,
                                                            Field::kCode, now));
                     if (!decision) return decision;
                     RETURN_IF_ERROR(repos.mfa().Disable(principal.user_id));
                     RETURN_IF_ERROR(Record(repos, principal.user_id, "mfa_disabled", client));
                     return decision;
                   }));
  static_cast<void>(proved);
  return Status::Ok();
}

Result<std::vector<std::string>> MfaService::RegenerateRecoveryCodes(const Principal& principal,
                                                                     const ClientInfo& client) {
  RETURN_IF_ERROR(guard_.Check(principal));
  std::vector<std::string> hashes;
  std::vector<std::string> codes = NewRecoveryCodes(principal.user_id, hashes);
  const int64_t now = clock_.NowSeconds();
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(EnabledState(repos, principal.user_id));
    RETURN_IF_ERROR(repos.mfa().ReplaceRecoveryCodes(principal.user_id, hashes, now));
    return Record(repos, principal.user_id, "recovery_codes_regenerated", client);
  }));
  return codes;
}

Result<MfaChallenge> MfaService::IssueTicket(Repositories& repos, std::string_view user_id,
                                             std::string_view first_factor, int64_t now) {
  OpaqueToken token = tokens_.Generate();
  MfaTicket ticket;
  ticket.hash = token.hash;
  ticket.user_id = std::string(user_id);
  ticket.created_at = now;
  ticket.expires_at = now + policy_.ticket_ttl;
  ticket.first_factor = std::string(first_factor);
  RETURN_IF_ERROR(repos.mfa().PurgeTickets(now));
  RETURN_IF_ERROR(repos.mfa().CreateTicket(ticket));
  return MfaChallenge{std::move(token.plaintext), policy_.ticket_ttl};
}

Result<Decision<SecondFactor>> MfaService::RedeemTicket(Repositories& repos,
                                                        std::string_view ticket,
                                                        std::string_view code,
                                                        const ClientInfo& client, int64_t now) {
  const std::string hash = tokens_.HashOf(ticket);
  // The attempt is taken before the code is checked, and only on a live ticket: concurrent codes
  // never get more than ticket_max_attempts checks, and a dead ticket spends nothing.
  ASSIGN_OR_RETURN(MfaTicket reserved, NotFoundAs(repos.mfa().ReserveTicketAttempt(
                                                      hash, now, policy_.ticket_max_attempts),
                                                  BadTicket()));
  ASSIGN_OR_RETURN(auto decision, Verify(repos, reserved.user_id, code, client, Field::kCode, now));
  if (!decision) return decision;
  // Reserved above in this same transaction, so it is still unused.
  ASSIGN_OR_RETURN(bool spent, repos.mfa().UseTicket(hash, now));
  if (!spent) return BadTicket();
  decision->first_factor = std::move(reserved.first_factor);
  return decision;
}

}  // namespace portcullis::core
