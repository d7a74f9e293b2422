// Tests of the permission model's half of the Authorizer, API keys and personal tokens, and the
// coalesced last-use recorder, on the memory store with a fake clock.
#include <gtest/gtest.h>

#include "core/authorizer.h"
#include "core/credential_service.h"
#include "core/credential_use_recorder.h"
#include "core/permission_model_service.h"
#include "core/step_up_guard.h"
#include "core/testing/fakes.h"
#include "store/memory/memory_store.h"

namespace portcullis::core {
namespace {

using Actions = std::vector<std::string>;

class PermissionModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AddUser("owner");
    AddUser("admin");
    AddUser("member");
    AddUser("outsider");
    AddCompany("acme", {{"owner", CompanyRole::kOwner},
                        {"admin", CompanyRole::kAdmin},
                        {"member", CompanyRole::kMember}});
    AddCompany("other", {{"outsider", CompanyRole::kOwner}});
  }

  void AddUser(const std::string& id) {
    User user;
    user.id = id;
    user.email = id + "@example.com";
    user.created_at = user.updated_at = clock.NowSeconds();
    ASSERT_TRUE(store.Write([&](Repositories& repos) { return repos.users().Create(user); }));
  }

  void AddCompany(const std::string& id,
                  const std::vector<std::pair<std::string, CompanyRole>>& members) {
    ASSERT_TRUE(store.Write([&](Repositories& repos) -> Status {
      Company company{id, id + " Inc", members.front().first, clock.NowSeconds(),
                      clock.NowSeconds()};
      RETURN_IF_ERROR(repos.companies().Create(company));
      for (const auto& [user, role] : members) {
        RETURN_IF_ERROR(repos.companies().AddMember({id, user, role, clock.NowSeconds(), 0}));
      }
      return Status::Ok();
    }));
  }

  // A session of `user` in `company`, freshly authenticated.
  Principal Session(const std::string& user, const std::string& company = "acme") {
    Principal principal;
    principal.user_id = user;
    principal.session_id = "s-" + user;
    principal.company_id = company;
    principal.auth_time = clock.NowSeconds();
    return principal;
  }

  PermissionGrant Grant(const Principal& by, GrantSubjectType type, const std::string& id,
                        const std::string& feature, const std::string& scope,
                        const std::string& action) {
    auto grant = models.AddGrant(by, by.company_id, {type, id}, {feature, scope, action});
    EXPECT_TRUE(grant.ok()) << (grant ? "" : grant.error().detail);
    return grant ? *grant : PermissionGrant{};
  }

  Actions ActionsOf(const Principal& principal, const std::string& feature = "products",
                    const std::string& scope = "all") {
    auto actions = models.Actions(principal, feature, scope);
    EXPECT_TRUE(actions.ok());
    return actions ? *actions : Actions{"<error>"};
  }

  IssuedCredential ApiKey(const Principal& by) {
    auto key = credentials.CreateApiKey(by, by.company_id, {"ci", 0, ""});
    EXPECT_TRUE(key.ok()) << (key ? "" : key.error().detail);
    return key ? *key : IssuedCredential{};
  }

  FakeClock clock;
  testing::CountingRandom random;
  testing::FakeOpaqueTokens tokens;
  store::memory::MemoryStore store;
  Authorizer authorizer;
  StepUpGuard step_up{300, clock};
  CredentialUseRecorder recorder{store};
  CredentialService credentials{CredentialOptions{}, store,    tokens, random, clock, step_up,
                                authorizer,          &recorder};
  PermissionModelService models{store, random, clock, authorizer};
};

TEST_F(PermissionModelTest, RoleGrantsReachEveryMemberOfTheRoleAndReadWriteImpliesTheFour) {
  Grant(Session("owner"), GrantSubjectType::kRole, "member", "products", "all", "read");
  Grant(Session("owner"), GrantSubjectType::kRole, "admin", "products", "all", "read-write");
  EXPECT_EQ(ActionsOf(Session("member")), (Actions{"read"}));
  EXPECT_EQ(ActionsOf(Session("admin")),
            (Actions{"create", "delete", "read", "read-write", "update"}));
  EXPECT_EQ(ActionsOf(Session("member"), "products", "own"), Actions{});
  EXPECT_EQ(ActionsOf(Session("member"), "users", "all"), Actions{});
}

TEST_F(PermissionModelTest, UserGrantsAndCustomVerbs) {
  const Principal owner = Session("owner");
  EXPECT_EQ(models
                .AddGrant(owner, "acme", {GrantSubjectType::kUser, "member"},
                          {"products", "all", "export"})
                .error()
                .code,
            ErrorCode::kInvalidRequest);  // not declared yet
  ASSERT_TRUE(models.AddVerb(owner, "acme", "export"));
  EXPECT_EQ(models.AddVerb(owner, "acme", "export").error().code, ErrorCode::kConflict);
  EXPECT_EQ(models.AddVerb(owner, "acme", "read").error().code, ErrorCode::kConflict);
  Grant(owner, GrantSubjectType::kUser, "member", "products", "all", "export");
  EXPECT_EQ(ActionsOf(Session("member")), (Actions{"export"}));
  EXPECT_EQ(ActionsOf(Session("admin")), Actions{});
  // Removing the verb removes its grants.
  ASSERT_TRUE(models.RemoveVerb(owner, "acme", "export"));
  EXPECT_EQ(ActionsOf(Session("member")), Actions{});
}

TEST_F(PermissionModelTest, AnOwnerHoldsEveryActionIncludingCustomVerbs) {
  ASSERT_TRUE(models.AddVerb(Session("owner"), "acme", "export"));
  EXPECT_EQ(ActionsOf(Session("owner"), "anything", "own"),
            (Actions{"create", "delete", "export", "read", "read-write", "update"}));
}

TEST_F(PermissionModelTest, AnApiKeyHoldsTheAdminRoleGrantsAndItsOwn) {
  const Principal owner = Session("owner");
  const IssuedCredential key = ApiKey(owner);
  Grant(owner, GrantSubjectType::kRole, "admin", "products", "all", "read");
  Grant(owner, GrantSubjectType::kApiKey, key.credential.id, "products", "all", "delete");
  auto principal = credentials.Authenticate(key.secret);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->kind, PrincipalKind::kApiKey);
  EXPECT_EQ(principal->company_id, "acme");
  EXPECT_TRUE(principal->user_id.empty());
  EXPECT_EQ(ActionsOf(*principal), (Actions{"delete", "read"}));
}

TEST_F(PermissionModelTest, APersonalTokenHoldsOnlyTheSubsetItsUserStillHolds) {
  const Principal owner = Session("owner");
  Grant(owner, GrantSubjectType::kUser, "member", "products", "all", "read-write");
  auto token = credentials.CreatePersonalToken(
      Session("member"), {"cli", clock.NowSeconds() + 3600, {{"products", "all", "read"}}});
  ASSERT_TRUE(token.ok()) << token.error().detail;
  auto principal = credentials.Authenticate(token->secret);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->kind, PrincipalKind::kPersonalToken);
  EXPECT_EQ(ActionsOf(*principal), (Actions{"read"}));
  // The user loses the grant: the token's subset shrinks with it.
  auto grants = models.ListGrants(owner, "acme", GrantSubject{GrantSubjectType::kUser, "member"});
  ASSERT_TRUE(grants.ok());
  ASSERT_EQ(grants->size(), 1u);
  ASSERT_TRUE(models.RemoveGrant(owner, "acme", grants->front().id));
  EXPECT_EQ(ActionsOf(*principal), Actions{});
}

TEST_F(PermissionModelTest, ATokenCannotAskForMoreThanItsUserHolds) {
  auto token = credentials.CreatePersonalToken(
      Session("member"), {"cli", clock.NowSeconds() + 3600, {{"products", "all", "read"}}});
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(token.error().reason, Reason::kPermissionNotHeld);
}

TEST_F(PermissionModelTest, ARemovedMemberHoldsNothing) {
  Grant(Session("owner"), GrantSubjectType::kRole, "member", "products", "all", "read");
  ASSERT_EQ(ActionsOf(Session("member")), (Actions{"read"}));
  ASSERT_TRUE(store.Write(
      [](Repositories& repos) { return repos.companies().RemoveMember("acme", "member"); }));
  EXPECT_EQ(ActionsOf(Session("member")), Actions{});
}

TEST_F(PermissionModelTest, OnlyOwnersAndAdminsManageTheModelAndForeignCompaniesDoNotExist) {
  EXPECT_EQ(models.AddVerb(Session("member"), "acme", "export").error().code,
            ErrorCode::kForbidden);
  EXPECT_TRUE(models.AddVerb(Session("admin"), "acme", "export").ok());
  EXPECT_EQ(models.Describe(Session("outsider", "other"), "acme").error().code,
            ErrorCode::kNotFound);
  const IssuedCredential foreign_key = ApiKey(Session("outsider", "other"));
  auto key = credentials.Authenticate(foreign_key.secret);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(models.Describe(*key, "acme").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(models.Describe(*key, "other").ok());
  // A grant's subject must be of the company.
  EXPECT_EQ(models
                .AddGrant(Session("owner"), "acme",
                          {GrantSubjectType::kApiKey, foreign_key.credential.id},
                          {"products", "all", "read"})
                .error()
                .code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(models
                .AddGrant(Session("owner"), "acme", {GrantSubjectType::kUser, "outsider"},
                          {"products", "all", "read"})
                .error()
                .code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(models
                .AddGrant(Session("owner"), "acme", {GrantSubjectType::kRole, "boss"},
                          {"products", "all", "read"})
                .error()
                .code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(models
                .AddGrant(Session("owner"), "acme", {GrantSubjectType::kRole, "member"},
                          {"Products", "all", "read"})
                .error()
                .code,
            ErrorCode::kInvalidRequest);
}

TEST_F(PermissionModelTest, AKeyIsShownOnceStoredAsItsHashAndRevokedAtOnce) {
  const Principal owner = Session("owner");
  const IssuedCredential key = ApiKey(owner);
  EXPECT_TRUE(key.secret.starts_with("hbx_"));
  EXPECT_EQ(key.credential.secret_hash, tokens.HashOf(key.secret));
  EXPECT_EQ(key.credential.last4, key.secret.substr(key.secret.size() - 4));
  ASSERT_TRUE(credentials.Authenticate(key.secret).ok());
  EXPECT_EQ(credentials.Authenticate(key.secret + "x").error().code, ErrorCode::kTokenInvalid);
  // Another company's owner cannot revoke it; its own company's admin can.
  EXPECT_EQ(credentials.RevokeApiKey(Session("outsider", "other"), "acme", key.credential.id)
                .error()
                .code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(credentials.RevokeApiKey(Session("admin"), "acme", key.credential.id));
  EXPECT_EQ(credentials.Authenticate(key.secret).error().code, ErrorCode::kTokenInvalid);
}

TEST_F(PermissionModelTest, KeysNeedAnAdminAFreshSessionAndAKnownPrefix) {
  EXPECT_EQ(credentials.CreateApiKey(Session("member"), "acme", {"k", 0, ""}).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(credentials.CreateApiKey(Session("owner"), "acme", {"k", 0, "zzz_"}).error().code,
            ErrorCode::kInvalidRequest);
  auto mchx = credentials.CreateApiKey(Session("owner"), "acme", {"k", 0, "mchx_"});
  ASSERT_TRUE(mchx.ok());
  EXPECT_TRUE(mchx->secret.starts_with("mchx_"));
  Principal stale = Session("owner");
  clock.Advance(301);
  EXPECT_EQ(credentials.CreateApiKey(stale, "acme", {"k", 0, ""}).error().code,
            ErrorCode::kStepUpRequired);
  auto key = credentials.Authenticate(mchx->secret);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(credentials.CreateApiKey(*key, "acme", {"k", 0, ""}).error().code,
            ErrorCode::kForbidden);
}

TEST_F(PermissionModelTest, AnExpiredKeyIsRefused) {
  auto key =
      credentials.CreateApiKey(Session("owner"), "acme", {"short", clock.NowSeconds() + 60, ""});
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(credentials.Authenticate(key->secret).ok());
  clock.Advance(60);
  EXPECT_EQ(credentials.Authenticate(key->secret).error().code, ErrorCode::kTokenInvalid);
}

TEST_F(PermissionModelTest, UsesAreCoalescedAndFlushedInOneWrite) {
  const IssuedCredential key = ApiKey(Session("owner"));
  ASSERT_TRUE(credentials.Authenticate(key.secret).ok());
  clock.Advance(5);
  ASSERT_TRUE(credentials.Authenticate(key.secret).ok());
  EXPECT_EQ(recorder.pending(), 1u);
  auto before = store.ReadValue(
      [&](Repositories& repos) { return repos.credentials().Find(key.credential.id); });
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->last_used_at, 0);
  ASSERT_TRUE(recorder.Flush());
  EXPECT_EQ(recorder.pending(), 0u);
  auto after = store.ReadValue(
      [&](Repositories& repos) { return repos.credentials().Find(key.credential.id); });
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->last_used_at, clock.NowSeconds());
}

}  // namespace
}  // namespace portcullis::core
