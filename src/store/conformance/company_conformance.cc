// CompanyRepository conformance: companies, memberships and their roles, the last active company,
// the cascades of deleting a company or a user, and the owner count under concurrent demotions.
// Every backend instantiates StoreConformanceTest; each test owns a store.
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::CompanyRole;
using core::GrantSubject;
using core::GrantSubjectType;
using core::PermissionNameKind;

// Users 1..n and companies c1 (by user-1) and c2 (by user-2).
void Seed(core::Store& store, int users) {
  for (int i = 1; i <= users; ++i) {
    ASSERT_TRUE(store
                    .Write([&](core::Repositories& r) {
                      return r.users().Create(MakeUser(std::to_string(i)));
                    })
                    .ok());
  }
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) {
                    return r.companies().Create(MakeCompany("c1", "user-1"));
                  })
                  .ok());
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) {
                    return r.companies().Create(MakeCompany("c2", users >= 2 ? "user-2" : ""));
                  })
                  .ok());
}

std::vector<std::string> CompanyIds(const std::vector<core::CompanyOfUser>& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row.company.id);
  return ids;
}

TEST_P(StoreConformanceTest, CompanyIsCreatedFoundAndRenamed) {
  Seed(store(), 1);
  auto found = Read([&](auto& r) { return r.companies().Find("c1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->id, "c1");
  EXPECT_EQ(found->name, "Company c1");
  EXPECT_EQ(found->created_by, "user-1");
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->updated_at, kNow);
  auto nobodys = Read([&](auto& r) { return r.companies().Find("c2"); });
  ASSERT_OK(nobodys);
  EXPECT_EQ(nobodys->created_by, "");

  ASSERT_OK(Write([&](auto& r) { return r.companies().Rename("c1", "Zoë & Co", kNow + 5); }));
  found = Read([&](auto& r) { return r.companies().Find("c1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->name, "Zoë & Co");
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->updated_at, kNow + 5);

  EXPECT_ERROR(Read([&](auto& r) { return r.companies().Find("nope"); }), ErrorCode::kNotFound,
               "company");
  EXPECT_ERROR(Write([&](auto& r) { return r.companies().Rename("nope", "x", kNow); }),
               ErrorCode::kNotFound, "company");
}

TEST_P(StoreConformanceTest, CompanyCreateConflictsOnATakenIdAndRefusesAnUnknownCreator) {
  Seed(store(), 1);
  core::Company again = MakeCompany("c1");
  again.name = "Other";
  EXPECT_ERROR(Write([&](auto& r) { return r.companies().Create(again); }), ErrorCode::kConflict,
               "company");
  EXPECT_ERROR(Write([&](auto& r) { return r.companies().Create(MakeCompany("c3", "nobody")); }),
               ErrorCode::kNotFound, "user");
  auto kept = Read([&](auto& r) { return r.companies().Find("c1"); });
  ASSERT_OK(kept);
  EXPECT_EQ(kept->name, "Company c1");
}

TEST_P(StoreConformanceTest, LockFindsTheCompanyOrAnswersNotFound) {
  Seed(store(), 1);
  ASSERT_OK(Write([&](auto& r) { return r.companies().Lock("c1"); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.companies().Lock("nope"); }), ErrorCode::kNotFound,
               "company");
}

TEST_P(StoreConformanceTest, MembershipIsAddedOnceAndFound) {
  Seed(store(), 2);
  ASSERT_OK(Write([&](auto& r) {
    return r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner));
  }));
  auto found = Read([&](auto& r) { return r.companies().FindMembership("c1", "user-1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->company_id, "c1");
  EXPECT_EQ(found->user_id, "user-1");
  EXPECT_EQ(found->role, CompanyRole::kOwner);
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->updated_at, kNow);

  EXPECT_ERROR(
      Write([&](auto& r) {
        return r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kMember));
      }),
      ErrorCode::kConflict, "membership");
  EXPECT_ERROR(
      Write([&](auto& r) {
        return r.companies().AddMember(MakeMembership("nope", "user-1", CompanyRole::kMember));
      }),
      ErrorCode::kNotFound, "company");
  EXPECT_ERROR(
      Write([&](auto& r) {
        return r.companies().AddMember(MakeMembership("c1", "nobody", CompanyRole::kMember));
      }),
      ErrorCode::kNotFound, "user");
  EXPECT_ERROR(Read([&](auto& r) { return r.companies().FindMembership("c1", "user-2"); }),
               ErrorCode::kNotFound, "membership");
  EXPECT_ERROR(Read([&](auto& r) { return r.companies().FindMembership("c2", "user-1"); }),
               ErrorCode::kNotFound, "membership");
  found = Read([&](auto& r) { return r.companies().FindMembership("c1", "user-1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->role, CompanyRole::kOwner);  // the refused add changed nothing
}

TEST_P(StoreConformanceTest, ListForUserGivesTheUsersCompaniesOldestMembershipFirst) {
  Seed(store(), 2);
  ASSERT_OK(Write([&](auto& r) { return r.companies().Create(MakeCompany("c0")); }));
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(
        r.companies().AddMember(MakeMembership("c2", "user-1", CompanyRole::kMember, kNow + 10)));
    RETURN_IF_ERROR(
        r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner, kNow + 20)));
    // Joined at the same time as c1: the company id decides.
    RETURN_IF_ERROR(
        r.companies().AddMember(MakeMembership("c0", "user-1", CompanyRole::kAdmin, kNow + 20)));
    return r.companies().AddMember(MakeMembership("c1", "user-2", CompanyRole::kMember));
  }));
  auto mine = Read([&](auto& r) { return r.companies().ListForUser("user-1"); });
  ASSERT_OK(mine);
  EXPECT_EQ(CompanyIds(*mine), (std::vector<std::string>{"c2", "c0", "c1"}));
  ASSERT_EQ(mine->size(), 3u);
  EXPECT_EQ((*mine)[0].role, CompanyRole::kMember);
  EXPECT_EQ((*mine)[1].role, CompanyRole::kAdmin);
  EXPECT_EQ((*mine)[2].role, CompanyRole::kOwner);
  EXPECT_EQ((*mine)[2].company.name, "Company c1");
  EXPECT_EQ((*mine)[2].company.created_by, "user-1");
  EXPECT_EQ((*mine)[2].company.created_at, kNow);

  auto none = Read([&](auto& r) { return r.companies().ListForUser("nobody"); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformanceTest, ListMembersCarriesEachAccountsEmailAndDisplayName) {
  Seed(store(), 3);
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(
        r.companies().AddMember(MakeMembership("c1", "user-3", CompanyRole::kMember, kNow + 1)));
    RETURN_IF_ERROR(
        r.companies().AddMember(MakeMembership("c1", "user-2", CompanyRole::kAdmin, kNow + 2)));
    RETURN_IF_ERROR(
        r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner, kNow + 1)));
    return r.companies().AddMember(MakeMembership("c2", "user-2", CompanyRole::kOwner));
  }));
  auto members = Read([&](auto& r) { return r.companies().ListMembers("c1"); });
  ASSERT_OK(members);
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[0].membership.user_id, "user-1");
  EXPECT_EQ((*members)[0].membership.role, CompanyRole::kOwner);
  EXPECT_EQ((*members)[0].membership.company_id, "c1");
  EXPECT_EQ((*members)[0].membership.created_at, kNow + 1);
  EXPECT_EQ((*members)[0].email, "1@example.com");
  EXPECT_EQ((*members)[0].display_name, "User 1");
  EXPECT_EQ((*members)[1].membership.user_id, "user-3");
  EXPECT_EQ((*members)[2].membership.user_id, "user-2");
  EXPECT_EQ((*members)[2].membership.role, CompanyRole::kAdmin);
  EXPECT_EQ((*members)[2].email, "2@example.com");
  auto other = Read([&](auto& r) { return r.companies().ListMembers("c2"); });
  ASSERT_OK(other);
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].membership.user_id, "user-2");
}

TEST_P(StoreConformanceTest, SetRoleChangesOneMembershipAndCountOwnersFollows) {
  Seed(store(), 3);
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner)));
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c1", "user-2", CompanyRole::kMember)));
    return r.companies().AddMember(MakeMembership("c2", "user-2", CompanyRole::kOwner));
  }));
  auto owners = Read([&](auto& r) { return r.companies().CountOwners("c1"); });
  ASSERT_OK(owners);
  EXPECT_EQ(*owners, 1);

  ASSERT_OK(Write([&](auto& r) {
    return r.companies().SetRole("c1", "user-2", CompanyRole::kOwner, kNow + 9);
  }));
  auto changed = Read([&](auto& r) { return r.companies().FindMembership("c1", "user-2"); });
  ASSERT_OK(changed);
  EXPECT_EQ(changed->role, CompanyRole::kOwner);
  EXPECT_EQ(changed->created_at, kNow);
  EXPECT_EQ(changed->updated_at, kNow + 9);
  owners = Read([&](auto& r) { return r.companies().CountOwners("c1"); });
  ASSERT_OK(owners);
  EXPECT_EQ(*owners, 2);
  auto untouched = Read([&](auto& r) { return r.companies().FindMembership("c2", "user-2"); });
  ASSERT_OK(untouched);
  EXPECT_EQ(untouched->updated_at, kNow);

  EXPECT_ERROR(Write([&](auto& r) {
                 return r.companies().SetRole("c1", "user-3", CompanyRole::kAdmin, kNow);
               }),
               ErrorCode::kNotFound, "membership");
  auto none = Read([&](auto& r) { return r.companies().CountOwners("nope"); });
  ASSERT_OK(none);
  EXPECT_EQ(*none, 0);
}

TEST_P(StoreConformanceTest, LastActiveIsRecordedClearedAndRefusedForUnknownRows) {
  Seed(store(), 1);
  auto last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "");
  ASSERT_OK(Write([&](auto& r) { return r.companies().SetLastActive("user-1", "c2"); }));
  last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "c2");
  ASSERT_OK(Write([&](auto& r) { return r.companies().SetLastActive("user-1", ""); }));
  last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "");

  EXPECT_ERROR(Write([&](auto& r) { return r.companies().SetLastActive("nobody", "c1"); }),
               ErrorCode::kNotFound, "user");
  EXPECT_ERROR(Write([&](auto& r) { return r.companies().SetLastActive("user-1", "nope"); }),
               ErrorCode::kNotFound, "company");
  EXPECT_ERROR(Read([&](auto& r) { return r.companies().LastActive("nobody"); }),
               ErrorCode::kNotFound, "user");
}

TEST_P(StoreConformanceTest, LastActiveSurvivesProfileWritesOfTheUser) {
  Seed(store(), 1);
  ASSERT_OK(Write([&](auto& r) { return r.companies().SetLastActive("user-1", "c1"); }));
  core::User changed = MakeUser("1");
  changed.display_name = "Renamed";
  changed.updated_at = kNow + 1;
  ASSERT_OK(Write([&](auto& r) { return r.users().UpdateProfile(changed); }));
  ASSERT_OK(
      Write([&](auto& r) { return r.users().UpdatePassword("user-1", "$argon2id$x", kNow); }));
  auto last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "c1");
  auto user = Read([&](auto& r) { return r.users().FindById("user-1"); });
  ASSERT_OK(user);
  EXPECT_EQ(user->display_name, "Renamed");  // and the user row reads back whole
}

TEST_P(StoreConformanceTest, RemoveMemberClearsTheLastActiveCompanyOnlyWhenItWasThatOne) {
  Seed(store(), 2);
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner)));
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c2", "user-1", CompanyRole::kMember)));
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c1", "user-2", CompanyRole::kMember)));
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c2", "user-2", CompanyRole::kOwner)));
    RETURN_IF_ERROR(r.companies().SetLastActive("user-1", "c2"));
    return r.companies().SetLastActive("user-2", "c2");
  }));
  ASSERT_OK(Write([&](auto& r) { return r.companies().RemoveMember("c1", "user-1"); }));
  auto last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "c2");  // another company: kept
  EXPECT_ERROR(Read([&](auto& r) { return r.companies().FindMembership("c1", "user-1"); }),
               ErrorCode::kNotFound, "membership");

  ASSERT_OK(Write([&](auto& r) { return r.companies().RemoveMember("c2", "user-1"); }));
  last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "");
  last = Read([&](auto& r) { return r.companies().LastActive("user-2"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "c2");  // another user: kept

  EXPECT_ERROR(Write([&](auto& r) { return r.companies().RemoveMember("c1", "user-1"); }),
               ErrorCode::kNotFound, "membership");
  auto members = Read([&](auto& r) { return r.companies().ListMembers("c1"); });
  ASSERT_OK(members);
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].membership.user_id, "user-2");
}

TEST_P(StoreConformanceTest, DeletingACompanyDeletesEverythingThatBelongsToIt) {
  Seed(store(), 2);
  ASSERT_OK(Write([&](auto& r) -> Status {
    for (const char* company : {"c1", "c2"}) {
      const std::string c = company;
      RETURN_IF_ERROR(r.companies().AddMember(MakeMembership(c, "user-1", CompanyRole::kOwner)));
      RETURN_IF_ERROR(r.invites().Create(MakeInvite("i-" + c, c, "x@example.com")));
      RETURN_IF_ERROR(r.credentials().Create(MakeApiKey("k-" + c, c)));
      RETURN_IF_ERROR(r.credentials().Create(MakeToken("t-" + c, c, "user-1")));
      RETURN_IF_ERROR(r.permissions().AddName(c, PermissionNameKind::kVerb, "export"));
      RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
          "g-" + c, c, GrantSubject{GrantSubjectType::kRole, "admin"}, "users", "all", "read")));
      RETURN_IF_ERROR(r.permissions().AddGrant(
          MakeGrant("gk-" + c, c, GrantSubject{GrantSubjectType::kApiKey, "k-" + c}, "users", "all",
                    "export")));
    }
    RETURN_IF_ERROR(r.companies().SetLastActive("user-1", "c1"));
    RETURN_IF_ERROR(r.companies().SetLastActive("user-2", "c2"));
    return r.sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 3600));
  }));
  ASSERT_OK(Write([&](auto& r) { return r.sessions().SetCompany("s1", "c1"); }));

  ASSERT_OK(Write([&](auto& r) { return r.companies().Delete("c1"); }));

  EXPECT_ERROR(Read([&](auto& r) { return r.companies().Find("c1"); }), ErrorCode::kNotFound,
               "company");
  EXPECT_ERROR(Read([&](auto& r) { return r.companies().FindMembership("c1", "user-1"); }),
               ErrorCode::kNotFound, "membership");
  EXPECT_ERROR(Read([&](auto& r) { return r.invites().Find("h-i-c1"); }), ErrorCode::kNotFound,
               "invite");
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().Find("k-c1"); }), ErrorCode::kNotFound,
               "credential");
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().FindByHash("h-t-c1"); }),
               ErrorCode::kNotFound, "credential");
  auto names =
      Read([&](auto& r) { return r.permissions().ListNames("c1", PermissionNameKind::kVerb); });
  ASSERT_OK(names);
  EXPECT_TRUE(names->empty());
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_TRUE(grants->empty());
  auto last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "");
  // A session keeps naming the company; the core resolves a company that is gone.
  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_EQ(session->company_id, "c1");
  auto mine = Read([&](auto& r) { return r.companies().ListForUser("user-1"); });
  ASSERT_OK(mine);
  EXPECT_EQ(CompanyIds(*mine), (std::vector<std::string>{"c2"}));

  // The other company keeps everything.
  ASSERT_OK(Read([&](auto& r) { return r.companies().Find("c2"); }));
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-i-c2"); }));
  ASSERT_OK(Read([&](auto& r) { return r.credentials().Find("k-c2"); }));
  ASSERT_OK(Read([&](auto& r) { return r.credentials().Find("t-c2"); }));
  names = Read([&](auto& r) { return r.permissions().ListNames("c2", PermissionNameKind::kVerb); });
  ASSERT_OK(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"export"}));
  grants = Read([&](auto& r) { return r.permissions().ListGrants("c2", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"g-c2", "gk-c2"}));
  last = Read([&](auto& r) { return r.companies().LastActive("user-2"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "c2");

  EXPECT_ERROR(Write([&](auto& r) { return r.companies().Delete("c1"); }), ErrorCode::kNotFound,
               "company");
  // The id is free again.
  ASSERT_OK(Write([&](auto& r) { return r.companies().Create(MakeCompany("c1")); }));
}

TEST_P(StoreConformanceTest, DeletingAUserRemovesItsMembershipsTokensAndGrantsButKeepsCompanies) {
  Seed(store(), 2);
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner)));
    RETURN_IF_ERROR(r.companies().AddMember(MakeMembership("c1", "user-2", CompanyRole::kOwner)));
    core::CompanyInvite invite = MakeInvite("i1", "c1", "x@example.com");
    invite.invited_by = "user-1";
    RETURN_IF_ERROR(r.invites().Create(invite));
    core::Credential key = MakeApiKey("k1", "c1");
    key.created_by = "user-1";
    RETURN_IF_ERROR(r.credentials().Create(key));
    RETURN_IF_ERROR(r.credentials().Create(MakeToken("t1", "c1", "user-1")));
    RETURN_IF_ERROR(r.credentials().Create(MakeToken("t2", "c1", "user-2")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "gu1", "c1", GrantSubject{GrantSubjectType::kUser, "user-1"}, "users", "all", "read")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "gu2", "c1", GrantSubject{GrantSubjectType::kUser, "user-2"}, "users", "all", "read")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "gt1", "c1", GrantSubject{GrantSubjectType::kToken, "t1"}, "users", "own", "read")));
    RETURN_IF_ERROR(r.permissions().AddGrant(MakeGrant(
        "gk1", "c1", GrantSubject{GrantSubjectType::kApiKey, "k1"}, "users", "all", "read")));
    return r.companies().SetLastActive("user-1", "c1");
  }));

  ASSERT_OK(Write([&](auto& r) { return r.users().Delete("user-1"); }));

  auto company = Read([&](auto& r) { return r.companies().Find("c1"); });
  ASSERT_OK(company);
  EXPECT_EQ(company->created_by, "");
  auto invite = Read([&](auto& r) { return r.invites().Find("h-i1"); });
  ASSERT_OK(invite);
  EXPECT_EQ(invite->invited_by, "");
  auto key = Read([&](auto& r) { return r.credentials().Find("k1"); });
  ASSERT_OK(key);
  EXPECT_EQ(key->created_by, "");
  EXPECT_ERROR(Read([&](auto& r) { return r.credentials().Find("t1"); }), ErrorCode::kNotFound,
               "credential");
  ASSERT_OK(Read([&](auto& r) { return r.credentials().Find("t2"); }));
  auto members = Read([&](auto& r) { return r.companies().ListMembers("c1"); });
  ASSERT_OK(members);
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].membership.user_id, "user-2");
  auto grants = Read([&](auto& r) { return r.permissions().ListGrants("c1", std::nullopt); });
  ASSERT_OK(grants);
  EXPECT_EQ(Ids(*grants), (std::vector<std::string>{"gk1", "gu2"}));

  // The account's id can come back without inheriting anything.
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  auto last = Read([&](auto& r) { return r.companies().LastActive("user-1"); });
  ASSERT_OK(last);
  EXPECT_EQ(*last, "");
  auto mine = Read([&](auto& r) { return r.companies().ListForUser("user-1"); });
  ASSERT_OK(mine);
  EXPECT_TRUE(mine->empty());
}

TEST_P(StoreConformanceTest, AFailedMembershipChangeLeavesTheWriteUsable) {
  Seed(store(), 2);
  ASSERT_OK(Write([&](auto& r) {
    return r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kOwner));
  }));
  ASSERT_OK(store().Write([&](core::Repositories& r) -> Status {
    const auto dup = r.companies().AddMember(MakeMembership("c1", "user-1", CompanyRole::kMember));
    if (dup.ok() || dup.error().code != ErrorCode::kConflict) {
      return MakeError(ErrorCode::kInternal, "dup");
    }
    const auto orphan =
        r.companies().AddMember(MakeMembership("c1", "nobody", CompanyRole::kMember));
    if (orphan.ok() || orphan.error().code != ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kInternal, "orphan");
    }
    return r.companies().AddMember(MakeMembership("c1", "user-2", CompanyRole::kAdmin));
  }));
  auto members = Read([&](auto& r) { return r.companies().ListMembers("c1"); });
  ASSERT_OK(members);
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].membership.role, CompanyRole::kOwner);
  EXPECT_EQ((*members)[1].membership.role, CompanyRole::kAdmin);
}

TEST_P(StoreConformanceTest, ConcurrentDemotionsUnderLockKeepOneOwner) {
  // Each writer demotes one of two owners when, after Lock, another owner remains: exactly one
  // may succeed, whatever the backend's concurrency.
  constexpr int kRounds = 5;
  Seed(store(), 2);
  for (int round = 0; round < kRounds; ++round) {
    const std::string company = "race-" + std::to_string(round);
    ASSERT_OK(Write([&](auto& r) -> Status {
      RETURN_IF_ERROR(r.companies().Create(MakeCompany(company)));
      RETURN_IF_ERROR(
          r.companies().AddMember(MakeMembership(company, "user-1", CompanyRole::kOwner)));
      return r.companies().AddMember(MakeMembership(company, "user-2", CompanyRole::kOwner));
    }));
    std::latch start(2);
    std::atomic<int> demoted = 0;
    std::atomic<int> refused = 0;
    std::atomic<int> errors = 0;
    std::vector<std::thread> threads;
    for (const char* user : {"user-1", "user-2"}) {
      threads.emplace_back([&, user] {
        start.arrive_and_wait();
        auto done = store().WriteValue([&](core::Repositories& r) -> Result<bool> {
          RETURN_IF_ERROR(r.companies().Lock(company));
          ASSIGN_OR_RETURN(const int64_t owners, r.companies().CountOwners(company));
          if (owners < 2) return false;
          RETURN_IF_ERROR(r.companies().SetRole(company, user, CompanyRole::kAdmin, kNow + 1));
          return true;
        });
        if (!done.ok()) {
          ++errors;
        } else if (*done) {
          ++demoted;
        } else {
          ++refused;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(demoted.load(), 1) << company;
    EXPECT_EQ(refused.load(), 1) << company;
    EXPECT_EQ(errors.load(), 0) << company;
    auto owners = Read([&](auto& r) { return r.companies().CountOwners(company); });
    ASSERT_OK(owners);
    EXPECT_EQ(*owners, 1) << company;
  }
}

TEST_P(StoreConformanceTest, ListAllPagesThroughEveryCompanyById) {
  for (const char* id : {"c3", "c1", "c4", "c2"}) {
    ASSERT_OK(Write([&](auto& r) { return r.companies().Create(MakeCompany(id)); }));
  }
  const auto page = [&](const std::string& after, int64_t limit) {
    auto companies = Read([&](auto& r) { return r.companies().ListAll(after, limit); });
    EXPECT_TRUE(companies.ok());
    std::vector<std::string> ids;
    if (companies.ok()) {
      for (const auto& company : *companies) ids.push_back(company.id);
    }
    return ids;
  };
  EXPECT_EQ(page("", 3), (std::vector<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(page("c3", 3), (std::vector<std::string>{"c4"}));
  EXPECT_EQ(page("c4", 3), std::vector<std::string>{});
  EXPECT_EQ(page("c10", 2), (std::vector<std::string>{"c2", "c3"}));  // the cursor need not exist
  auto first = Read([&](auto& r) { return r.companies().ListAll("", 1); });
  ASSERT_OK(first);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(first->front().name, "Company c1");
  EXPECT_EQ(first->front().created_at, kNow);
}

}  // namespace
}  // namespace portcullis::store::conformance
