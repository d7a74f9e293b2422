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
  if (user->mfa_enabled) {
    return MakeError(ErrorCode::kConflict, "multi-factor authentication is already enabled");
  }
  SecretBytes secret(random_.Bytes(kSecretBytes));
  const std::string sealed = crypto_.SealSecret(secret.view(), user->id);
  if (Status s = store_.mfa().SavePending(user->id, sealed, clock_.NowSeconds()); !s) {
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

void MfaService::NoteFailure(const MfaState& state, int64_t now, const ClientInfo& client,
                             std::string_view why) {
  int64_t failures = state.failures + 1;
  int64_t locked_until = 0;
  if (failures >= policy_.lock_after) {
    locked_until = now + policy_.lock_seconds;
    failures = 0;
    Record(state.user_id, "mfa_locked", client,
           "locked for " + std::to_string(policy_.lock_seconds) + " s");
  }
  static_cast<void>(store_.mfa().SetThrottle(state.user_id, failures, now, locked_until));
  Record(state.user_id, "mfa_failed", client, std::string(why));
}

void MfaService::NoteSuccess(const MfaState& state) {
  if (state.failures != 0 || state.locked_until != 0) {
    static_cast<void>(store_.mfa().SetThrottle(state.user_id, 0, 0, 0));
  }
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
  if (state && state->enabled) {
    return MakeError(ErrorCode::kConflict, "multi-factor authentication is already enabled");
  }
  if (!state || state->pending_sealed.empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "no pending secret: call POST /v1/me/mfa/setup");
  }
  const int64_t now = clock_.NowSeconds();
  if (Status s = CheckThrottle(*state, now); !s) return s.error();
  auto secret = crypto_.OpenSecret(state->pending_sealed, principal.user_id);
  if (!secret) return MakeError(ErrorCode::kInternal, "the pending secret does not open");
  const auto step = MatchTotp(crypto_, secret->view(), code, now);
  if (!step) {
    NoteFailure(*state, now, client, "wrong code confirming enrolment");
    Error error = WrongCode();
    error.field = "code";
    return error;
  }
  std::vector<std::string> hashes;
  std::vector<std::string> codes = NewRecoveryCodes(principal.user_id, hashes);
  Status stored = store_.Transact([&](Repositories& repos) -> Status {
    if (Status s = repos.mfa().Enable(principal.user_id, state->pending_sealed, *step, now); !s) {
      return s;
    }
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
  if (code.size() == static_cast<std::size_t>(kTotpDigits)) {
    auto secret = crypto_.OpenSecret(state->secret_sealed, user_id);
    if (!secret) return MakeError(ErrorCode::kInternal, "the TOTP secret does not open");
    if (const auto step = MatchTotp(crypto_, secret->view(), code, now)) {
      auto claimed = store_.mfa().ClaimStep(user_id, *step);
      if (!claimed) return claimed.error();
      if (*claimed) {
        NoteSuccess(*state);
        proved.method = "otp";
        return proved;
      }
      why = "replayed code";
    }
  } else if (const auto normal = NormalizeRecoveryCode(code)) {
    auto used =
        store_.mfa().UseRecoveryCode(user_id, crypto_.RecoveryCodeHash(user_id, *normal), now);
    if (!used) return used.error();
    if (*used) {
      NoteSuccess(*state);
      auto left = store_.mfa().CountUnusedRecoveryCodes(user_id);
      Record(user_id, "recovery_code_used", client,
             left ? std::to_string(*left) + " left" : std::string());
      proved.method = "recovery";
      return proved;
    }
    why = "wrong or used recovery code";
  }
  NoteFailure(*state, now, client, why);
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
  auto found = store_.mfa().FindTicket(hash);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return BadTicket();
    return found.error();
  }
  const int64_t now = clock_.NowSeconds();
  if (found->used_at || found->expires_at <= now ||
      found->attempts >= policy_.ticket_max_attempts) {
    return BadTicket();
  }
  auto proved = Verify(found->user_id, code, client);
  if (!proved) {
    if (proved.error().code != ErrorCode::kInvalidCredentials) return proved.error();
    static_cast<void>(store_.mfa().AddTicketAttempt(hash));
    Error error = proved.error();
    error.field = "code";
    return error;
  }
  auto used = store_.mfa().UseTicket(hash, now);
  if (!used) return used.error();
  if (!*used) return BadTicket();
  return proved;
}

}  // namespace portcullis::core
