// ServiceClientRepository conformance: service clients of a company, their secrets (cascading
// with the client and the company), the grants naming them, and revoked client-token ids.
// Every backend instantiates StoreConformanceTest; each test owns a store.
#include <string>
#include <vector>

#include "core/service_client.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::ClientSecret;
using core::GrantSubject;
using core::GrantSubjectType;
using core::ServiceClient;
using core::TokenRevocation;

// Client `id` (24 hex digits are the core's rule, not the store's) of `company_id`, created by
// user-1 at `created_at`.
ServiceClient MakeClient(const std::string& id, const std::string& company_id,
                         int64_t created_at = kNow) {
  ServiceClient client;
  client.id = id;
  client.company_id = company_id;
  client.name = "client " + id;
  client.allow_act_as_user = true;
  client.created_by = "user-1";
  client.created_at = created_at;
  client.updated_at = created_at;
  return client;
}

ClientSecret MakeSecret(const std::string& id, const std::string& client_id, int64_t created_at) {
  return ClientSecret{id, client_id, "hash-" + id, created_at};
}

void ExpectSameClient(const ServiceClient& a, const ServiceClient& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.company_id, b.company_id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.allow_act_as_user, b.allow_act_as_user);
  EXPECT_EQ(a.disabled, b.disabled);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
}

template <class Row>
std::vector<std::string> Ids(const std::vector<Row>& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row.id);
  return ids;
}

// Users 1 and 2, companies c1 and c2.
void SeedCompanies(core::Store& store) {
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) -> Status {
                    RETURN_IF_ERROR(r.users().Create(MakeUser("1")));
                    RETURN_IF_ERROR(r.users().Create(MakeUser("2")));
                    RETURN_IF_ERROR(r.companies().Create(MakeCompany("c1", "user-1")));
                    return r.companies().Create(MakeCompany("c2"));
                  })
                  .ok());
}

constexpr char kClientA[] = "0123456789abcdef01234567";
constexpr char kClientB[] = "0123456789abcdef01234568";
constexpr char kClientC[] = "fedcba9876543210fedcba98";

TEST_P(StoreConformanceTest, ServiceClientIsCreatedFoundAndListedOldestFirst) {
  SeedCompanies(store());
  ServiceClient a = MakeClient(kClientA, "c1", kNow + 5);
  ServiceClient b = MakeClient(kClientB, "c1", kNow + 1);
  b.allow_act_as_user = false;
  b.created_by = "";
  ServiceClient c = MakeClient(kClientC, "c2");
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.service_clients().Create(a));
    RETURN_IF_ERROR(r.service_clients().Create(b));
    return r.service_clients().Create(c);
  }));
  auto found = Read([&](auto& r) { return r.service_clients().Find(kClientA); });
  ASSERT_OK(found);
  ExpectSameClient(*found, a);
  found = Read([&](auto& r) { return r.service_clients().Find(kClientB); });
  ASSERT_OK(found);
  ExpectSameClient(*found, b);
  auto listed = Read([&](auto& r) { return r.service_clients().ListForCompany("c1"); });
  ASSERT_OK(listed);
  EXPECT_EQ(Ids(*listed), (std::vector<std::string>{kClientB, kClientA}));
  listed = Read([&](auto& r) { return r.service_clients().ListForCompany("nope"); });
  ASSERT_OK(listed);
  EXPECT_TRUE(listed->empty());
  EXPECT_ERROR(Read([&](auto& r) { return r.service_clients().Find("nope"); }),
               ErrorCode::kNotFound, "client");
}

TEST_P(StoreConformanceTest, ServiceClientCreateConflictsOnATakenIdAndNeedsItsCompany) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) { return r.service_clients().Create(MakeClient(kClientA, "c1")); }));
  EXPECT_ERROR(
      Write([&](auto& r) { return r.service_clients().Create(MakeClient(kClientA, "c2")); }),
      ErrorCode::kConflict, "client");
  auto orphan =
      Write([&](auto& r) { return r.service_clients().Create(MakeClient(kClientB, "x")); });
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, ServiceClientIsDisabledAndEnabledAgain) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) { return r.service_clients().Create(MakeClient(kClientA, "c1")); }));
  ASSERT_OK(
      Write([&](auto& r) { return r.service_clients().SetDisabled(kClientA, true, kNow + 9); }));
  auto found = Read([&](auto& r) { return r.service_clients().Find(kClientA); });
  ASSERT_OK(found);
  EXPECT_TRUE(found->disabled);
  EXPECT_EQ(found->updated_at, kNow + 9);
  EXPECT_EQ(found->created_at, kNow);
  ASSERT_OK(
      Write([&](auto& r) { return r.service_clients().SetDisabled(kClientA, false, kNow + 10); }));
  found = Read([&](auto& r) { return r.service_clients().Find(kClientA); });
  ASSERT_OK(found);
  EXPECT_FALSE(found->disabled);
  EXPECT_ERROR(Write([&](auto& r) { return r.service_clients().SetDisabled("nope", true, kNow); }),
               ErrorCode::kNotFound, "client");
}

TEST_P(StoreConformanceTest, ClientSecretsAreListedOldestFirstAndDeletedOneByOne) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.service_clients().Create(MakeClient(kClientA, "c1")));
    RETURN_IF_ERROR(r.service_clients().Create(MakeClient(kClientB, "c1")));
    RETURN_IF_ERROR(r.service_clients().AddSecret(MakeSecret("s2", kClientA, kNow + 2)));
    RETURN_IF_ERROR(r.service_clients().AddSecret(MakeSecret("s1", kClientA, kNow + 1)));
    RETURN_IF_ERROR(r.service_clients().AddSecret(MakeSecret("s0", kClientA, kNow + 2)));
    return r.service_clients().AddSecret(MakeSecret("sb", kClientB, kNow));
  }));
  auto secrets = Read([&](auto& r) { return r.service_clients().ListSecrets(kClientA); });
  ASSERT_OK(secrets);
  EXPECT_EQ(Ids(*secrets), (std::vector<std::string>{"s1", "s0", "s2"}));  // same time: id order
  EXPECT_EQ((*secrets)[0].client_id, kClientA);
  EXPECT_EQ((*secrets)[0].secret_hash, "hash-s1");
  EXPECT_EQ((*secrets)[0].created_at, kNow + 1);

  EXPECT_ERROR(Write([&](auto& r) {
                 return r.service_clients().AddSecret(MakeSecret("s1", kClientB, kNow));
               }),
               ErrorCode::kConflict, "client secret");
  auto orphan =
      Write([&](auto& r) { return r.service_clients().AddSecret(MakeSecret("sx", "nope", kNow)); });
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);

  // A secret is deleted only through its own client.
  EXPECT_ERROR(Write([&](auto& r) { return r.service_clients().DeleteSecret(kClientB, "s1"); }),
               ErrorCode::kNotFound, "client secret");
  ASSERT_OK(Write([&](auto& r) { return r.service_clients().DeleteSecret(kClientA, "s1"); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.service_clients().DeleteSecret(kClientA, "s1"); }),
               ErrorCode::kNotFound, "client secret");
  secrets = Read([&](auto& r) { return r.service_clients().ListSecrets(kClientA); });
  ASSERT_OK(secrets);
  EXPECT_EQ(Ids(*secrets), (std::vector<std::string>{"s0", "s2"}));
}

TEST_P(StoreConformanceTest, DeletingAClientDeletesItsSecretsAndTheGrantsNamingIt) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    for (const char* id : {kClientA, kClientB}) {
      RETURN_IF_ERROR(r.service_clients().Create(MakeClient(id, "c1")));
      RETURN_IF_ERROR(r.service_clients().AddSecret(MakeSecret(std::string("s-") + id, id, kNow)));
      RETURN_IF_ERROR(r.permissions().AddGrant(
          MakeGrant(std::string("g-") + id, "c1", GrantSubject{GrantSubjectType::kClient, id},
                    "users", "all", "read")));
    }
    return Status::Ok();
  }));
  ASSERT_OK(Write([&](auto& r) { return r.service_clients().Delete(kClientA); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.service_clients().Find(kClientA); }),
               ErrorCode::kNotFound, "client");
  auto secrets = Read([&](auto& r) { return r.service_clients().ListSecrets(kClientA); });
  ASSERT_OK(secrets);
  EXPECT_TRUE(secrets->empty());
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{std::string("g-") + kClientB}));
  secrets = Read([&](auto& r) { return r.service_clients().ListSecrets(kClientB); });
  ASSERT_OK(secrets);
  EXPECT_EQ(secrets->size(), 1u);
  EXPECT_ERROR(Write([&](auto& r) { return r.service_clients().Delete(kClientA); }),
               ErrorCode::kNotFound, "client");
  // The id is free again, with no secret and no grant.
  ASSERT_OK(Write([&](auto& r) { return r.service_clients().Create(MakeClient(kClientA, "c1")); }));
  grants = Read([&](auto& r) {
    return r.permissions().ListGrants("c1", GrantSubject{GrantSubjectType::kClient, kClientA});
  });
  ASSERT_OK(grants);
  EXPECT_TRUE(grants->empty());
}

TEST_P(StoreConformanceTest, AGrantToAnUnknownClientIsRefused) {
  SeedCompanies(store());
  auto refused = Write([&](auto& r) {
    return r.permissions().AddGrant(MakeGrant(
        "g1", "c1", GrantSubject{GrantSubjectType::kClient, kClientA}, "users", "all", "read"));
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, DeletingACompanyDeletesItsClientsWithTheirSecrets) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.service_clients().Create(MakeClient(kClientA, "c1")));
    RETURN_IF_ERROR(r.service_clients().AddSecret(MakeSecret("sa", kClientA, kNow)));
    RETURN_IF_ERROR(r.service_clients().Create(MakeClient(kClientC, "c2")));
    return r.service_clients().AddSecret(MakeSecret("sc", kClientC, kNow));
  }));
  ASSERT_OK(Write([&](auto& r) { return r.companies().Delete("c1"); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.service_clients().Find(kClientA); }),
               ErrorCode::kNotFound, "client");
  auto secrets = Read([&](auto& r) { return r.service_clients().ListSecrets(kClientA); });
  ASSERT_OK(secrets);
  EXPECT_TRUE(secrets->empty());
  ASSERT_OK(Read([&](auto& r) { return r.service_clients().Find(kClientC); }));
  secrets = Read([&](auto& r) { return r.service_clients().ListSecrets(kClientC); });
  ASSERT_OK(secrets);
  EXPECT_EQ(secrets->size(), 1u);
}

TEST_P(StoreConformanceTest, DeletingTheCreatorKeepsTheClientWithoutACreator) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) { return r.service_clients().Create(MakeClient(kClientA, "c1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Delete("user-1"); }));
  auto found = Read([&](auto& r) { return r.service_clients().Find(kClientA); });
  ASSERT_OK(found);
  EXPECT_EQ(found->created_by, "");
}

TEST_P(StoreConformanceTest, RevokedTokensAreRememberedOnceUntilTheyExpire) {
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.service_clients().RevokeToken(TokenRevocation{"j1", kNow, kNow + 10}));
    RETURN_IF_ERROR(r.service_clients().RevokeToken(TokenRevocation{"j2", kNow, kNow + 100}));
    return r.service_clients().RevokeToken(TokenRevocation{"j3", kNow, kNow + 20});
  }));
  // A second revocation is fine and keeps the first row (its expiry decides the purge).
  ASSERT_OK(Write([&](auto& r) {
    return r.service_clients().RevokeToken(TokenRevocation{"j1", kNow + 5, kNow + 500});
  }));
  for (const char* id : {"j1", "j2", "j3"}) {
    auto revoked = Read([&](auto& r) { return r.service_clients().IsTokenRevoked(id); });
    ASSERT_OK(revoked);
    EXPECT_TRUE(*revoked) << id;
  }
  auto unknown = Read([&](auto& r) { return r.service_clients().IsTokenRevoked("j9"); });
  ASSERT_OK(unknown);
  EXPECT_FALSE(*unknown);

  auto purged = Write([&](auto& r) { return r.service_clients().PurgeRevokedTokens(kNow + 20); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 1);  // j1 (expired at kNow + 10); j3 expires exactly now and stays
  EXPECT_FALSE(*Read([&](auto& r) { return r.service_clients().IsTokenRevoked("j1"); }));
  EXPECT_TRUE(*Read([&](auto& r) { return r.service_clients().IsTokenRevoked("j3"); }));
  EXPECT_TRUE(*Read([&](auto& r) { return r.service_clients().IsTokenRevoked("j2"); }));
  purged = Write([&](auto& r) { return r.service_clients().PurgeRevokedTokens(kNow + 1000); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 2);
}

}  // namespace
}  // namespace portcullis::store::conformance
