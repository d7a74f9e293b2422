// Session lifecycle: open, rotate with reuse detection, authenticate, revoke.
// Thread-safe: all state is in the Store and the RevocationList.
#include "core/session_service.h"

#include <optional>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/access_claims.h"
#include "core/account_disabled.h"
#include "core/active_company.h"

namespace portcullis::core {
namespace {

Error InvalidToken(std::string detail, Reason reason) {
  return MakeError(ErrorCode::kTokenInvalid, std::move(detail), reason);
}

Error UnknownToken() { return InvalidToken("unknown refresh token", Reason::kUnknownToken); }

Error Rotated() {
  return InvalidToken("the refresh token was already rotated; retry with the newer token",
                      Reason::kTokenRotated);
}

// The session a refresh token names and its account (absent when it no longer exists), read in
// one snapshot.
struct Presented {
  Session session;
  std::optional<User> user;
};

Result<Presented> ReadPresented(Repositories& repos, const RefreshTokenClaim& claim) {
  Presented out;
  ASSIGN_OR_RETURN(out.session,
                   NotFoundAs(repos.sessions().FindSession(claim.session_id), UnknownToken()));
  auto user = repos.users().FindById(out.session.user_id);
  if (user) {
    out.user = std::move(user).value();
  } else if (user.error().code != ErrorCode::kNotFound) {
    return user.error();
  }
  return out;
}

// The caller an access token's claims (verified, or built from the stored session) describe.
Principal SessionPrincipal(AccessClaims claims) {
  Principal p;
  p.user_id = std::move(claims.sub);
  p.session_id = std::move(claims.sid);
  p.company_id = std::move(claims.cid);
  p.role = std::move(claims.role);
  p.auth_time = claims.auth_time;
  p.amr = std::move(claims.amr);
  return p;
}

}  // namespace

SessionService::SessionService(AuthPolicy policy, Store& store, AccessTokenCodec& codec,
                               RefreshTokenCodec& refresh_tokens, OpaqueTokens& tokens,
                               Random& random, const Clock& clock, RevocationList& revocations,
                               AuditTrail* audit)
    : policy_(std::move(policy)),
      store_(store),
      codec_(codec),
      refresh_tokens_(refresh_tokens),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      revoked_(revocations),
      audit_(audit) {}

Status SessionService::WarmRevocations() {
  const int64_t now = clock_.NowSeconds();
  const int64_t since = now - policy_.access_ttl - policy_.token_leeway;
  ASSIGN_OR_RETURN(auto revoked, store_.ReadValue([&](Repositories& repos) {
    return repos.sessions().ListRevokedSince(since);
  }));
  std::vector<Revocation> batch;
  batch.reserve(revoked.size());
  for (const auto& r : revoked) {
    batch.push_back({r.id, r.revoked_at + policy_.access_ttl + policy_.token_leeway});
  }
  revoked_.Add(batch, now);
  return Status::Ok();
}

Result<NewSession> SessionService::Prepare(const User& user, std::string amr,
                                           const ClientInfo& client) {
  const int64_t now = clock_.NowSeconds();
  NewSession out;
  out.session.id = NewUuidV4(random_);
  out.session.user_id = user.id;
  out.session.created_at = now;
  out.session.last_refreshed_at = now;
  out.session.expires_at = now + policy_.refresh_ttl;
  out.session.auth_time = now;
  out.session.amr = std::move(amr);
  out.session.ip = client.ip;
  out.session.user_agent = client.user_agent;
  ASSIGN_OR_RETURN(NewRefreshKey key, refresh_tokens_.NewKey(out.session.id));
  out.session.refresh_key = std::move(key.sealed_key);
  out.session.refresh_hash = tokens_.HashOf(key.first_token);
  out.refresh_plaintext = std::move(key.first_token);
  return out;
}

Status SessionService::Open(Repositories& repos, NewSession& fresh) {
  // Every sign-in (a password, the MFA step, a mailed link, an exchange code) opens its session
  // here, in its own Write: a disabled account gets none, even when disabled during the login.
  // RevokeOldestBeyond locks the user's row first (PostgreSQL), so the read after it sees a
  // disabling that committed meanwhile, and a disabling that comes later waits for this session
  // and then revokes it too. A refusal rolls the displaced sessions back.
  ASSIGN_OR_RETURN(fresh.displaced, repos.sessions().RevokeOldestBeyond(
                                        fresh.session.user_id, policy_.max_sessions_per_user,
                                        fresh.session.created_at));
  ASSIGN_OR_RETURN(User user, repos.users().FindById(fresh.session.user_id));
  if (user.disabled_at != 0) return AccountDisabled();
  ASSIGN_OR_RETURN(fresh.company, ResolveActiveCompany(repos, fresh.session.user_id, ""));
  fresh.session.company_id = fresh.company ? fresh.company->company_id : "";
  return repos.sessions().Create(fresh.session);
}

Result<std::optional<Membership>> SessionService::ActiveCompany(Repositories& repos,
                                                                Session& session) {
  ASSIGN_OR_RETURN(std::optional<Membership> company,
                   ResolveActiveCompany(repos, session.user_id, session.company_id));
  const std::string now_in = company ? company->company_id : "";
  if (now_in != session.company_id) {
    RETURN_IF_ERROR(repos.sessions().SetCompany(session.id, now_in));
    session.company_id = now_in;
  }
  return company;
}

IssuedTokens SessionService::Issue(const User& user, const Session& session,
                                   std::string refresh_plaintext,
                                   const std::optional<Membership>& company) {
  const int64_t now = clock_.NowSeconds();
  IssuedTokens out;
  out.access_token =
      codec_.Encode(BuildAccessClaims(policy_, user, session, company, NewUuidV4(random_), now));
  out.access_expires_in = policy_.access_ttl;
  out.refresh_token = std::move(refresh_plaintext);
  out.refresh_expires_in = policy_.refresh_ttl;
  out.user = user;
  out.session = session;
  out.company = company;
  return out;
}

Status SessionService::CheckAuthentic(const Session& session, std::string_view token,
                                      const RefreshTokenClaim& claim) {
  // A key that no longer opens (its server key was removed) cannot vouch for any token.
  auto authentic = refresh_tokens_.Verify(token, session.refresh_key);
  if (!authentic || !*authentic || claim.counter > session.refresh_counter) return UnknownToken();
  return Status::Ok();
}

Result<IssuedTokens> SessionService::Refresh(std::string_view refresh_plaintext) {
  return AwaitResult<IssuedTokens>(
      [&](Then<IssuedTokens> done) { RefreshAsync(refresh_plaintext, std::move(done)); });
}

// What one refresh decided inside its Write, and what it changed.
struct SessionService::RefreshDecision {
  Decision<Session> session = Decision<Session>(UnknownToken());  // the rotated session, or why not
  std::optional<User> user;                                       // the account, when rotated
  std::optional<Membership> company;  // the active company, re-read for the new access token
  std::string next_token;             // the successor's plaintext, when rotated
  std::optional<std::string> revoked_session;  // set when a reuse revoked the session
};

Result<SessionService::RefreshDecision> SessionService::DecideRefresh(
    Repositories& repos, std::string_view token, const RefreshTokenClaim& claim, int64_t now) {
  RefreshDecision out;
  auto read = ReadPresented(repos, claim);
  if (!read) {
    if (read.error().code == ErrorCode::kTokenInvalid) {  // unknown: a verdict, nothing to write
      out.session = read.error();
      return out;
    }
    return read.error();
  }
  Presented& presented = *read;
  Session& session = presented.session;
  if (Status authentic = CheckAuthentic(session, token, claim); !authentic) {
    out.session = authentic.error();
    return out;
  }
  if (session.revoked_at) {
    out.session = InvalidToken("the session was revoked", Reason::kSessionRevoked);
    return out;
  }
  if (claim.counter < session.refresh_counter) {
    // A spent token. The immediately previous one, just rotated, is a client's race (its
    // successor cannot have been used: the counter would have moved on); anything else is theft.
    const bool previous = claim.counter + 1 == session.refresh_counter;
    if (previous && now - session.rotated_at <= policy_.refresh_reuse_grace) {
      out.session = Rotated();
      return out;
    }
    RETURN_IF_ERROR(repos.sessions().Revoke(session.id, now));
    RETURN_IF_ERROR(AuditSession(repos, "refresh_token_reused", session, /*anonymous=*/true));
    out.revoked_session = session.id;
    out.session =
        InvalidToken("refresh token reuse detected; the session was revoked", Reason::kTokenReused);
    return out;
  }
  if (session.expires_at <= now) {
    out.session =
        MakeError(ErrorCode::kTokenExpired, "the refresh token has expired", Reason::kTokenExpired);
    return out;
  }
  if (!presented.user) {
    out.session = InvalidToken("the account no longer exists", Reason::kAccountGone);
    return out;
  }
  if (presented.user->disabled_at != 0) {  // its sessions were revoked with it: a backstop
    out.session = AccountDisabled();
    return out;
  }
  // The membership is read again: a removed member's new token no longer names that company.
  ASSIGN_OR_RETURN(out.company, ActiveCompany(repos, session));
  ASSIGN_OR_RETURN(std::string next, refresh_tokens_.Mint(session.id, session.refresh_counter + 1,
                                                          session.refresh_key));
  RefreshRotation rotation;
  rotation.from_counter = session.refresh_counter;
  rotation.next_hash = tokens_.HashOf(next);
  rotation.now = now;
  rotation.expires_at = now + policy_.refresh_ttl;
  // One conditional update of the session row decides a race between two holders: one wins.
  ASSIGN_OR_RETURN(bool rotated, repos.sessions().Rotate(session.id, rotation));
  if (!rotated) {
    out.session = Rotated();
    return out;
  }
  session.refresh_counter += 1;
  session.previous_hash = std::move(session.refresh_hash);
  session.refresh_hash = rotation.next_hash;
  session.rotated_at = now;
  session.last_refreshed_at = now;
  session.expires_at = rotation.expires_at;
  out.session = std::move(session);
  out.user = std::move(presented.user);
  out.next_token = std::move(next);
  return out;
}

void SessionService::RefreshAsync(std::string_view refresh_plaintext, Then<IssuedTokens> done) {
  auto claim = refresh_tokens_.Parse(refresh_plaintext);
  if (!claim) return done(Ready<IssuedTokens>(UnknownToken()));
  const int64_t now = clock_.NowSeconds();
  store_.WriteValueAsync<RefreshDecision>(
      [this, token = std::string(refresh_plaintext), claim = *claim, now](Repositories& repos) {
        return DecideRefresh(repos, token, claim, now);
      },
      [this, done = std::move(done)](Result<RefreshDecision> decided) mutable {
        if (decided && decided->revoked_session) NoteRevoked({*decided->revoked_session});
        done([this, decided = std::move(decided)]() mutable -> Result<IssuedTokens> {
          ASSIGN_OR_RETURN(RefreshDecision decision, std::move(decided));
          ASSIGN_OR_RETURN(Session session, std::move(decision.session));
          return Issue(*decision.user, session, std::move(decision.next_token), decision.company);
        });
      });
}

Result<Session> SessionService::StepUp(Repositories& repos, const User& user,
                                       std::string_view session_id, int64_t now) {
  const Error unknown = InvalidToken("unknown session", Reason::kUnknownToken);
  ASSIGN_OR_RETURN(Session session, NotFoundAs(repos.sessions().FindSession(session_id), unknown));
  if (session.user_id != user.id) return unknown;
  if (session.revoked_at) return InvalidToken("the session was revoked", Reason::kSessionRevoked);
  RETURN_IF_ERROR(repos.sessions().SetStepUp(session_id, now));
  session.step_up_at = now;
  return session;
}

Result<Principal> SessionService::Authenticate(std::string_view access_token) {
  ASSIGN_OR_RETURN(AccessClaims claims, codec_.Decode(access_token, clock_.NowSeconds()));
  if (revoked_.Contains(claims.sid)) {
    return InvalidToken("the session was revoked", Reason::kSessionRevoked);
  }
  return SessionPrincipal(std::move(claims));
}

Result<Principal> SessionService::AuthenticateRefreshToken(std::string_view refresh_plaintext) {
  auto claim = refresh_tokens_.Parse(refresh_plaintext);
  if (!claim) return UnknownToken();
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(
      Principal principal, store_.ReadValue([&](Repositories& repos) -> Result<Principal> {
        ASSIGN_OR_RETURN(Presented presented, ReadPresented(repos, *claim));
        const Session& session = presented.session;
        RETURN_IF_ERROR(CheckAuthentic(session, refresh_plaintext, *claim));
        if (session.revoked_at)
          return InvalidToken("the session was revoked", Reason::kSessionRevoked);
        if (claim->counter < session.refresh_counter) {
          const bool previous = claim->counter + 1 == session.refresh_counter;
          if (previous && now - session.rotated_at <= policy_.refresh_reuse_grace) return Rotated();
          return UnknownToken();  // spent: only the current token authenticates
        }
        if (session.expires_at <= now) {
          return MakeError(ErrorCode::kTokenExpired, "the refresh token has expired",
                           Reason::kTokenExpired);
        }
        if (!presented.user)
          return InvalidToken("the account no longer exists", Reason::kAccountGone);
        if (presented.user->disabled_at != 0) return AccountDisabled();
        ASSIGN_OR_RETURN(std::optional<Membership> company,
                         ResolveActiveCompany(repos, session.user_id, session.company_id));
        AccessClaims claims =
            BuildAccessClaims(policy_, *presented.user, session, company, "", now);
        return SessionPrincipal(std::move(claims));
      }));
  // A logout that committed after the read above is already in the revocation list.
  if (revoked_.Contains(principal.session_id)) {
    return InvalidToken("the session was revoked", Reason::kSessionRevoked);
  }
  return principal;
}

Status SessionService::Revoke(std::string_view session_id) {
  return Await<Status>(
      [&](UniqueFunction<void(Status)> done) { RevokeAsync(session_id, std::move(done)); });
}

void SessionService::RevokeAsync(std::string_view session_id, UniqueFunction<void(Status)> done) {
  const int64_t now = clock_.NowSeconds();
  store_.WriteAsync(
      [this, id = std::string(session_id), now](Repositories& repos) -> Status {
        RETURN_IF_ERROR(repos.sessions().Revoke(id, now));
        if (audit_ == nullptr) return Status::Ok();
        ASSIGN_OR_RETURN(Session session, repos.sessions().FindSession(id));
        return AuditSession(repos, "logout", session);
      },
      [this, id = std::string(session_id), done = std::move(done)](Status status) mutable {
        if (status) NoteRevoked({id});
        done(std::move(status));
      });
}

void SessionService::NoteRevoked(const std::vector<std::string>& session_ids) {
  if (session_ids.empty()) return;  // an Add copies the list: nothing to copy it for
  const int64_t now = clock_.NowSeconds();
  std::vector<Revocation> batch;
  batch.reserve(session_ids.size());
  for (const auto& id : session_ids) {
    batch.push_back({id, now + policy_.access_ttl + policy_.token_leeway});
  }
  revoked_.Add(batch, now);
}

Status SessionService::RevokeByRefreshToken(std::string_view refresh_plaintext) {
  return Await<Status>([&](UniqueFunction<void(Status)> done) {
    RevokeByRefreshTokenAsync(refresh_plaintext, std::move(done));
  });
}

void SessionService::RevokeByRefreshTokenAsync(std::string_view refresh_plaintext,
                                               UniqueFunction<void(Status)> done) {
  auto claim = refresh_tokens_.Parse(refresh_plaintext);
  if (!claim) return done(UnknownToken());
  const int64_t now = clock_.NowSeconds();
  store_.WriteValueAsync<std::string>(
      [this, token = std::string(refresh_plaintext), claim = *claim,
       now](Repositories& repos) -> Result<std::string> {
        ASSIGN_OR_RETURN(Session session, NotFoundAs(repos.sessions().FindSession(claim.session_id),
                                                     UnknownToken()));
        // Any token the session ever had logs it out; a forged one does nothing.
        RETURN_IF_ERROR(CheckAuthentic(session, token, claim));
        RETURN_IF_ERROR(repos.sessions().Revoke(session.id, now));
        RETURN_IF_ERROR(AuditSession(repos, "logout", session));
        return session.id;
      },
      [this, done = std::move(done)](Result<std::string> session_id) mutable {
        if (!session_id) {
          done(session_id.error());
          return;
        }
        NoteRevoked({*session_id});
        done(Status::Ok());
      });
}

Status SessionService::RevokeOwnedByRefreshToken(std::string_view user_id,
                                                 std::string_view refresh_plaintext) {
  auto claim = refresh_tokens_.Parse(refresh_plaintext);
  if (!claim) return UnknownToken();
  const int64_t now = clock_.NowSeconds();
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(Session session,
                     NotFoundAs(repos.sessions().FindSession(claim->session_id), UnknownToken()));
    RETURN_IF_ERROR(CheckAuthentic(session, refresh_plaintext, *claim));
    if (session.user_id != user_id) return UnknownToken();
    RETURN_IF_ERROR(repos.sessions().Revoke(session.id, now));
    return AuditSession(repos, "logout", session);
  }));
  NoteRevoked({claim->session_id});
  return Status::Ok();
}

Status SessionService::RevokeOwned(std::string_view user_id, std::string_view session_id) {
  const int64_t now = clock_.NowSeconds();
  const Error no_such = MakeError(ErrorCode::kNotFound, "no such session");
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(Session session,
                     NotFoundAs(repos.sessions().FindSession(session_id), no_such));
    if (session.user_id != user_id) return no_such;
    RETURN_IF_ERROR(repos.sessions().Revoke(session_id, now));
    return AuditSession(repos, "session_revoked", session);
  }));
  NoteRevoked({std::string(session_id)});
  return Status::Ok();
}

Status SessionService::RevokeAll(std::string_view user_id, std::string_view keep_session_id) {
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(
      auto revoked, store_.WriteValue([&](Repositories& repos) -> Result<std::vector<std::string>> {
        ASSIGN_OR_RETURN(auto ids,
                         repos.sessions().RevokeAllForUser(user_id, keep_session_id, now));
        if (audit_ != nullptr) {
          SecurityEvent event = AnonymousAuditEvent("logout_all", {});
          event.actor_type = "user";
          event.actor_id = event.user_id = std::string(user_id);
          event.target_type = "user";
          event.target_id = std::string(user_id);
          event.detail = std::to_string(ids.size()) + " sessions revoked";
          RETURN_IF_ERROR(audit_->Record(repos, std::move(event)));
        }
        return ids;
      }));
  NoteRevoked(revoked);
  return Status::Ok();
}

Status SessionService::AuditSession(Repositories& repos, std::string_view type,
                                    const Session& session, bool anonymous) {
  if (audit_ == nullptr) return Status::Ok();
  SecurityEvent event = AnonymousAuditEvent(type, {});
  if (anonymous) {
    event.outcome = "failure";
    event.detail = "a spent refresh token was presented again: the session was revoked";
  } else {
    event.actor_type = "user";
    event.actor_id = session.user_id;
  }
  event.user_id = session.user_id;
  event.company_id = session.company_id;
  event.target_type = "session";
  event.target_id = session.id;
  return audit_->Record(repos, std::move(event));
}

Result<std::vector<Session>> SessionService::ListActive(std::string_view user_id) {
  const int64_t now = clock_.NowSeconds();
  return store_.ReadValue(
      [&](Repositories& repos) { return repos.sessions().ListActive(user_id, now); });
}

}  // namespace portcullis::core
