// PermissionRepository conformance: a company's verbs, features and scopes, its grants added
// (with their names), listed, looked up for a principal and removed with a name or a subject.
// Every backend instantiates StoreConformanceTest; each test owns a store.
#include <string>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::GrantSubject;
using core::GrantSubjectType;
using core::PermissionGrant;
using core::PermissionNameKind;

const GrantSubject kAdmins{GrantSubjectType::kRole, "admin"};
const GrantSubject kMembers{GrantSubjectType::kRole, "member"};
const GrantSubject kUser1{GrantSubjectType::kUser, "user-1"};
const GrantSubject kKey1{GrantSubjectType::kApiKey, "k1"};

// User 1, companies c1 and c2, API key k1 of c1.
void SeedCompanies(core::Store& store) {
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) -> Status {
                    RETURN_IF_ERROR(r.users().Create(MakeUser("1")));
                    RETURN_IF_ERROR(r.companies().Create(MakeCompany("c1", "user-1")));
                    RETURN_IF_ERROR(r.companies().Create(MakeCompany("c2")));
                    return r.credentials().Create(MakeApiKey("k1", "c1"));
                  })
                  .ok());
}

std::vector<std::string> Names(core::Store& store, const std::string& company,
                               PermissionNameKind kind) {
  auto names = store.ReadValue(
      [&](core::Repositories& r) { return r.permissions().ListNames(company, kind); });
  EXPECT_TRUE(names.ok());
  return names.ok() ? *names : std::vector<std::string>{};
}

TEST_P(StoreConformanceTest, NamesAreAddedOncePerCompanyAndKindAndListedSorted) {
  SeedCompanies(store());
  for (const char* verb : {"export", "approve", "Zap"}) {
    ASSERT_OK(Write(
        [&](auto& r) { return r.permissions().AddName("c1", PermissionNameKind::kVerb, verb); }));
  }
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().AddName("c1", PermissionNameKind::kFeature, "export");
  }));
  ASSERT_OK(Write(
      [&](auto& r) { return r.permissions().AddName("c2", PermissionNameKind::kVerb, "export"); }));
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().AddName("c1", PermissionNameKind::kVerb, "export");
               }),
               ErrorCode::kConflict, "permission name");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().AddName("nope", PermissionNameKind::kVerb, "x");
               }),
               ErrorCode::kNotFound, "company");
  // Byte order: upper case first.
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kVerb),
            (std::vector<std::string>{"Zap", "approve", "export"}));
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kFeature),
            (std::vector<std::string>{"export"}));
  EXPECT_TRUE(Names(store(), "c1", PermissionNameKind::kScope).empty());
  EXPECT_EQ(Names(store(), "c2", PermissionNameKind::kVerb), (std::vector<std::string>{"export"}));
}

TEST_P(StoreConformanceTest, AGrantIsStoredWithItsFeatureAndScopeNames) {
  SeedCompanies(store());
  ASSERT_OK(Write(
      [&](auto& r) { return r.permissions().AddName("c1", PermissionNameKind::kScope, "own"); }));
  const PermissionGrant grant =
      MakeGrant("g1", "c1", kUser1, "products", "own", "export", kNow + 3);
  ASSERT_OK(Write([&](auto& r) { return r.permissions().AddGrant(grant); }));
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kFeature),
            (std::vector<std::string>{"products"}));
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kScope), (std::vector<std::string>{"own"}));
  EXPECT_TRUE(Names(store(), "c1", PermissionNameKind::kVerb).empty());  // verbs are declared
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].id, "g1");
  EXPECT_EQ((*grants)[0].company_id, "c1");
  EXPECT_EQ((*grants)[0].subject, kUser1);
  EXPECT_EQ((*grants)[0].permission, (core::Permission{"products", "own", "export"}));
  EXPECT_EQ((*grants)[0].created_at, kNow + 3);
  EXPECT_TRUE(Names(store(), "c2", PermissionNameKind::kFeature).empty());
}

TEST_P(StoreConformanceTest, AGrantConflictsWhenTheSameIsGrantedAndRefusesUnknownRows) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().AddGrant(MakeGrant("g1", "c1", kAdmins, "users", "all", "read"));
  }));
  EXPECT_ERROR(
      Write([&](auto& r) {
        return r.permissions().AddGrant(MakeGrant("g2", "c1", kAdmins, "users", "all", "read"));
      }),
      ErrorCode::kConflict, "grant");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().AddGrant(MakeGrant("g1", "c1", kMembers, "x", "y", "z"));
               }),
               ErrorCode::kConflict, "grant");
  // The same permission for another subject, or in another company, is another grant.
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().AddGrant(MakeGrant("g3", "c1", kMembers, "users", "all", "read"));
  }));
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().AddGrant(MakeGrant("g4", "c2", kAdmins, "users", "all", "read"));
  }));
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().AddGrant(MakeGrant("g5", "nope", kAdmins, "a", "b", "c"));
               }),
               ErrorCode::kNotFound, "company");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().AddGrant(MakeGrant(
                     "g6", "c1", GrantSubject{GrantSubjectType::kUser, "nobody"}, "a", "b", "c"));
               }),
               ErrorCode::kNotFound, "user");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().AddGrant(MakeGrant(
                     "g7", "c1", GrantSubject{GrantSubjectType::kToken, "nothing"}, "a", "b", "c"));
               }),
               ErrorCode::kNotFound, "credential");
  // A refused grant adds no names.
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kFeature),
            (std::vector<std::string>{"users"}));
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"g1", "g3"}));
}

TEST_P(StoreConformanceTest, ListGrantsGivesTheCompanysOrOneSubjectsOldestFirst) {
  SeedCompanies(store());
  const std::vector<PermissionGrant> grants = {
      MakeGrant("g2", "c1", kAdmins, "users", "all", "read", kNow + 2),
      MakeGrant("g1", "c1", kUser1, "users", "all", "read", kNow + 2),
      MakeGrant("g0", "c1", kAdmins, "products", "all", "export", kNow + 5),
      MakeGrant("g9", "c1", kKey1, "users", "own", "read", kNow),
      MakeGrant("h1", "c2", kAdmins, "users", "all", "read", kNow)};
  for (const auto& grant : grants) {
    ASSERT_OK(Write([&](auto& r) { return r.permissions().AddGrant(grant); }));
  }
  auto all = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(all);
  EXPECT_EQ(Ids(*all), (std::vector<std::string>{"g9", "g1", "g2", "g0"}));
  auto admins = Read([&](auto& r) { return r.permissions().ListGrants("c1", kAdmins); });
  ASSERT_OK(admins);
  EXPECT_EQ(Ids(*admins), (std::vector<std::string>{"g2", "g0"}));
  auto key = Read([&](auto& r) { return r.permissions().ListGrants("c1", kKey1); });
  ASSERT_OK(key);
  EXPECT_EQ(Ids(*key), (std::vector<std::string>{"g9"}));
  // A subject of the same id but another type is another subject.
  auto as_token = Read([&](auto& r) {
    return r.permissions().ListGrants("c1", GrantSubject{GrantSubjectType::kToken, "k1"});
  });
  ASSERT_OK(as_token);
  EXPECT_TRUE(as_token->empty());
}

TEST_P(StoreConformanceTest, GrantsForGivesTheSubjectsGrantsOnExactlyThatFeatureAndScope) {
  SeedCompanies(store());
  const std::vector<PermissionGrant> grants = {
      MakeGrant("g1", "c1", kAdmins, "users", "all", "read", kNow + 1),
      MakeGrant("g2", "c1", kUser1, "users", "all", "export", kNow + 2),
      MakeGrant("g3", "c1", kKey1, "users", "all", "update", kNow + 3),
      MakeGrant("g4", "c1", kMembers, "users", "all", "delete", kNow + 4),
      MakeGrant("g5", "c1", kUser1, "users", "own", "create", kNow + 5),
      MakeGrant("g6", "c1", kUser1, "users-x", "all", "create", kNow + 6),
      MakeGrant("g7", "c2", kAdmins, "users", "all", "create", kNow + 7)};
  for (const auto& grant : grants) {
    ASSERT_OK(Write([&](auto& r) { return r.permissions().AddGrant(grant); }));
  }
  auto found = Read([&](auto& r) {
    return r.permissions().GrantsFor("c1", {kAdmins, kUser1, kKey1}, "users", "all");
  });
  ASSERT_OK(found);
  EXPECT_EQ(Ids(*found), (std::vector<std::string>{"g1", "g2", "g3"}));
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[1].subject, kUser1);
  EXPECT_EQ((*found)[1].permission.action, "export");
  auto one =
      Read([&](auto& r) { return r.permissions().GrantsFor("c1", {kUser1}, "users", "own"); });
  ASSERT_OK(one);
  EXPECT_EQ(Ids(*one), (std::vector<std::string>{"g5"}));
  auto none = Read([&](auto& r) { return r.permissions().GrantsFor("c1", {}, "users", "all"); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  auto other =
      Read([&](auto& r) { return r.permissions().GrantsFor("c2", {kUser1}, "users", "all"); });
  ASSERT_OK(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(StoreConformanceTest, RemoveGrantDeletesOneGrantOfTheNamedCompany) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().AddGrant(MakeGrant("g1", "c1", kAdmins, "users", "all", "read"));
  }));
  EXPECT_ERROR(Write([&](auto& r) { return r.permissions().RemoveGrant("c2", "g1"); }),
               ErrorCode::kNotFound, "grant");
  ASSERT_OK(Write([&](auto& r) { return r.permissions().RemoveGrant("c1", "g1"); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.permissions().RemoveGrant("c1", "g1"); }),
               ErrorCode::kNotFound, "grant");
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_TRUE(grants->empty());
  // Its names stay.
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kFeature),
            (std::vector<std::string>{"users"}));
}

TEST_P(StoreConformanceTest, RemoveNameDeletesTheGrantsThatUseItByItsKind) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.permissions().AddName("c1", PermissionNameKind::kVerb, "export"));
    RETURN_IF_ERROR(r.permissions().AddName("c2", PermissionNameKind::kVerb, "export"));
    RETURN_IF_ERROR(
        r.permissions().AddGrant(MakeGrant("v1", "c1", kAdmins, "users", "all", "export")));
    RETURN_IF_ERROR(
        r.permissions().AddGrant(MakeGrant("v2", "c2", kAdmins, "users", "all", "export")));
    // "export" as a feature and as a scope: other kinds, untouched by removing the verb.
    RETURN_IF_ERROR(
        r.permissions().AddGrant(MakeGrant("f1", "c1", kAdmins, "export", "all", "read")));
    RETURN_IF_ERROR(
        r.permissions().AddGrant(MakeGrant("s1", "c1", kAdmins, "users", "export", "read")));
    return r.permissions().AddGrant(MakeGrant("k1", "c1", kKey1, "users", "all", "read"));
  }));
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().RemoveName("c1", PermissionNameKind::kVerb, "export");
  }));
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"f1", "k1", "s1"}));
  EXPECT_TRUE(Names(store(), "c1", PermissionNameKind::kVerb).empty());
  EXPECT_EQ(Names(store(), "c2", PermissionNameKind::kVerb), (std::vector<std::string>{"export"}));

  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().RemoveName("c1", PermissionNameKind::kFeature, "export");
  }));
  ASSERT_OK(Write([&](auto& r) {
    return r.permissions().RemoveName("c1", PermissionNameKind::kScope, "export");
  }));
  grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"k1"}));
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kFeature),
            (std::vector<std::string>{"users"}));
  EXPECT_EQ(Names(store(), "c1", PermissionNameKind::kScope), (std::vector<std::string>{"all"}));
  auto other = Read([&](auto& r) { return r.permissions().ListGrants("c2", std::nullopt); });
  ASSERT_OK(other);
  EXPECT_EQ(Ids(*other), (std::vector<std::string>{"v2"}));

  EXPECT_ERROR(Write([&](auto& r) {
                 return r.permissions().RemoveName("c1", PermissionNameKind::kVerb, "export");
               }),
               ErrorCode::kNotFound, "permission name");
}

TEST_P(StoreConformanceTest, RemoveGrantsOfDeletesOneSubjectsGrantsInOneCompany) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant("a", "c1", kUser1, "users", "all", "read")));
    RETURN_IF_ERROR(
        r.permissions().AddGrant(MakeGrant("b", "c1", kUser1, "products", "own", "read")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant("c", "c2", kUser1, "users", "all", "read")));
    return r.permissions().AddGrant(MakeGrant("d", "c1", kAdmins, "users", "all", "read"));
  }));
  ASSERT_OK(Write([&](auto& r) { return r.permissions().RemoveGrantsOf("c1", kUser1); }));
  ASSERT_OK(
      Write([&](auto& r) { return r.permissions().RemoveGrantsOf("c1", kUser1); }));  // none left
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"d"}));
  auto other = Read([&](auto& r) { return r.permissions().ListGrants("c2", std::nullopt); });
  ASSERT_OK(other);
  EXPECT_EQ(Ids(*other), (std::vector<std::string>{"c"}));
}

}  // namespace
}  // namespace portcullis::store::conformance
