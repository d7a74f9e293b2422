// Tests of ExpiredTicketPurger: deletes one-time tickets, invites and MFA tickets once they are
// dead (and only then), reports failures once per outage, and purges on its own thread until
// stopped.
#include "core/expired_ticket_purger.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

using namespace std::chrono_literals;

class ExpiredTicketPurgerTest : public testing::ServiceFixture {
 protected:
  // A one-time ticket `hash` with no user (as a decoy for an unknown address is) that lives
  // `ttl` seconds from now.
  void AddOneTimeTicket(const std::string& hash, int64_t ttl) {
    OneTimeTicket ticket;
    ticket.token_hash = hash;
    ticket.kind = TicketKind::kMagicLink;
    ticket.email = hash + "@example.com";
    ticket.created_at = clock.NowSeconds();
    ticket.expires_at = clock.NowSeconds() + ttl;
    ASSERT_TRUE(store.Write([&](Repositories& r) { return r.tickets().Create(ticket, false); }));
  }
  void AddMfaTicket(const std::string& hash, const std::string& user_id, int64_t ttl) {
    MfaTicket ticket;
    ticket.hash = hash;
    ticket.user_id = user_id;
    ticket.created_at = clock.NowSeconds();
    ticket.expires_at = clock.NowSeconds() + ttl;
    ASSERT_TRUE(store.Write([&](Repositories& r) { return r.mfa().CreateTicket(ticket); }));
  }
  bool OneTimeTicketThere(const std::string& hash) {
    return store
        .ReadValue([&](Repositories& r) { return r.tickets().Find(TicketKind::kMagicLink, hash); })
        .ok();
  }
  // A company with an invite `hash` that lives `ttl` seconds from now.
  void AddInvite(const std::string& hash, int64_t ttl) {
    Company company;
    company.id = "company-" + hash;
    company.name = "Acme";
    company.created_at = clock.NowSeconds();
    CompanyInvite invite;
    invite.id = "invite-" + hash;
    invite.company_id = company.id;
    invite.email = hash + "@example.com";
    invite.token_hash = hash;
    invite.created_at = clock.NowSeconds();
    invite.expires_at = clock.NowSeconds() + ttl;
    ASSERT_TRUE(store.Write([&](Repositories& r) -> Status {
      RETURN_IF_ERROR(r.companies().Create(company));
      return r.invites().Create(invite);
    }));
  }
  bool InviteThere(const std::string& hash) {
    return store.ReadValue([&](Repositories& r) { return r.invites().Find(hash); }).ok();
  }
  bool MfaTicketThere(const std::string& hash) {
    return store.ReadValue([&](Repositories& r) { return r.mfa().FindTicket(hash); }).ok();
  }
};

TEST_F(ExpiredTicketPurgerTest, DeletesDeadTicketsAndInvitesOnly) {
  const std::string alice = RegisterAlice().user.id;
  AddOneTimeTicket("short", 60);
  AddOneTimeTicket("long", 3600);
  AddMfaTicket("mfa-short", alice, 60);
  AddMfaTicket("mfa-long", alice, 3600);
  AddInvite("invite-short", 60);
  AddInvite("invite-long", 3600);
  ExpiredTicketPurger purger(store, clock);

  auto none = purger.PurgeOnce();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  clock.Advance(59);  // a second of life left: kept
  EXPECT_EQ(*purger.PurgeOnce(), 0);
  EXPECT_TRUE(OneTimeTicketThere("short"));
  EXPECT_TRUE(MfaTicketThere("mfa-short"));

  clock.Advance(1);                   // now == expires_at: refused by every redeemer, so purged
  EXPECT_EQ(*purger.PurgeOnce(), 2);  // the one-time ticket and the invite
  EXPECT_FALSE(OneTimeTicketThere("short"));
  EXPECT_FALSE(MfaTicketThere("mfa-short"));
  EXPECT_FALSE(InviteThere("invite-short"));
  EXPECT_TRUE(InviteThere("invite-long"));
  EXPECT_TRUE(OneTimeTicketThere("long"));
  EXPECT_TRUE(MfaTicketThere("mfa-long"));
}

TEST_F(ExpiredTicketPurgerTest, ReportsWhenPurgesStartFailingAndWhenTheyRecover) {
  std::vector<bool> reports;
  ExpiredTicketPurger purger(store, clock, [&](const Status& s) { reports.push_back(s.ok()); });
  store.FailWith(MakeError(ErrorCode::kUnavailable, "database down"));
  EXPECT_FALSE(purger.PurgeOnce().ok());
  EXPECT_FALSE(purger.PurgeOnce().ok());  // once per outage, not per purge
  store.FailWith(std::nullopt);
  EXPECT_TRUE(purger.PurgeOnce().ok());
  EXPECT_TRUE(purger.PurgeOnce().ok());
  EXPECT_EQ(reports, (std::vector<bool>{false, true}));
}

TEST_F(ExpiredTicketPurgerTest, PurgesOnItsOwnThreadUntilStopped) {
  AddOneTimeTicket("decoy", 60);
  ExpiredTicketPurger purger(store, clock);
  purger.Start(10ms);
  clock.Advance(61);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (OneTimeTicketThere("decoy") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_FALSE(OneTimeTicketThere("decoy"));
  purger.Stop();
  AddOneTimeTicket("after-stop", 60);
  clock.Advance(61);
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(OneTimeTicketThere("after-stop"));  // stopped: nothing purges it any more
}

}  // namespace
}  // namespace portcullis::core
