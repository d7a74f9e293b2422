// Tests for ServiceClientService and ClientTokenService on the memory store: who may manage
// clients, at most two live secrets, the same work for an unknown client and a wrong secret,
// scope narrowing, acting as a member, introspection and revocation. Single-threaded.
#include "core/service_client_service.h"

#include <gtest/gtest.h>

#include <map>

#include "core/client_token_service.h"
#include "core/expired_ticket_purger.h"
#include "core/testing/company_fixture.h"

namespace portcullis::core {
namespace {

// Hash = "k(" + secret + ")"; counts Matches calls (the work of an authentication).
class CountingSecretHasher final : public ClientSecretHasher {
 public:
  std::string Hash(std::string_view secret) override { return "k(" + std::string(secret) + ")"; }
  bool Matches(std::string_view secret, std::string_view hash) override {
    ++matches;
    return Hash(secret) == hash;
  }
  int matches = 0;
};

// Tokens are "tok-N"; their claims are kept here.
class MapTokenCodec final : public ClientTokenCodec {
 public:
  std::string Encode(const ClientTokenClaims& claims) override {
    std::string token = "tok-" + std::to_string(issued_.size());
    issued_[token] = claims;
    issued_[token].iss = "test";
    return token;
  }
  Result<ClientTokenClaims> Decode(std::string_view token, int64_t now) override {
    auto it = issued_.find(std::string(token));
    if (it == issued_.end()) return MakeError(ErrorCode::kTokenInvalid, "unknown");
    if (it->second.exp <= now) return MakeError(ErrorCode::kTokenExpired, "expired");
    return it->second;
  }
  ClientTokenClaims Claims(const std::string& token) { return issued_.at(token); }

 private:
  std::map<std::string, ClientTokenClaims> issued_;
};

class ServiceClientTest : public testing::CompanyFixture {
 protected:
  void SetUp() override {
    CompanyFixture::SetUp();
    owner = Register("owner@example.com");
    company = CompanyOf(owner);
  }

  NewServiceClient Make(ServiceClientRequest request = {.name = "sync"}) {
    auto made = clients.Create(As(owner), company, request, client);
    EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().detail);
    return made.ok() ? std::move(made).value() : NewServiceClient();
  }

  static ClientCredentials Credentials(const NewServiceClient& made) {
    return {made.details.client.id, made.secret.secret};
  }

  CountingSecretHasher secret_hasher;
  MapTokenCodec client_codec;
  AuditTrail audit{clock, random};
  ServiceClientService clients{store, secret_hasher, tokens,     random,
                               clock, guard,         authorizer, audit};
  ClientTokenService client_tokens{
      ClientTokenOptions(), store, secret_hasher, client_codec, random, clock, audit};
  IssuedTokens owner;
  std::string company;
};

TEST_F(ServiceClientTest, IssuesATokenForTheClientWithItsPermissions) {
  const auto made = Make(
      {.name = "sync", .permissions = {{"products", "all", "read"}, {"orders", "own", "create"}}});
  EXPECT_EQ(made.details.client.id.size(), 24u);
  EXPECT_EQ(made.details.secrets.size(), 1u);
  EXPECT_TRUE(made.details.secrets[0].secret_hash.empty());  // never shown
  auto issued = client_tokens.Issue(Credentials(made), {}, client);
  ASSERT_TRUE(issued.ok()) << issued.error().detail;
  EXPECT_EQ(issued->expires_in, 3600);
  EXPECT_EQ(issued->scope, "orders:own:create products:all:read");  // sorted
  const auto claims = client_codec.Claims(issued->access_token);
  EXPECT_EQ(claims.sub, made.details.client.id);
  EXPECT_EQ(claims.client_id, made.details.client.id);
  EXPECT_EQ(claims.cid, company);
  EXPECT_TRUE(claims.act_sub.empty());

  auto narrowed = client_tokens.Issue(Credentials(made), {.scope = "orders:own:create"}, client);
  ASSERT_TRUE(narrowed.ok());
  EXPECT_EQ(narrowed->scope, "orders:own:create");
  auto refused = client_tokens.Issue(Credentials(made), {.scope = "orders:all:delete"}, client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().reason, Reason::kPermissionNotHeld);
}

TEST_F(ServiceClientTest, UnknownClientAndWrongSecretDoTheSameWork) {
  const auto made = Make();
  secret_hasher.matches = 0;
  auto wrong = client_tokens.Issue({made.details.client.id, "nope"}, {}, client);
  const int wrong_work = secret_hasher.matches;
  secret_hasher.matches = 0;
  auto unknown = client_tokens.Issue({"0123456789abcdef01234567", "nope"}, {}, client);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(wrong.error().detail, unknown.error().detail);
  EXPECT_EQ(wrong_work, kMaxLiveClientSecrets);
  EXPECT_EQ(secret_hasher.matches, kMaxLiveClientSecrets);
}

TEST_F(ServiceClientTest, AtMostTwoLiveSecretsAndRotation) {
  const auto made = Make();
  auto second = clients.AddSecret(As(owner), company, made.details.client.id, client);
  ASSERT_TRUE(second.ok());
  auto third = clients.AddSecret(As(owner), company, made.details.client.id, client);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(client_tokens.Issue(Credentials(made), {}, client).ok());
  EXPECT_TRUE(client_tokens.Issue({made.details.client.id, second->secret}, {}, client).ok());
  ASSERT_TRUE(
      clients
          .DeleteSecret(As(owner), company, made.details.client.id, made.secret.secret_id, client)
          .ok());
  EXPECT_FALSE(client_tokens.Issue(Credentials(made), {}, client).ok());
  EXPECT_TRUE(client_tokens.Issue({made.details.client.id, second->secret}, {}, client).ok());
}

TEST_F(ServiceClientTest, DisabledClientIsRefused) {
  const auto made = Make();
  ASSERT_TRUE(clients.SetDisabled(As(owner), company, made.details.client.id, true, client).ok());
  auto refused = client_tokens.Issue(Credentials(made), {}, client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnauthorized);
}

TEST_F(ServiceClientTest, MembersAreRefusedAndOtherCompaniesSeeNothing) {
  const auto member = Register("member@example.com");
  Join(company, As(owner), member, CompanyRole::kMember);
  Principal as_member = As(member);
  as_member.company_id = company;
  auto refused = clients.Create(as_member, company, {.name = "x"}, client);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);

  const auto made = Make();
  const auto stranger = Register("stranger@example.com");
  auto hidden = clients.Get(As(stranger), company, made.details.client.id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  auto foreign = clients.Get(As(stranger), CompanyOf(stranger), made.details.client.id);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
}

TEST_F(ServiceClientTest, ActsAsAMemberOnlyWhenAllowed) {
  const auto member = Register("member@example.com");
  Join(company, As(owner), member, CompanyRole::kMember);
  const auto stranger = Register("stranger@example.com");
  const auto plain = Make();
  auto forbidden = client_tokens.Issue(Credentials(plain), {.user_id = member.user.id}, client);
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().code, ErrorCode::kForbidden);

  const auto acting = Make({.name = "acting", .allow_act_as_user = true});
  auto issued = client_tokens.Issue(Credentials(acting), {.user_id = member.user.id}, client);
  ASSERT_TRUE(issued.ok()) << issued.error().detail;
  const auto claims = client_codec.Claims(issued->access_token);
  EXPECT_EQ(claims.sub, member.user.id);
  EXPECT_EQ(claims.act_sub, acting.details.client.id);
  auto outsider = client_tokens.Issue(Credentials(acting), {.user_id = stranger.user.id}, client);
  ASSERT_FALSE(outsider.ok());
  EXPECT_EQ(outsider.error().code, ErrorCode::kInvalidRequest);
}

TEST_F(ServiceClientTest, IntrospectionAndRevocation) {
  const auto made = Make();
  const auto other = Make({.name = "other"});
  auto issued = client_tokens.Issue(Credentials(made), {}, client);
  ASSERT_TRUE(issued.ok());
  auto live = client_tokens.Introspect(Credentials(other), issued->access_token, client);
  ASSERT_TRUE(live.ok());
  EXPECT_TRUE(live->active);
  // Only the client it was issued to revokes it.
  ASSERT_TRUE(client_tokens.Revoke(Credentials(other), issued->access_token, client).ok());
  EXPECT_TRUE(client_tokens.Introspect(Credentials(made), issued->access_token, client)->active);
  ASSERT_TRUE(client_tokens.Revoke(Credentials(made), issued->access_token, client).ok());
  EXPECT_FALSE(client_tokens.Introspect(Credentials(made), issued->access_token, client)->active);
  EXPECT_TRUE(client_tokens.Revoke(Credentials(made), "garbage", client).ok());
  EXPECT_FALSE(client_tokens.Introspect(Credentials(made), "garbage", client)->active);

  auto later = client_tokens.Issue(Credentials(made), {}, client);
  ASSERT_TRUE(later.ok());
  clock.Advance(3601);
  EXPECT_FALSE(client_tokens.Introspect(Credentials(made), later->access_token, client)->active);
}

TEST_F(ServiceClientTest, RevocationsArePurgedOnlyAfterTheTokenExpiredWithLeeway) {
  const auto made = Make();
  auto issued = client_tokens.Issue(Credentials(made), {}, client);
  ASSERT_TRUE(issued.ok());
  ASSERT_TRUE(client_tokens.Revoke(Credentials(made), issued->access_token, client).ok());
  const std::string jti = client_codec.Claims(issued->access_token).jti;
  const auto revoked = [&] {
    return store
        .ReadValue([&](Repositories& repos) { return repos.service_clients().IsTokenRevoked(jti); })
        .value();
  };
  ExpiredTicketPurger purger(store, clock, nullptr);
  clock.Advance(3600 + 299);
  ASSERT_TRUE(purger.PurgeOnce().ok());
  EXPECT_TRUE(revoked());
  clock.Advance(2);
  ASSERT_TRUE(purger.PurgeOnce().ok());
  EXPECT_FALSE(revoked());
}

}  // namespace
}  // namespace portcullis::core
