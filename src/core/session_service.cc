// Session lifecycle: open, rotate with reuse detection, authenticate, revoke.
// Thread-safe: all state is in the Store and the RevocationList.
#include "core/session_service.h"

#include "common/uuid.h"
#include "core/access_claims.h"

namespace portcullis::core {
namespace {

Error InvalidToken(std::string detail) {
  return MakeError(ErrorCode::kTokenInvalid, std::move(detail));
}

}  // namespace

SessionService::SessionService(AuthPolicy policy, Store& store, AccessTokenCodec& codec,
                               OpaqueTokens& tokens, Random& random, const Clock& clock,
                               RevocationList& revocations)
    : policy_(std::move(policy)),
      store_(store),
      codec_(codec),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      revoked_(revocations) {}

Status SessionService::WarmRevocations() {
  const int64_t now = clock_.NowSeconds();
  auto revoked =
      store_.sessions().ListRevokedSince(now - policy_.access_ttl - policy_.token_leeway);
  if (!revoked) return revoked.error();
  std::vector<Revocation> batch;
  batch.reserve(revoked->size());
  for (const auto& r : *revoked) {
    batch.push_back({r.id, r.revoked_at + policy_.access_ttl + policy_.token_leeway});
  }
  revoked_.Add(batch, now);
  return Status::Ok();
}

NewSession SessionService::Prepare(const User& user, std::string amr, const ClientInfo& client) {
  const int64_t now = clock_.NowSeconds();
  OpaqueToken refresh = tokens_.Generate();
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
  out.token.hash = std::move(refresh.hash);
  out.token.session_id = out.session.id;
  out.token.issued_at = now;
  out.token.expires_at = out.session.expires_at;
  out.refresh_plaintext = std::move(refresh.plaintext);
  return out;
}

IssuedTokens SessionService::Issue(const User& user, const Session& session,
                                   std::string refresh_plaintext) {
  const int64_t now = clock_.NowSeconds();
  IssuedTokens out;
  out.access_token =
      codec_.Encode(BuildAccessClaims(policy_, user, session, NewUuidV4(random_), now));
  out.access_expires_in = policy_.access_ttl;
  out.refresh_token = std::move(refresh_plaintext);
  out.refresh_expires_in = policy_.refresh_ttl;
  out.user = user;
  out.session = session;
  return out;
}

Result<IssuedTokens> SessionService::Open(const User& user, std::string amr,
                                          const ClientInfo& client) {
  NewSession fresh = Prepare(user, std::move(amr), client);
  if (Status s = store_.sessions().Create(fresh.session, fresh.token); !s) return s.error();
  return Issue(user, fresh.session, std::move(fresh.refresh_plaintext));
}

Result<IssuedTokens> SessionService::Refresh(std::string_view refresh_plaintext) {
  const int64_t now = clock_.NowSeconds();
  const std::string hash = tokens_.HashOf(refresh_plaintext);
  auto token = store_.sessions().FindToken(hash);
  if (!token) {
    if (token.error().code == ErrorCode::kNotFound) return InvalidToken("unknown refresh token");
    return token.error();
  }
  auto session = store_.sessions().FindSession(token->session_id);
  if (!session) {
    if (session.error().code == ErrorCode::kNotFound) return InvalidToken("unknown session");
    return session.error();
  }
  if (session->revoked_at) return InvalidToken("the session was revoked");

  if (token->used_at) {
    auto successor = store_.sessions().FindToken(token->replaced_by);
    // A store that cannot answer must not turn an honest retry into a theft verdict.
    if (!successor && successor.error().code != ErrorCode::kNotFound) return successor.error();
    const bool previous_of_live_token = successor && !successor->used_at;
    if (previous_of_live_token && now - *token->used_at <= policy_.refresh_reuse_grace) {
      return InvalidToken("the refresh token was already rotated; retry with the newer token");
    }
    if (Status s = Revoke(session->id); !s) return s.error();
    return InvalidToken("refresh token reuse detected; the session was revoked");
  }
  if (token->expires_at <= now) {
    return MakeError(ErrorCode::kTokenExpired, "the refresh token has expired");
  }
  auto user = store_.users().FindById(session->user_id);
  if (!user) return InvalidToken("the account no longer exists");

  OpaqueToken next = tokens_.Generate();
  RefreshToken next_token;
  next_token.hash = next.hash;
  next_token.session_id = session->id;
  next_token.issued_at = now;
  next_token.expires_at = now + policy_.refresh_ttl;
  auto rotated = store_.sessions().Rotate(hash, next_token, now);
  if (!rotated) return rotated.error();
  if (!*rotated) {
    return InvalidToken("the refresh token was already rotated; retry with the newer token");
  }
  session->last_refreshed_at = now;
  session->expires_at = next_token.expires_at;
  return Issue(*user, *session, std::move(next.plaintext));
}

Result<IssuedTokens> SessionService::StepUp(const User& user, std::string_view session_id) {
  auto session = store_.sessions().FindSession(session_id);
  if (!session || session->user_id != user.id) return InvalidToken("unknown session");
  if (session->revoked_at) return InvalidToken("the session was revoked");
  const int64_t now = clock_.NowSeconds();
  if (Status s = store_.sessions().SetStepUp(session_id, now); !s) return s.error();
  session->step_up_at = now;
  IssuedTokens issued = Issue(user, *session, {});
  issued.refresh_expires_in = 0;
  return issued;
}

Result<Principal> SessionService::Authenticate(std::string_view access_token) {
  auto claims = codec_.Decode(access_token, clock_.NowSeconds());
  if (!claims) return claims.error();
  if (revoked_.Contains(claims->sid)) return InvalidToken("the session was revoked");
  Principal p;
  p.user_id = std::move(claims->sub);
  p.session_id = std::move(claims->sid);
  p.role = std::move(claims->role);
  p.auth_time = claims->auth_time;
  p.amr = std::move(claims->amr);
  return p;
}

Status SessionService::Revoke(std::string_view session_id) {
  if (Status s = store_.sessions().Revoke(session_id, clock_.NowSeconds()); !s) return s;
  NoteRevoked({std::string(session_id)});
  return Status::Ok();
}

void SessionService::NoteRevoked(const std::vector<std::string>& session_ids) {
  const int64_t now = clock_.NowSeconds();
  std::vector<Revocation> batch;
  batch.reserve(session_ids.size());
  for (const auto& id : session_ids) {
    batch.push_back({id, now + policy_.access_ttl + policy_.token_leeway});
  }
  revoked_.Add(batch, now);
}

Status SessionService::RevokeByRefreshToken(std::string_view refresh_plaintext) {
  auto token = store_.sessions().FindToken(tokens_.HashOf(refresh_plaintext));
  if (!token) {
    if (token.error().code == ErrorCode::kNotFound) return InvalidToken("unknown refresh token");
    return token.error();
  }
  return Revoke(token->session_id);
}

Status SessionService::RevokeOwned(std::string_view user_id, std::string_view session_id) {
  auto session = store_.sessions().FindSession(session_id);
  if (!session || session->user_id != user_id) {
    if (!session && session.error().code != ErrorCode::kNotFound) return session.error();
    return MakeError(ErrorCode::kNotFound, "no such session");
  }
  return Revoke(session_id);
}

Status SessionService::RevokeAll(std::string_view user_id, std::string_view keep_session_id) {
  auto revoked = store_.sessions().RevokeAllForUser(user_id, keep_session_id, clock_.NowSeconds());
  if (!revoked) return revoked.error();
  NoteRevoked(*revoked);
  return Status::Ok();
}

Result<std::vector<Session>> SessionService::ListActive(std::string_view user_id) {
  return store_.sessions().ListActive(user_id, clock_.NowSeconds());
}

}  // namespace portcullis::core
