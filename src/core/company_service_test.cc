// Tests of companies on the memory store: founding at registration, the active company in tokens
// and its fallback, roles decided by the Authorizer, the last-owner rule (also under concurrent
// demotions), switching companies.
#include "core/company_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/testing/company_fixture.h"

namespace portcullis::core {
namespace {

using CompanyServiceTest = testing::CompanyFixture;

TEST_F(CompanyServiceTest, RegistrationFoundsACompanyWhoseOwnerTheSessionStartsIn) {
  const IssuedTokens alice = Register("alice@example.com");
  ASSERT_TRUE(alice.company.has_value());
  EXPECT_EQ(alice.company->role, CompanyRole::kOwner);
  EXPECT_EQ(alice.session.company_id, alice.company->company_id);
  auto mine = companies.ListMine(As(alice));
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().company.name, "alice@example.com");
  EXPECT_EQ(mine->front().role, CompanyRole::kOwner);
}

TEST_F(CompanyServiceTest, WithoutCreateCompanyOnSignupTheAccountStartsInNoCompany) {
  CompanyEnrollment none{CompanyPolicy{.create_company_on_signup = false}, tokens, random};
  AccountService accounts_without{store,   hasher,  sessions, random, clock,
                                  nullptr, nullptr, nullptr,  &none};
  Registration r;
  r.email = "bob@example.com";
  r.password = "correct horse";
  auto bob = accounts_without.Register(r, client);
  ASSERT_TRUE(bob.ok());
  EXPECT_FALSE(bob->company.has_value());
  EXPECT_TRUE(bob->session.company_id.empty());
}

TEST_F(CompanyServiceTest, AForeignCompanyDoesNotExistForTheCaller) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens mallory = Register("mallory@example.com");
  const std::string theirs = CompanyOf(alice);
  const Principal m = As(mallory);
  EXPECT_EQ(companies.Get(m, theirs).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(companies.Rename(m, theirs, "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(companies.Delete(m, theirs).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(companies.Members(m, theirs).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(companies.ChangeRole(m, theirs, alice.user.id, CompanyRole::kMember).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(companies.RemoveMember(m, theirs, alice.user.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(companies.Leave(m, theirs).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(invites.Pending(m, theirs).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(switcher.Switch(m, theirs).error().code, ErrorCode::kNotFound);
}

TEST_F(CompanyServiceTest, MembersMayLookAdminsManageOnlyOwnersMakeOwners) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const IssuedTokens carol = Register("carol@example.com");
  const std::string company = CompanyOf(alice);
  Join(company, As(alice), bob, CompanyRole::kAdmin);
  Join(company, As(alice), carol, CompanyRole::kMember);

  EXPECT_TRUE(companies.Members(As(carol), company).ok());
  EXPECT_EQ(companies.Rename(As(carol), company, "Carol's").error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(companies.Rename(As(bob), company, "Acme").ok());
  EXPECT_EQ(companies.Get(As(carol), company)->company.name, "Acme");
  // An admin may not make an owner, nor touch one; an owner may.
  EXPECT_EQ(companies.ChangeRole(As(bob), company, carol.user.id, CompanyRole::kOwner).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(companies.RemoveMember(As(bob), company, alice.user.id).error().code,
            ErrorCode::kForbidden);
  EXPECT_TRUE(companies.ChangeRole(As(bob), company, carol.user.id, CompanyRole::kAdmin).ok());
  EXPECT_TRUE(companies.ChangeRole(As(alice), company, carol.user.id, CompanyRole::kOwner).ok());
  EXPECT_EQ(companies.Delete(As(bob), company).error().code, ErrorCode::kForbidden);
  // Removal counts at once: the next question reads the store.
  EXPECT_TRUE(companies.RemoveMember(As(carol), company, bob.user.id).ok());
  EXPECT_EQ(companies.Members(As(bob), company).error().code, ErrorCode::kNotFound);
}

TEST_F(CompanyServiceTest, TheLastOwnerCannotBeDemotedRemovedOrLeave) {
  const IssuedTokens alice = Register("alice@example.com");
  const std::string company = CompanyOf(alice);
  auto demoted = companies.ChangeRole(As(alice), company, alice.user.id, CompanyRole::kAdmin);
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().code, ErrorCode::kConflict);
  EXPECT_EQ(demoted.error().reason, Reason::kLastOwner);
  EXPECT_EQ(companies.Leave(As(alice), company).error().reason, Reason::kLastOwner);
  EXPECT_EQ(companies.RemoveMember(As(alice), company, alice.user.id).error().reason,
            Reason::kLastOwner);
}

TEST_F(CompanyServiceTest, OfTwoConcurrentDemotionsOfTheLastTwoOwnersOnlyOneWins) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const std::string company = CompanyOf(alice);
  Join(company, As(alice), bob, CompanyRole::kOwner);
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> won{0};
    std::atomic<int> refused{0};
    std::thread a([&] {
      auto r = companies.ChangeRole(As(alice), company, bob.user.id, CompanyRole::kMember);
      (r.ok() ? won : refused)++;
    });
    std::thread b([&] {
      auto r = companies.ChangeRole(As(bob), company, alice.user.id, CompanyRole::kMember);
      (r.ok() ? won : refused)++;
    });
    a.join();
    b.join();
    EXPECT_EQ(won.load(), 1);
    EXPECT_EQ(refused.load(), 1);
    auto owners = store.ReadValue(
        [&](Repositories& repos) { return repos.companies().CountOwners(company); });
    ASSERT_TRUE(owners.ok());
    EXPECT_EQ(*owners, 1);
    // Back to two owners for the next round.
    const bool alice_owns =
        companies.ChangeRole(As(alice), company, bob.user.id, CompanyRole::kOwner).ok();
    if (!alice_owns) {
      ASSERT_TRUE(companies.ChangeRole(As(bob), company, alice.user.id, CompanyRole::kOwner).ok());
    }
  }
}

TEST_F(CompanyServiceTest, DeletingNeedsAnOwnerAndARecentAuthentication) {
  const IssuedTokens alice = Register("alice@example.com");
  const std::string company = CompanyOf(alice);
  Principal stale = As(alice);
  stale.auth_time = clock.NowSeconds() - 3600;
  EXPECT_EQ(companies.Delete(stale, company).error().code, ErrorCode::kStepUpRequired);
  ASSERT_TRUE(companies.Delete(As(alice), company).ok());
  EXPECT_EQ(companies.Get(As(alice), company).error().code, ErrorCode::kNotFound);
}

TEST_F(CompanyServiceTest, RefreshFallsBackWhenTheMemberWasRemoved) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const std::string company = CompanyOf(alice);
  Join(company, As(alice), bob, CompanyRole::kAdmin);
  auto switched = switcher.Switch(As(bob), company);
  ASSERT_TRUE(switched.ok());
  ASSERT_TRUE(switched->company.has_value());
  EXPECT_EQ(switched->company->company_id, company);
  EXPECT_EQ(switched->company->role, CompanyRole::kAdmin);
  EXPECT_TRUE(switched->refresh_token.empty());

  auto kept = sessions.Refresh(bob.refresh_token);
  ASSERT_TRUE(kept.ok());
  ASSERT_TRUE(kept->company.has_value());
  EXPECT_EQ(kept->company->company_id, company);

  ASSERT_TRUE(companies.RemoveMember(As(alice), company, bob.user.id).ok());
  auto fallen_back = sessions.Refresh(kept->refresh_token);
  ASSERT_TRUE(fallen_back.ok());
  ASSERT_TRUE(fallen_back->company.has_value());
  EXPECT_EQ(fallen_back->company->company_id, CompanyOf(bob));
  EXPECT_EQ(fallen_back->company->role, CompanyRole::kOwner);
}

TEST_F(CompanyServiceTest, ALoginStartsInTheCompanyUsedLast) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const std::string company = CompanyOf(alice);
  Join(company, As(alice), bob, CompanyRole::kMember);
  auto first = Opened(enrolling.Login({"bob@example.com", "", "correct horse", {}}, client));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->company->company_id, CompanyOf(bob));
  ASSERT_TRUE(switcher.Switch(As(bob), company).ok());
  auto second = Opened(enrolling.Login({"bob@example.com", "", "correct horse", {}}, client));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->company->company_id, company);
  EXPECT_EQ(second->company->role, CompanyRole::kMember);
}

TEST_F(CompanyServiceTest, ASwitchIsInTheCompanysAuditLog) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const std::string company = CompanyOf(alice);
  Join(company, As(alice), bob, CompanyRole::kMember);
  ASSERT_TRUE(switcher.Switch(As(bob), company).ok());
  EXPECT_EQ(CompanyEventTypes(company).back(), "company_switched");
}

TEST_F(CompanyServiceTest, DeletingAnAccountHandsItsSoleOwnedCompaniesOver) {
  const IssuedTokens alice = Register("alice@example.com");
  const IssuedTokens bob = Register("bob@example.com");
  const IssuedTokens carol = Register("carol@example.com");
  const std::string shared = CompanyOf(alice);
  const std::string alone = companies.Create(As(alice), "Alone")->company.id;
  Join(shared, As(alice), carol, CompanyRole::kMember);  // older than bob's membership
  clock.Advance(1);
  Join(shared, As(alice), bob, CompanyRole::kAdmin);

  Principal deleting = As(alice);
  ASSERT_TRUE(deletions->Delete(deleting, client).ok());
  // The oldest admin (not the older plain member) becomes owner; the company alice was alone in
  // is gone.
  auto members = companies.Members(As(bob), shared);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 2u);
  for (const Member& m : *members) {
    EXPECT_EQ(m.membership.role,
              m.membership.user_id == bob.user.id ? CompanyRole::kOwner : CompanyRole::kMember);
  }
  auto gone = store.ReadValue([&](Repositories& repos) { return repos.companies().Find(alone); });
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace portcullis::core
