// ClientTokenService: client authentication in constant work, the client_credentials grant,
// introspection and revocation. Thread-safe: no mutable state of its own.
#include "core/client_token_service.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/service_client_service.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kMaxSecretBytes = 512;
constexpr std::size_t kMaxScopeBytes = 4096;

Error InvalidClient() {
  return MakeError(ErrorCode::kUnauthorized, "client authentication failed");
}

bool IsObjectId(std::string_view id) {
  return id.size() == 24 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The requested scope's entries, each one of `held` (in the client's order), or invalid_scope.
Result<std::vector<Permission>> NarrowScope(const std::vector<Permission>& held,
                                            std::string_view requested) {
  if (requested.size() > kMaxScopeBytes) {
    return MakeError(ErrorCode::kInvalidRequest, "scope is too long", Reason::kPermissionNotHeld);
  }
  std::vector<std::string> wanted;
  std::size_t start = 0;
  while (start < requested.size()) {
    const std::size_t space = requested.find(' ', start);
    const std::size_t end = space == std::string_view::npos ? requested.size() : space;
    if (end > start) wanted.emplace_back(requested.substr(start, end - start));
    start = end + 1;
  }
  std::vector<Permission> granted;
  for (const auto& entry : wanted) {
    auto match = std::find_if(held.begin(), held.end(), [&](const Permission& p) {
      return p.feature + ":" + p.scope + ":" + p.action == entry;
    });
    if (match == held.end()) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "the client does not hold the requested scope " + entry,
                       Reason::kPermissionNotHeld);
    }
    if (std::find(granted.begin(), granted.end(), *match) == granted.end()) {
      granted.push_back(*match);
    }
  }
  return granted;
}

// Inactive for a record that is gone, the store's error for anything else.
Result<Introspection> Inactive(const Error& error) {
  if (error.code == ErrorCode::kNotFound) return Introspection{};
  return error;
}

// What one Read gathers for a token: the client, its permissions, the user it may act as.
struct Grant {
  ServiceClient client;
  std::vector<Permission> permissions;
};

}  // namespace

ClientTokenService::ClientTokenService(ClientTokenOptions options, Store& store,
                                       ClientSecretHasher& hasher, ClientTokenCodec& codec,
                                       Random& random, const Clock& clock, AuditTrail& audit)
    : options_(options),
      store_(store),
      hasher_(hasher),
      codec_(codec),
      random_(random),
      clock_(clock),
      audit_(audit),
      decoy_hash_(hasher.Hash(random.Bytes(32))) {}

Result<ServiceClient> ClientTokenService::Authenticate(Repositories& repos,
                                                       const ClientCredentials& credentials,
                                                       const ClientInfo& info) const {
  std::string reason;
  std::optional<ServiceClient> found;
  std::vector<std::string> hashes;
  if (IsObjectId(credentials.client_id) && credentials.client_secret.size() <= kMaxSecretBytes) {
    auto client = repos.service_clients().Find(credentials.client_id);
    if (client) {
      ASSIGN_OR_RETURN(auto secrets, repos.service_clients().ListSecrets(client->id));
      for (auto& secret : secrets) hashes.push_back(std::move(secret.secret_hash));
      found = std::move(*client);
    } else if (client.error().code != ErrorCode::kNotFound) {
      return client.error();
    }
  }
  // Always kMaxLiveClientSecrets keyed hashes, whether the client exists or not.
  hashes.resize(kMaxLiveClientSecrets, decoy_hash_);
  bool matched = false;
  for (int i = 0; i < kMaxLiveClientSecrets; ++i) {
    matched |= hasher_.Matches(credentials.client_secret, hashes[i]) && hashes[i] != decoy_hash_;
  }
  if (found && matched && !found->disabled) return std::move(*found);

  SecurityEvent event = AnonymousAuditEvent("client_auth_failed", info);
  event.outcome = "failure";
  if (found) {
    event.company_id = found->company_id;
    event.target_type = "client";
    event.target_id = found->id;
    event.detail = found->disabled && matched ? "client disabled" : "wrong secret";
  } else {
    event.detail = "unknown client";
  }
  audit_.RecordLater(std::move(event));
  Error failed = InvalidClient();
  if (!found) failed.reason = Reason::kUnknownClient;
  return failed;
}

Result<ServiceClient> ClientTokenService::AuthenticateOutside(const ClientCredentials& credentials,
                                                              const ClientInfo& info) const {
  return store_.ReadValue(
      [&](Repositories& repos) { return Authenticate(repos, credentials, info); });
}

Result<IssuedClientToken> ClientTokenService::Issue(const ClientCredentials& credentials,
                                                    const ClientTokenRequest& request,
                                                    const ClientInfo& info) const {
  ASSIGN_OR_RETURN(Grant grant, store_.ReadValue([&](Repositories& repos) -> Result<Grant> {
    Grant grant;
    ASSIGN_OR_RETURN(grant.client, Authenticate(repos, credentials, info));
    ASSIGN_OR_RETURN(auto grants, repos.permissions().ListGrants(
                                      grant.client.company_id,
                                      GrantSubject{GrantSubjectType::kClient, grant.client.id}));
    grant.permissions = PermissionsOf(std::move(grants));
    if (request.user_id) {
      if (!grant.client.allow_act_as_user) {
        return MakeError(ErrorCode::kForbidden, "this client may not act as a user");
      }
      // An unknown user, a non-member and a disabled account answer alike.
      const Error not_member = MakeError(ErrorCode::kInvalidRequest,
                                         "user_id is not an active member of the client's company");
      auto membership = repos.companies().FindMembership(grant.client.company_id, *request.user_id);
      if (!membership) {
        return membership.error().code == ErrorCode::kNotFound ? not_member : membership.error();
      }
      ASSIGN_OR_RETURN(User user, repos.users().FindById(*request.user_id));
      if (user.disabled_at != 0) return not_member;
    }
    return grant;
  }));
  std::vector<Permission> scope = grant.permissions;
  if (request.scope && !request.scope->empty()) {
    ASSIGN_OR_RETURN(scope, NarrowScope(grant.permissions, *request.scope));
  }
  const int64_t now = clock_.NowSeconds();
  ClientTokenClaims claims;
  claims.client_id = grant.client.id;
  claims.cid = grant.client.company_id;
  claims.scope = ScopeString(scope);
  claims.jti = NewUuidV4(random_);
  claims.iat = now;
  claims.exp = now + options_.ttl.count();
  if (request.user_id) {
    claims.sub = *request.user_id;
    claims.act_sub = grant.client.id;
  } else {
    claims.sub = grant.client.id;
  }
  IssuedClientToken issued;
  issued.access_token = codec_.Encode(claims);
  issued.expires_in = options_.ttl.count();
  issued.scope = std::move(claims.scope);
  return issued;
}

Result<Introspection> ClientTokenService::Introspect(const ClientCredentials& credentials,
                                                     std::string_view token,
                                                     const ClientInfo& info) const {
  auto decoded = codec_.Decode(token, clock_.NowSeconds());
  return store_.ReadValue([&](Repositories& repos) -> Result<Introspection> {
    ASSIGN_OR_RETURN(ServiceClient caller, Authenticate(repos, credentials, info));
    Introspection inactive;
    if (!decoded || decoded->cid != caller.company_id) return inactive;
    auto issuer = repos.service_clients().Find(decoded->client_id);
    if (!issuer) return Inactive(issuer.error());
    if (issuer->disabled || issuer->company_id != caller.company_id) return inactive;
    ASSIGN_OR_RETURN(bool revoked, repos.service_clients().IsTokenRevoked(decoded->jti));
    if (revoked) return inactive;
    if (!decoded->act_sub.empty()) {
      // A token acting as a user lives only while that user is an enabled member.
      auto membership = repos.companies().FindMembership(caller.company_id, decoded->sub);
      if (!membership) {
        return Inactive(membership.error());
      }
      auto user = repos.users().FindById(decoded->sub);
      if (!user) return Inactive(user.error());
      if (user->disabled_at != 0) return inactive;
    }
    return Introspection{true, *decoded};
  });
}

Status ClientTokenService::Revoke(const ClientCredentials& credentials, std::string_view token,
                                  const ClientInfo& info) const {
  ASSIGN_OR_RETURN(ServiceClient caller, AuthenticateOutside(credentials, info));
  const int64_t now = clock_.NowSeconds();
  auto decoded = codec_.Decode(token, now);
  // Nothing to do for a token that is not a live one of the caller's.
  if (!decoded || decoded->client_id != caller.id) return Status::Ok();
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        repos.service_clients().RevokeToken(TokenRevocation{decoded->jti, now, decoded->exp}));
    SecurityEvent event = AnonymousAuditEvent("token_revoked", info);
    event.actor_type = "client";
    event.actor_id = caller.id;
    event.company_id = caller.company_id;
    event.target_type = "client_token";
    event.target_id = decoded->jti;
    return audit_.Record(repos, std::move(event));
  });
}

}  // namespace portcullis::core
