// CredentialRepository conformance: API keys and personal tokens stored with their permissions,
// found by hash, listed, revoked with their grants, and their coalesced last use recorded.
// Every backend instantiates StoreConformanceTest; each test owns a store.
#include <string>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::Credential;
using core::CredentialKind;
using core::GrantSubject;
using core::GrantSubjectType;

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

TEST_P(StoreConformanceTest, ApiKeyIsFoundByItsHashAndById) {
  SeedCompanies(store());
  Credential key = MakeApiKey("k1", "c1");
  key.created_by = "user-1";
  key.expires_at = 0;  // never
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Create(key); }));
  auto by_hash = Read([&](auto& r) { return r.credentials().FindByHash("h-k1"); });
  ASSERT_OK(by_hash);
  ExpectSameCredential(*by_hash, key);
  auto by_id = Read([&](auto& r) { return r.credentials().Find("k1"); });
  ASSERT_OK(by_id);
  ExpectSameCredential(*by_id, key);
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().FindByHash("h-never"); }),
               ErrorCode::kNotFound, "credential");
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().Find("never"); }), ErrorCode::kNotFound,
               "credential");
}

TEST_P(StoreConformanceTest, PersonalTokenKeepsItsPermissionsInOrder) {
  SeedCompanies(store());
  Credential token = MakeToken("t1", "c1", "user-1");
  token.permissions = {{"users", "own", "read"},
                       {"products", "all", "read-write"},
                       {"a|b,c", "sc;o\"pe", "exp=ort"},
                       {"users", "all", "read"}};
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Create(token); }));
  Credential bare = MakeToken("t2", "c1", "user-1");
  bare.permissions.clear();
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Create(bare); }));
  auto found = Read([&](auto& r) { return r.credentials().FindByHash("h-t1"); });
  ASSERT_OK(found);
  ExpectSameCredential(*found, token);
  auto by_id = Read([&](auto& r) { return r.credentials().Find("t2"); });
  ASSERT_OK(by_id);
  ExpectSameCredential(*by_id, bare);
  auto listed = Read([&](auto& r) { return r.credentials().ListForUser("user-1"); });
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 2u);
  ExpectSameCredential((*listed)[0], token);  // same time: id order
  ExpectSameCredential((*listed)[1], bare);
}

TEST_P(StoreConformanceTest, CredentialCreateConflictsOnATakenIdOrHashAndRefusesUnknownRows) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Create(MakeApiKey("k1", "c1")); }));
  Credential same_id = MakeApiKey("k1", "c2");
  same_id.secret_hash = "h-other";
  EXPECT_ERROR(Write([&](auto& r) { return r.credentials().Create(same_id); }),
               ErrorCode::kConflict, "credential");
  Credential same_hash = MakeToken("t1", "c2", "user-2");
  same_hash.secret_hash = "h-k1";
  EXPECT_ERROR(Write([&](auto& r) { return r.credentials().Create(same_hash); }),
               ErrorCode::kConflict, "credential");
  EXPECT_ERROR(Write([&](auto& r) { return r.credentials().Create(MakeApiKey("k2", "nope")); }),
               ErrorCode::kNotFound, "company");
  EXPECT_ERROR(
      Write([&](auto& r) { return r.credentials().Create(MakeToken("t2", "c1", "nobody")); }),
      ErrorCode::kNotFound, "user");
  Credential by_nobody = MakeApiKey("k3", "c1");
  by_nobody.created_by = "nobody";
  EXPECT_ERROR(Write([&](auto& r) { return r.credentials().Create(by_nobody); }),
               ErrorCode::kNotFound, "user");
  auto kept = Read([&](auto& r) { return r.credentials().FindByHash("h-k1"); });
  ASSERT_OK(kept);
  EXPECT_EQ(kept->company_id, "c1");
  EXPECT_TRUE(kept->permissions.empty());
  // A refused token left no permissions behind.
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().Find("t2"); }), ErrorCode::kNotFound,
               "credential");
}

TEST_P(StoreConformanceTest, ListForCompanyGivesOneKindNewestFirst) {
  SeedCompanies(store());
  const std::vector<Credential> rows = {
      MakeApiKey("k2", "c1", kNow + 1),          MakeApiKey("k1", "c1", kNow + 1),
      MakeApiKey("k3", "c1", kNow + 5),          MakeApiKey("k0", "c1", kNow),
      MakeApiKey("k9", "c2", kNow + 9),          MakeToken("t1", "c1", "user-1", kNow + 2),
      MakeToken("t2", "c1", "user-2", kNow + 3), MakeToken("t3", "c2", "user-1", kNow + 4)};
  for (const auto& row : rows) {
    ASSERT_OK(Write([&](auto& r) { return r.credentials().Create(row); }));
  }
  auto keys =
      Read([&](auto& r) { return r.credentials().ListForCompany("c1", CredentialKind::kApiKey); });
  ASSERT_OK(keys);
  EXPECT_EQ(Ids(*keys), (std::vector<std::string>{"k3", "k1", "k2", "k0"}));
  auto tokens = Read([&](auto& r) {
    return r.credentials().ListForCompany("c1", CredentialKind::kPersonalToken);
  });
  ASSERT_OK(tokens);
  EXPECT_EQ(Ids(*tokens), (std::vector<std::string>{"t2", "t1"}));
  ASSERT_EQ(tokens->size(), 2u);
  ExpectSameCredential((*tokens)[1], rows[5]);
  auto mine = Read([&](auto& r) { return r.credentials().ListForUser("user-1"); });
  ASSERT_OK(mine);
  EXPECT_EQ(Ids(*mine), (std::vector<std::string>{"t3", "t1"}));
  auto none = Read([&](auto& r) { return r.credentials().ListForUser("nobody"); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformanceTest, CredentialDeleteRevokesItWithItsGrantsOnly) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.credentials().Create(MakeApiKey("k1", "c1")));
    RETURN_IF_ERROR(r.credentials().Create(MakeApiKey("k2", "c1")));
    RETURN_IF_ERROR(r.credentials().Create(MakeToken("t1", "c1", "user-1")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "g1", "c1", GrantSubject{GrantSubjectType::kApiKey, "k1"}, "users", "all", "read")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "g2", "c1", GrantSubject{GrantSubjectType::kApiKey, "k2"}, "users", "all", "read")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "g3", "c1", GrantSubject{GrantSubjectType::kToken, "t1"}, "users", "own", "read")));
    return r.permissions().AddGrant(MakeGrant(
        "g4", "c1", GrantSubject{GrantSubjectType::kRole, "admin"}, "users", "all", "read"));
  }));
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Delete("k1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Delete("t1"); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().FindByHash("h-k1"); }),
               ErrorCode::kNotFound, "credential");
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().FindByHash("h-t1"); }),
               ErrorCode::kNotFound, "credential");
  EXPECT_ERROR(Write([&](auto& r) { return r.credentials().Delete("k1"); }), ErrorCode::kNotFound,
               "credential");
  ASSERT_OK(Read([&](auto& r) { return r.credentials().FindByHash("h-k2"); }));
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"g2", "g4"}));
  // The token's id and hash are free again, with no permissions left over.
  Credential again = MakeToken("t1", "c1", "user-1");
  again.permissions = {{"x", "y", "z"}};
  ASSERT_OK(Write([&](auto& r) { return r.credentials().Create(again); }));
  auto found = Read([&](auto& r) { return r.credentials().Find("t1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->permissions, again.permissions);
}

TEST_P(StoreConformanceTest, RecordUseRaisesLastUsedOnlyWhenLaterAndSkipsGoneIds) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.credentials().Create(MakeApiKey("k1", "c1")));
    return r.credentials().Create(MakeToken("t1", "c1", "user-1"));
  }));
  ASSERT_OK(Write([&](auto& r) {
    return r.credentials().RecordUse(
        {{"k1", kNow + 50}, {"gone", kNow + 60}, {"t1", kNow + 10}, {"k1", kNow + 40}});
  }));
  auto key = Read([&](auto& r) { return r.credentials().Find("k1"); });
  ASSERT_OK(key);
  EXPECT_EQ(key->last_used_at, kNow + 50);
  auto token = Read([&](auto& r) { return r.credentials().Find("t1"); });
  ASSERT_OK(token);
  EXPECT_EQ(token->last_used_at, kNow + 10);
  ExpectSameCredential(*token, [&] {
    Credential want = MakeToken("t1", "c1", "user-1");
    want.last_used_at = kNow + 10;
    return want;
  }());
  ASSERT_OK(Write([&](auto& r) { return r.credentials().RecordUse({{"k1", kNow + 20}}); }));
  key = Read([&](auto& r) { return r.credentials().Find("k1"); });
  ASSERT_OK(key);
  EXPECT_EQ(key->last_used_at, kNow + 50);  // an older use never lowers it
  ASSERT_OK(Write([&](auto& r) { return r.credentials().RecordUse({}); }));
}

}  // namespace
}  // namespace portcullis::store::conformance
