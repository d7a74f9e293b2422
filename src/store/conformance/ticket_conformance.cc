// TicketRepository conformance: one-time tickets created, taken once, superseded, purged, and
// deleted with their user. Every backend instantiates StoreConformanceTest; each test owns a store.
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::OneTimeTicket;
using core::TicketKind;

// Whether the ticket `hash` of `kind` is still there. Takes it, so it is a test's last look at it.
bool StillThere(core::Store& store, TicketKind kind, const std::string& hash) {
  auto taken =
      store.WriteValue([&](core::Repositories& r) { return r.tickets().Take(kind, hash); });
  if (!taken.ok()) {
    EXPECT_EQ(taken.error().code, ErrorCode::kNotFound) << hash;
  }
  return taken.ok();
}

TEST_P(StoreConformanceTest, OneTimeTicketIsTakenOnceWithEverythingItCarries) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  const OneTimeTicket ticket =
      MakeOneTimeTicket("h-activation", TicketKind::kActivation, "user-1", "1@example.com");
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, /*supersede=*/true); }));

  auto taken =
      Write([&](auto& r) { return r.tickets().Take(TicketKind::kActivation, "h-activation"); });
  ASSERT_OK(taken);
  EXPECT_EQ(taken->token_hash, ticket.token_hash);
  EXPECT_EQ(taken->kind, TicketKind::kActivation);
  EXPECT_EQ(taken->user_id, "user-1");
  EXPECT_EQ(taken->email, "1@example.com");
  EXPECT_EQ(taken->payload_json, ticket.payload_json);
  EXPECT_EQ(taken->created_at, kNow);
  EXPECT_EQ(taken->expires_at, kNow + 3600);

  EXPECT_ERROR(
      Write([&](auto& r) { return r.tickets().Take(TicketKind::kActivation, "h-activation"); }),
      ErrorCode::kNotFound, "ticket");
  EXPECT_ERROR(Write([&](auto& r) { return r.tickets().Take(TicketKind::kActivation, "never"); }),
               ErrorCode::kNotFound, "ticket");
}

TEST_P(StoreConformanceTest, FindReadsATicketOfItsKindWithoutTakingIt) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  OneTimeTicket ticket =
      MakeOneTimeTicket("h-reset", TicketKind::kPasswordReset, "user-1", "1@example.com");
  ticket.expires_at = kNow - 1;  // expiry is the caller's to judge: an expired ticket is found
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, true); }));
  for (int look = 0; look < 2; ++look) {
    auto found =
        Read([&](auto& r) { return r.tickets().Find(TicketKind::kPasswordReset, "h-reset"); });
    ASSERT_OK(found);
    EXPECT_EQ(found->token_hash, "h-reset");
    EXPECT_EQ(found->kind, TicketKind::kPasswordReset);
    EXPECT_EQ(found->user_id, "user-1");
    EXPECT_EQ(found->email, "1@example.com");
    EXPECT_EQ(found->payload_json, ticket.payload_json);
    EXPECT_EQ(found->created_at, kNow);
    EXPECT_EQ(found->expires_at, kNow - 1);
  }
  EXPECT_ERROR(Read([&](auto& r) { return r.tickets().Find(TicketKind::kActivation, "h-reset"); }),
               ErrorCode::kNotFound, "ticket");  // another kind
  EXPECT_ERROR(Read([&](auto& r) { return r.tickets().Find(TicketKind::kPasswordReset, "zz"); }),
               ErrorCode::kNotFound, "ticket");
  EXPECT_TRUE(StillThere(store(), TicketKind::kPasswordReset, "h-reset"));  // Find took nothing
  EXPECT_ERROR(
      Read([&](auto& r) { return r.tickets().Find(TicketKind::kPasswordReset, "h-reset"); }),
      ErrorCode::kNotFound, "ticket");  // gone once taken
}

TEST_P(StoreConformanceTest, OneTimeTicketWithoutUserKeepsItsAddress) {
  OneTimeTicket ticket =
      MakeOneTimeTicket("h-signup", TicketKind::kMagicLink, "", "zoë@example.com");
  ticket.payload_json = "{}";
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, /*supersede=*/false); }));
  auto taken = Write([&](auto& r) { return r.tickets().Take(TicketKind::kMagicLink, "h-signup"); });
  ASSERT_OK(taken);
  EXPECT_EQ(taken->user_id, "");
  EXPECT_EQ(taken->email, "zoë@example.com");
  EXPECT_EQ(taken->payload_json, "{}");
}

TEST_P(StoreConformanceTest, TakingAnotherKindIsNotFoundAndLeavesTheTicket) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(
        MakeOneTimeTicket("h1", TicketKind::kPasswordReset, "user-1", "1@example.com"), true);
  }));
  // A password-reset ticket cannot be spent as anything else, and trying does not spend it.
  for (TicketKind other :
       {TicketKind::kActivation, TicketKind::kMagicLink, TicketKind::kEmailChange,
        TicketKind::kInvite, TicketKind::kExchangeCode}) {
    EXPECT_ERROR(Write([&](auto& r) { return r.tickets().Take(other, "h1"); }),
                 ErrorCode::kNotFound, "ticket");
  }
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Take(TicketKind::kPasswordReset, "h1"); }));
}

TEST_P(StoreConformanceTest, OneTimeTicketCreateConflictsOnATakenHashAndRefusesAnUnknownUser) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  const OneTimeTicket ticket =
      MakeOneTimeTicket("h1", TicketKind::kActivation, "user-1", "1@example.com");
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, false); }));
  OneTimeTicket again = ticket;
  again.payload_json = R"({"second":true})";
  EXPECT_ERROR(Write([&](auto& r) { return r.tickets().Create(again, false); }),
               ErrorCode::kConflict, "ticket");
  // Superseding does not make a taken hash free: the first ticket stays as it was.
  EXPECT_ERROR(Write([&](auto& r) { return r.tickets().Create(again, true); }),
               ErrorCode::kConflict, "ticket");
  auto kept = Write([&](auto& r) { return r.tickets().Take(TicketKind::kActivation, "h1"); });
  ASSERT_OK(kept);
  EXPECT_EQ(kept->payload_json, ticket.payload_json);

  EXPECT_ERROR(Write([&](auto& r) {
                 return r.tickets().Create(
                     MakeOneTimeTicket("h2", TicketKind::kActivation, "nobody", "x@example.com"),
                     true);
               }),
               ErrorCode::kNotFound, "user");
}

TEST_P(StoreConformanceTest, AFailedTicketCreateLeavesTheWriteUsable) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(
        MakeOneTimeTicket("h1", TicketKind::kActivation, "user-1", "1@example.com"), false);
  }));
  // Each refused call is undone on its own; the rest of the Write commits.
  ASSERT_OK(store().Write([&](core::Repositories& r) -> Status {
    const auto dup = r.tickets().Create(
        MakeOneTimeTicket("h1", TicketKind::kActivation, "user-1", "1@example.com"), true);
    if (dup.ok() || dup.error().code != ErrorCode::kConflict)
      return MakeError(ErrorCode::kInternal, "dup");
    const auto orphan = r.tickets().Create(
        MakeOneTimeTicket("h2", TicketKind::kMagicLink, "nobody", "x@example.com"), true);
    if (orphan.ok() || orphan.error().code != ErrorCode::kNotFound)
      return MakeError(ErrorCode::kInternal, "orphan");
    return r.tickets().Create(
        MakeOneTimeTicket("h3", TicketKind::kMagicLink, "user-1", "1@example.com"), true);
  }));
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Take(TicketKind::kActivation, "h1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Take(TicketKind::kMagicLink, "h3"); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.tickets().Take(TicketKind::kMagicLink, "h2"); }),
               ErrorCode::kNotFound, "ticket");
}

TEST_P(StoreConformanceTest, ANewTicketSupersedesTheSameUsersTicketsOfItsKindOnly) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  const std::vector<OneTimeTicket> before = {
      MakeOneTimeTicket("a1", TicketKind::kPasswordReset, "user-1", "1@example.com"),
      MakeOneTimeTicket("a2", TicketKind::kPasswordReset, "user-1", "1@example.com"),
      MakeOneTimeTicket("r1", TicketKind::kActivation, "user-1", "1@example.com"),
      MakeOneTimeTicket("b1", TicketKind::kPasswordReset, "user-2", "2@example.com"),
      // No user, same address: not the same subject as user-1.
      MakeOneTimeTicket("n1", TicketKind::kPasswordReset, "", "1@example.com"),
  };
  for (const auto& ticket : before) {
    ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, /*supersede=*/false); }));
  }
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(
        MakeOneTimeTicket("a3", TicketKind::kPasswordReset, "user-1", "1@example.com"), true);
  }));
  EXPECT_FALSE(StillThere(store(), TicketKind::kPasswordReset, "a1"));
  EXPECT_FALSE(StillThere(store(), TicketKind::kPasswordReset, "a2"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kPasswordReset, "a3"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kActivation, "r1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kPasswordReset, "b1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kPasswordReset, "n1"));
}

TEST_P(StoreConformanceTest, WithoutSupersedeOlderTicketsStay) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  for (const char* hash : {"e1", "e2"}) {
    ASSERT_OK(Write([&](auto& r) {
      return r.tickets().Create(
          MakeOneTimeTicket(hash, TicketKind::kEmailChange, "user-1", "new@example.com"), false);
    }));
  }
  EXPECT_TRUE(StillThere(store(), TicketKind::kEmailChange, "e1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kEmailChange, "e2"));
}

TEST_P(StoreConformanceTest, ATicketWithoutUserSupersedesByAddress) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  const std::vector<OneTimeTicket> before = {
      MakeOneTimeTicket("x1", TicketKind::kMagicLink, "", "x@example.com"),
      MakeOneTimeTicket("y1", TicketKind::kMagicLink, "", "y@example.com"),
      MakeOneTimeTicket("xi", TicketKind::kInvite, "", "x@example.com"),
      // A user's ticket sent to the same address is another subject.
      MakeOneTimeTicket("u1", TicketKind::kMagicLink, "user-1", "x@example.com"),
  };
  for (const auto& ticket : before) {
    ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, /*supersede=*/false); }));
  }
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(MakeOneTimeTicket("x2", TicketKind::kMagicLink, "", "x@example.com"),
                              true);
  }));
  EXPECT_FALSE(StillThere(store(), TicketKind::kMagicLink, "x1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "x2"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "y1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kInvite, "xi"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "u1"));
}

TEST_P(StoreConformanceTest, AUsersTicketDoesNotSupersedeTicketsWithoutUser) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(MakeOneTimeTicket("n1", TicketKind::kMagicLink, "", "1@example.com"),
                              false);
  }));
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(
        MakeOneTimeTicket("u1", TicketKind::kMagicLink, "user-1", "1@example.com"), true);
  }));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "n1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "u1"));
}

TEST_P(StoreConformanceTest, DeleteForUserRemovesEveryKindOfThatUserOnly) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  const std::vector<OneTimeTicket> tickets = {
      MakeOneTimeTicket("a", TicketKind::kActivation, "user-1", "1@example.com"),
      MakeOneTimeTicket("b", TicketKind::kEmailChange, "user-1", "new@example.com"),
      MakeOneTimeTicket("c", TicketKind::kPasswordReset, "user-2", "2@example.com"),
      MakeOneTimeTicket("d", TicketKind::kMagicLink, "", "1@example.com"),
  };
  for (const auto& ticket : tickets) {
    ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, false); }));
  }
  ASSERT_OK(Write([&](auto& r) { return r.tickets().DeleteForUser("user-1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.tickets().DeleteForUser("user-1"); }));  // idempotent
  ASSERT_OK(Write([&](auto& r) { return r.tickets().DeleteForUser("nobody"); }));
  EXPECT_FALSE(StillThere(store(), TicketKind::kActivation, "a"));
  EXPECT_FALSE(StillThere(store(), TicketKind::kEmailChange, "b"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kPasswordReset, "c"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "d"));
}

TEST_P(StoreConformanceTest, DeletingAUserDeletesItsTicketsOnly) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  const std::vector<OneTimeTicket> tickets = {
      MakeOneTimeTicket("a", TicketKind::kActivation, "user-1", "1@example.com"),
      MakeOneTimeTicket("b", TicketKind::kPasswordReset, "user-1", "1@example.com"),
      MakeOneTimeTicket("c", TicketKind::kPasswordReset, "user-2", "2@example.com"),
      MakeOneTimeTicket("d", TicketKind::kMagicLink, "", "1@example.com"),
  };
  for (const auto& ticket : tickets) {
    ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, false); }));
  }
  ASSERT_OK(Write([&](auto& r) { return r.users().Delete("user-1"); }));
  EXPECT_FALSE(StillThere(store(), TicketKind::kActivation, "a"));
  EXPECT_FALSE(StillThere(store(), TicketKind::kPasswordReset, "b"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kPasswordReset, "c"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "d"));
}

TEST_P(StoreConformanceTest, PurgeExpiredDeletesTicketsThatExpiredBeforeTheGivenTime) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  for (int i = 0; i < 4; ++i) {
    OneTimeTicket ticket = MakeOneTimeTicket("p" + std::to_string(i), TicketKind::kMagicLink, "",
                                             std::to_string(i) + "@example.com");
    ticket.expires_at = kNow + 10 * i;  // p0 kNow, p1 kNow+10, p2 kNow+20, p3 kNow+30
    ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, false); }));
  }
  auto none = Write([&](auto& r) { return r.tickets().PurgeExpired(kNow); });
  ASSERT_OK(none);
  EXPECT_EQ(*none, 0);  // p0 expires at kNow, not before it
  auto purged = Write([&](auto& r) { return r.tickets().PurgeExpired(kNow + 20); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 2);
  EXPECT_FALSE(StillThere(store(), TicketKind::kMagicLink, "p0"));
  EXPECT_FALSE(StillThere(store(), TicketKind::kMagicLink, "p1"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "p2"));
  EXPECT_TRUE(StillThere(store(), TicketKind::kMagicLink, "p3"));
}

TEST_P(StoreConformanceTest, AnExpiredTicketIsStillTakenOnce) {
  OneTimeTicket ticket = MakeOneTimeTicket("old", TicketKind::kExchangeCode, "", "");
  ticket.expires_at = kNow - 1;
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Create(ticket, true); }));
  auto taken = Write([&](auto& r) { return r.tickets().Take(TicketKind::kExchangeCode, "old"); });
  ASSERT_OK(taken);
  EXPECT_EQ(taken->expires_at, kNow - 1);  // expiry is the caller's to judge
  EXPECT_ERROR(Write([&](auto& r) { return r.tickets().Take(TicketKind::kExchangeCode, "old"); }),
               ErrorCode::kNotFound, "ticket");
}

TEST_P(StoreConformanceTest, ConcurrentTakesOfOneTicketHaveExactlyOneWinner) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  for (int round = 0; round < 5; ++round) {
    const std::string hash = "race-" + std::to_string(round);
    ASSERT_OK(Write([&](auto& r) {
      return r.tickets().Create(
          MakeOneTimeTicket(hash, TicketKind::kMagicLink, "user-1", "1@example.com"), true);
    }));
    constexpr int kThreads = 8;
    std::latch start(kThreads);
    std::atomic<int> winners = 0;
    std::atomic<int> not_found = 0;
    std::atomic<int> errors = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        auto taken = Write([&](auto& r) { return r.tickets().Take(TicketKind::kMagicLink, hash); });
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
    EXPECT_EQ(winners.load(), 1) << hash;
    EXPECT_EQ(not_found.load(), kThreads - 1) << hash;
    EXPECT_EQ(errors.load(), 0) << hash;
  }
}

}  // namespace
}  // namespace portcullis::store::conformance
