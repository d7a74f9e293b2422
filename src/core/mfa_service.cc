// TOTP enrolment and checks, recovery codes, login tickets and throttling over the Store.
// Thread-safe: no state of its own; see mfa_service.h for the throttling rules.
#include "core/mfa_service.h"

#include <algorithm>

#include "common/uuid.h"
#include "core/recovery_codes.h"
#include "core/totp.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kSecretBytes = 20;  // 160 bits, RFC 4226's recommendation

Error WrongCode() {
  return MakeError(ErrorCode::kInvalidCredentials,
                   "the code is wrong, was already used, or too many wrong codes were tried; "
                   "wait and try again");
}

Error BadTicket() {
  return MakeError(ErrorCode::kInvalidCredentials,
                   "the MFA ticket is unknown, expired, used or has seen too many wrong codes; log "
                   "in again",
                   "ticket");
}

Error AlreadyEnabled() {
  return MakeError(ErrorCode::kConflict, "multi-factor authentication is already enabled");
}

// A throttle or attempt write that failed: the attempt must not go uncounted, so it is refused.
Error NotRecorded(const Error& cause) {
  if (cause.code == ErrorCode::kUnavailable) return cause;
  return MakeError(ErrorCode::kUnavailable, "could not record the attempt; try again");
}

Error NotEnabled() {
  return MakeError(ErrorCode::kInvalidRequest, "multi-factor authentication is not enabled");
}

}  // namespace

MfaService::MfaService(MfaPolicy policy, Store& store, MfaCrypto& crypto, OpaqueTokens& tokens,
                       Random& random, const Clock& clock, const StepUpGuard& guard)
    : policy_(std::move(policy)),
      store_(store),
      crypto_(crypto),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      guard_(guard) {}

void MfaService::Record(std::string_view user_id, std::string_view type, const ClientInfo& client,
                        std::string detail) {
  SecurityEvent event;
  event.id = NewUuidV4(random_);
  event.user_id = std::string(user_id);
  event.type = std::string(type);
  event.at = clock_.NowSeconds();
  event.ip = client.ip;
  event.user_agent = client.user_agent;
  event.detail = std::move(detail);
  static_cast<void>(store_.security_events().Append(event));
}

Result<MfaEnrolment> MfaService::BeginSetup(const Principal& principal, const ClientInfo&) {
  auto user = store_.users().FindById(principal.user_id);
  if (!user) return user.error();
  if (user->mfa_enabled) return AlreadyEnabled();
  SecretBytes secret(random_.Bytes(kSecretBytes));
  const std::string sealed = crypto_.SealSecret(secret.view(), user->id);
  // The store refuses (kConflict) when a racing confirmation enabled the factor meanwhile.
  if (Status s = store_.mfa().SavePending(user->id, sealed, clock_.NowSeconds()); !s) {
    if (s.error().code == ErrorCode::kConflict) return AlreadyEnabled();
    return s.error();
  }
  MfaEnrolment out;
  out.secret = Base32Encode(secret.view());
  out.otpauth_uri = OtpauthUri(policy_.issuer, user->email, out.secret);
  return out;
}

Status MfaService::CheckThrottle(const MfaState& state, int64_t now) const {
  if (state.locked_until > now) return WrongCode();
  if (state.failures >= policy_.slow_after) {
    const int64_t shift = std::min<int64_t>(state.failures - policy_.slow_after, 30);
    const int64_t delay = std::min<int64_t>(int64_t{1} << shift, policy_.max_delay);
    if (now < state.last_failure_at + delay) return WrongCode();
  }
  return Status::Ok();
}

Status MfaService::NoteFailure(std::string_view user_id, int64_t now, const ClientInfo& client,
                               std::string_view why) {
  // Counted in the store, not from the state read before the check: concurrent failures all count.
  auto throttle =
      store_.mfa().RecordFailure(user_id, now, policy_.lock_after, policy_.lock_seconds);
  if (!throttle) return NotRecorded(throttle.error());
  if (throttle->failures == 0) {  // this failure reached lock_after: the count restarted
    Record(user_id, "mfa_locked", client,
           "locked for " + std::to_string(policy_.lock_seconds) + " s");
  }
  Record(user_id, "mfa_failed", client, std::string(why));
  return Status::Ok();
}

Status MfaService::NoteSuccess(const MfaState& state) {
  if (state.failures != 0 || state.last_failure_at != 0 || state.locked_until != 0) {
    if (Status s = store_.mfa().ResetThrottle(state.user_id); !s) return NotRecorded(s.error());
  }
  return Status::Ok();
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
  auto state = store_.mfa().Find(principal.user_id);
  if (!state && state.error().code != ErrorCode::kNotFound) return state.error();
  if (state && state->enabled) return AlreadyEnabled();
  if (!state || state->pending_sealed.empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "no pending secret: call POST /v1/me/mfa/setup");
  }
  const int64_t now = clock_.NowSeconds();
  if (Status s = CheckThrottle(*state, now); !s) return s.error();
  auto secret = crypto_.OpenSecret(state->pending_sealed, principal.user_id);
  if (!secret) return MakeError(ErrorCode::kInternal, "the pending secret does not open");
  const auto step = MatchTotp(crypto_, secret->view(), code, now);
  if (!step) {
    if (Status s = NoteFailure(principal.user_id, now, client, "wrong code confirming enrolment");
        !s) {
      return s.error();
    }
    Error error = WrongCode();
    error.field = "code";
    return error;
  }
  std::vector<std::string> hashes;
  std::vector<std::string> codes = NewRecoveryCodes(principal.user_id, hashes);
  // Enabling is conditional (not enabled yet, and the pending secret is still the one checked):
  // of racing confirmations exactly one wins; a loser's recovery codes roll back with it.
  Status stored = store_.Transact([&](Repositories& repos) -> Status {
    auto enabled = repos.mfa().Enable(principal.user_id, state->pending_sealed, *step, now);
    if (!enabled) return enabled.error();
    if (!*enabled) return AlreadyEnabled();
    return repos.mfa().ReplaceRecoveryCodes(principal.user_id, hashes, now);
  });
  if (!stored) return stored.error();
  Record(principal.user_id, "mfa_enabled", client);
  return codes;
}

Result<MfaState> MfaService::EnabledState(std::string_view user_id) {
  auto state = store_.mfa().Find(user_id);
  if (!state) {
    if (state.error().code == ErrorCode::kNotFound) return NotEnabled();
    return state.error();
  }
  if (!state->enabled) return NotEnabled();
  return state;
}

Result<SecondFactor> MfaService::Verify(std::string_view user_id, std::string_view code,
                                        const ClientInfo& client) {
  return Check(user_id, code, client, nullptr);
}

Result<SecondFactor> MfaService::Check(std::string_view user_id, std::string_view code,
                                       const ClientInfo& client, const Spend* spend) {
  auto state = EnabledState(user_id);
  if (!state) return state.error();
  const int64_t now = clock_.NowSeconds();
  if (Status s = CheckThrottle(*state, now); !s) {
    Record(user_id, "mfa_failed", client, "refused by throttling");
    return s.error();
  }
  SecondFactor proved;
  proved.user_id = std::string(user_id);
  std::string why = "wrong code";
  // Spends the factor (`use`) and, with `spend`, in one transaction: true when both went through.
  auto claim = [&](const Spend& use) -> Result<bool> {
    if (spend == nullptr) return use(store_);
    bool won = false;
    bool refused = false;
    Status s = store_.Transact([&](Repositories& repos) -> Status {
      auto used = use(repos);
      if (!used) return used.error();
      if (!*used) return Status::Ok();
      auto spent = (*spend)(repos);
      if (!spent) return spent.error();
      if (!*spent) {
        refused = true;
        return BadTicket();  // rolls the factor back
      }
      won = true;
      return Status::Ok();
    });
    if (refused) return BadTicket();
    if (!s) return s.error();
    return won;
  };
  if (code.size() == static_cast<std::size_t>(kTotpDigits)) {
    auto secret = crypto_.OpenSecret(state->secret_sealed, user_id);
    if (!secret) return MakeError(ErrorCode::kInternal, "the TOTP secret does not open");
    if (const auto step = MatchTotp(crypto_, secret->view(), code, now)) {
      auto claimed =
          claim([&](Repositories& repos) { return repos.mfa().ClaimStep(user_id, *step); });
      if (!claimed) return claimed.error();
      if (*claimed) {
        if (Status s = NoteSuccess(*state); !s) return s.error();
        proved.method = "otp";
        return proved;
      }
      why = "replayed code";
    }
  } else if (const auto normal = NormalizeRecoveryCode(code)) {
    const std::string hash = crypto_.RecoveryCodeHash(user_id, *normal);
    auto used =
        claim([&](Repositories& repos) { return repos.mfa().UseRecoveryCode(user_id, hash, now); });
    if (!used) return used.error();
    if (*used) {
      if (Status s = NoteSuccess(*state); !s) return s.error();
      auto left = store_.mfa().CountUnusedRecoveryCodes(user_id);
      Record(user_id, "recovery_code_used", client,
             left ? std::to_string(*left) + " left" : std::string());
      proved.method = "recovery";
      return proved;
    }
    why = "wrong or used recovery code";
  }
  if (Status s = NoteFailure(user_id, now, client, why); !s) return s.error();
  return WrongCode();
}

Status MfaService::Disable(const Principal& principal, std::string_view code,
                           const ClientInfo& client) {
  if (Status s = guard_.Check(principal); !s) return s;
  auto proved = Verify(principal.user_id, code, client);
  if (!proved) {
    Error error = proved.error();
    if (error.code == ErrorCode::kInvalidCredentials) error.field = "code";
    return error;
  }
  if (Status s = store_.mfa().Disable(principal.user_id); !s) return s;
  Record(principal.user_id, "mfa_disabled", client);
  return Status::Ok();
}

Result<std::vector<std::string>> MfaService::RegenerateRecoveryCodes(const Principal& principal,
                                                                     const ClientInfo& client) {
  if (Status s = guard_.Check(principal); !s) return s.error();
  auto state = EnabledState(principal.user_id);
  if (!state) return state.error();
  std::vector<std::string> hashes;
  std::vector<std::string> codes = NewRecoveryCodes(principal.user_id, hashes);
  if (Status s = store_.mfa().ReplaceRecoveryCodes(principal.user_id, hashes, clock_.NowSeconds());
      !s) {
    return s.error();
  }
  Record(principal.user_id, "recovery_codes_regenerated", client);
  return codes;
}

Result<std::string> MfaService::IssueTicket(std::string_view user_id) {
  const int64_t now = clock_.NowSeconds();
  OpaqueToken token = tokens_.Generate();
  MfaTicket ticket;
  ticket.hash = token.hash;
  ticket.user_id = std::string(user_id);
  ticket.created_at = now;
  ticket.expires_at = now + policy_.ticket_ttl;
  Status stored = store_.Transact([&](Repositories& repos) -> Status {
    if (Status s = repos.mfa().PurgeTickets(now); !s) return s;
    return repos.mfa().CreateTicket(ticket);
  });
  if (!stored) return stored.error();
  return std::move(token.plaintext);
}

Result<SecondFactor> MfaService::RedeemTicket(std::string_view ticket, std::string_view code,
                                              const ClientInfo& client) {
  const std::string hash = tokens_.HashOf(ticket);
  const int64_t now = clock_.NowSeconds();
  // The attempt is taken before the code is checked, atomically on a live ticket: concurrent codes
  // never get more than ticket_max_attempts checks, and a dead ticket spends nothing.
  auto user_id = store_.mfa().ReserveTicketAttempt(hash, now, policy_.ticket_max_attempts);
  if (!user_id) {
    if (user_id.error().code == ErrorCode::kNotFound) return BadTicket();
    return NotRecorded(user_id.error());
  }
  const Spend spend = [&](Repositories& repos) { return repos.mfa().UseTicket(hash, now); };
  auto proved = Check(*user_id, code, client, &spend);
  if (!proved) {
    Error error = proved.error();
    if (error.code == ErrorCode::kInvalidCredentials && error.field.empty()) error.field = "code";
    return error;
  }
  return proved;
}

}  // namespace portcullis::core
