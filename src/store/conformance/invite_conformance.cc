// InviteRepository conformance: invites created (the newest per address wins), listed, found,
// taken once, revoked and purged. Every backend instantiates StoreConformanceTest; each test owns
// a store.
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::CompanyInvite;
using core::CompanyRole;

void SeedCompanies(core::Store& store) {
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) -> Status {
                    RETURN_IF_ERROR(r.users().Create(MakeUser("1")));
                    RETURN_IF_ERROR(r.companies().Create(MakeCompany("c1", "user-1")));
                    return r.companies().Create(MakeCompany("c2"));
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, InviteIsStoredWithEverythingItCarries) {
  SeedCompanies(store());
  CompanyInvite invite = MakeInvite("i1", "c1", "zoë@example.com");
  invite.role = CompanyRole::kOwner;
  invite.invited_by = "user-1";
  ASSERT_OK(Write([&](auto& r) { return r.invites().Create(invite); }));
  auto found = Read([&](auto& r) { return r.invites().Find("h-i1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->id, "i1");
  EXPECT_EQ(found->company_id, "c1");
  EXPECT_EQ(found->email, "zoë@example.com");
  EXPECT_EQ(found->role, CompanyRole::kOwner);
  EXPECT_EQ(found->invited_by, "user-1");
  EXPECT_EQ(found->token_hash, "h-i1");
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->expires_at, kNow + 86400);
  // Find takes nothing.
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-i1"); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.invites().Find("h-never"); }), ErrorCode::kNotFound,
               "invite");
}

TEST_P(StoreConformanceTest, InviteCreateConflictsOnATakenIdOrHashAndRefusesUnknownRows) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) { return r.invites().Create(MakeInvite("i1", "c1", "a@x.org")); }));
  CompanyInvite same_id = MakeInvite("i1", "c2", "b@x.org");
  same_id.token_hash = "h-other";
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Create(same_id); }), ErrorCode::kConflict,
               "invite");
  CompanyInvite same_hash = MakeInvite("i2", "c2", "b@x.org");
  same_hash.token_hash = "h-i1";
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Create(same_hash); }), ErrorCode::kConflict,
               "invite");
  // A taken hash for the same address does not supersede the invite that has it.
  CompanyInvite same_hash_same_address = MakeInvite("i3", "c1", "a@x.org");
  same_hash_same_address.token_hash = "h-i1";
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Create(same_hash_same_address); }),
               ErrorCode::kConflict, "invite");
  auto kept = Read([&](auto& r) { return r.invites().Find("h-i1"); });
  ASSERT_OK(kept);
  EXPECT_EQ(kept->id, "i1");

  EXPECT_ERROR(
      Write([&](auto& r) { return r.invites().Create(MakeInvite("i4", "nope", "a@x.org")); }),
      ErrorCode::kNotFound, "company");
  CompanyInvite by_nobody = MakeInvite("i5", "c1", "c@x.org");
  by_nobody.invited_by = "nobody";
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Create(by_nobody); }), ErrorCode::kNotFound,
               "user");
}

TEST_P(StoreConformanceTest, ANewInviteSupersedesTheCompanysInviteToTheSameAddressOnly) {
  SeedCompanies(store());
  for (const auto& invite : {MakeInvite("a1", "c1", "a@x.org"), MakeInvite("b1", "c1", "b@x.org"),
                             MakeInvite("a2", "c2", "a@x.org")}) {
    ASSERT_OK(Write([&](auto& r) { return r.invites().Create(invite); }));
  }
  ASSERT_OK(Write(
      [&](auto& r) { return r.invites().Create(MakeInvite("a3", "c1", "a@x.org", kNow + 1)); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.invites().Find("h-a1"); }), ErrorCode::kNotFound,
               "invite");
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-a3"); }));
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-b1"); }));
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-a2"); }));
}

TEST_P(StoreConformanceTest, ListForCompanyGivesItsInvitesNewestFirstExpiredOnesToo) {
  SeedCompanies(store());
  CompanyInvite expired = MakeInvite("i-old", "c1", "old@x.org", kNow - 100000);
  const std::vector<CompanyInvite> invites = {MakeInvite("i2", "c1", "b@x.org", kNow + 5),
                                              MakeInvite("i1", "c1", "a@x.org", kNow + 5),
                                              MakeInvite("i3", "c1", "c@x.org", kNow + 9), expired,
                                              MakeInvite("j1", "c2", "a@x.org", kNow + 20)};
  for (const auto& invite : invites) {
    ASSERT_OK(Write([&](auto& r) { return r.invites().Create(invite); }));
  }
  auto listed = Read([&](auto& r) { return r.invites().ListForCompany("c1"); });
  ASSERT_OK(listed);
  EXPECT_EQ(Ids(*listed), (std::vector<std::string>{"i3", "i1", "i2", "i-old"}));
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].email, "c@x.org");
  EXPECT_EQ((*listed)[0].role, CompanyRole::kAdmin);
  auto none = Read([&](auto& r) { return r.invites().ListForCompany("nope"); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformanceTest, InviteIsTakenOnceAndAnExpiredOneToo) {
  SeedCompanies(store());
  CompanyInvite expired = MakeInvite("i1", "c1", "a@x.org", kNow - 100000);
  ASSERT_OK(Write([&](auto& r) { return r.invites().Create(expired); }));
  auto taken = Write([&](auto& r) { return r.invites().Take("h-i1"); });
  ASSERT_OK(taken);
  EXPECT_EQ(taken->id, "i1");
  EXPECT_EQ(taken->company_id, "c1");
  EXPECT_EQ(taken->email, "a@x.org");
  EXPECT_EQ(taken->expires_at, kNow - 100000 + 86400);  // expiry is the caller's to judge
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Take("h-i1"); }), ErrorCode::kNotFound,
               "invite");
  EXPECT_ERROR(Read([&](auto& r) { return r.invites().Find("h-i1"); }), ErrorCode::kNotFound,
               "invite");
}

TEST_P(StoreConformanceTest, InviteDeleteRevokesOnlyTheNamedCompanysInvite) {
  SeedCompanies(store());
  ASSERT_OK(Write([&](auto& r) { return r.invites().Create(MakeInvite("i1", "c1", "a@x.org")); }));
  ASSERT_OK(Write([&](auto& r) { return r.invites().Create(MakeInvite("i2", "c1", "b@x.org")); }));
  // Another company cannot revoke it.
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Delete("c2", "i1"); }), ErrorCode::kNotFound,
               "invite");
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-i1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.invites().Delete("c1", "i1"); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.invites().Find("h-i1"); }), ErrorCode::kNotFound,
               "invite");
  EXPECT_ERROR(Write([&](auto& r) { return r.invites().Delete("c1", "i1"); }), ErrorCode::kNotFound,
               "invite");
  ASSERT_OK(Read([&](auto& r) { return r.invites().Find("h-i2"); }));
}

TEST_P(StoreConformanceTest, InvitePurgeExpiredDeletesThoseThatExpiredBeforeTheGivenTime) {
  SeedCompanies(store());
  for (int i = 0; i < 4; ++i) {
    CompanyInvite invite = MakeInvite("p" + std::to_string(i), "c1", std::to_string(i) + "@x.org");
    invite.expires_at = kNow + 10 * i;
    ASSERT_OK(Write([&](auto& r) { return r.invites().Create(invite); }));
  }
  auto none = Write([&](auto& r) { return r.invites().PurgeExpired(kNow); });
  ASSERT_OK(none);
  EXPECT_EQ(*none, 0);
  auto purged = Write([&](auto& r) { return r.invites().PurgeExpired(kNow + 20); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 2);
  auto left = Read([&](auto& r) { return r.invites().ListForCompany("c1"); });
  ASSERT_OK(left);
  EXPECT_EQ(Ids(*left), (std::vector<std::string>{"p2", "p3"}));
}

TEST_P(StoreConformanceTest, ConcurrentTakesOfOneInviteHaveExactlyOneWinner) {
  SeedCompanies(store());
  for (int round = 0; round < 5; ++round) {
    const std::string id = "race-" + std::to_string(round);
    ASSERT_OK(
        Write([&](auto& r) { return r.invites().Create(MakeInvite(id, "c1", id + "@x.org")); }));
    constexpr int kThreads = 8;
    std::latch start(kThreads);
    std::atomic<int> winners = 0;
    std::atomic<int> not_found = 0;
    std::atomic<int> errors = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        auto taken = Write([&](auto& r) { return r.invites().Take("h-" + id); });
        if (taken.ok()) {
          ++winners;
        } else if (taken.error().code == ErrorCode::kNotFound) {
          ++not_found;
        } else {
          ++errors;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(winners.load(), 1) << id;
    EXPECT_EQ(not_found.load(), kThreads - 1) << id;
    EXPECT_EQ(errors.load(), 0) << id;
  }
}

}  // namespace
}  // namespace portcullis::store::conformance
