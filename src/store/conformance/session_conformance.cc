// SessionRepository conformance: sessions, refresh rotation and its races, revocation, step-up.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::Session;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST_P(StoreConformanceTest, CreatesAndFindsSessionWithItsRefreshState) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  const Session session = MakeSession("s1", "user-1", kNow, kNow + 3600);
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Create(session); }));

  auto found = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(found);
  ExpectSameSession(*found, session);
  EXPECT_EQ(found->refresh_counter, 0);
  EXPECT_EQ(found->rotated_at, 0);
  EXPECT_EQ(found->previous_hash, "");
}

TEST_P(StoreConformanceTest, MissingSessionIsNotFound) {
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("nope"); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, SessionCreateRejectsUnknownUserAndTakenId) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Create(MakeSession("s0", "user-x", kNow, kNow + 60));
               }),
               ErrorCode::kNotFound, "user");
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s0"); }).error().code,
            ErrorCode::kNotFound);

  ASSERT_OK(Write(
      [&](auto& r) { return r.sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60)); }));
  Session again = MakeSession("s1", "user-1", kNow + 5, kNow + 99);
  again.refresh_hash = "another";
  EXPECT_ERROR(Write([&](auto& r) { return r.sessions().Create(again); }), ErrorCode::kConflict,
               "session");
  ExpectSameSession(*Read([&](auto& r) { return r.sessions().FindSession("s1"); }),
                    MakeSession("s1", "user-1", kNow, kNow + 60));
}

TEST_P(StoreConformanceTest, RotateMovesTheCounterOnAndSlidesTheSession) {
  CreateUserAndSession("s1", "h1");
  auto rotated = Write([&](auto& r) {
    return r.sessions().Rotate("s1", MakeRotation(0, "h2", kNow + 100, kNow + 7200));
  });
  ASSERT_OK(rotated);
  EXPECT_TRUE(*rotated);

  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_EQ(session->refresh_counter, 1);
  EXPECT_EQ(session->refresh_hash, "h2");
  EXPECT_EQ(session->previous_hash, "h1");
  EXPECT_EQ(session->rotated_at, kNow + 100);
  EXPECT_EQ(session->last_refreshed_at, kNow + 100);
  EXPECT_EQ(session->expires_at, kNow + 7200);
  // The rest of the row stays as it was.
  Session expected = MakeSession("s1", "user-1", kNow, kNow + 3600);
  EXPECT_EQ(session->created_at, expected.created_at);
  EXPECT_EQ(session->auth_time, expected.auth_time);
  EXPECT_EQ(session->refresh_key, expected.refresh_key);
  EXPECT_EQ(session->amr, expected.amr);

  // The chain continues from the new counter.
  auto again = Write([&](auto& r) {
    return r.sessions().Rotate("s1", MakeRotation(1, "h3", kNow + 200, kNow + 9000));
  });
  ASSERT_OK(again);
  EXPECT_TRUE(*again);
  session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  EXPECT_EQ(session->refresh_counter, 2);
  EXPECT_EQ(session->refresh_hash, "h3");
  EXPECT_EQ(session->previous_hash, "h2");
}

TEST_P(StoreConformanceTest, RotateFromASpentCounterReturnsFalseAndChangesNothing) {
  CreateUserAndSession("s1", "h1");
  auto first = Write([&](auto& r) {
    return r.sessions().Rotate("s1", MakeRotation(0, "h2", kNow + 10, kNow + 7200));
  });
  ASSERT_OK(first);
  ASSERT_TRUE(*first);
  auto before = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(before);

  for (int64_t spent : {0, 2, 7}) {
    auto stale = Write([&](auto& r) {
      return r.sessions().Rotate("s1", MakeRotation(spent, "h3", kNow + 20, kNow + 9999));
    });
    ASSERT_OK(stale);
    EXPECT_FALSE(*stale) << spent;
  }
  ExpectSameSession(*Read([&](auto& r) { return r.sessions().FindSession("s1"); }), *before);
}

TEST_P(StoreConformanceTest, RotateRefusesARevokedSessionAndAnUnknownOne) {
  CreateUserAndSession("s1", "h1");
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("s1", kNow + 1); }));
  auto revoked = Write([&](auto& r) {
    return r.sessions().Rotate("s1", MakeRotation(0, "h2", kNow + 2, kNow + 7200));
  });
  ASSERT_OK(revoked);
  EXPECT_FALSE(*revoked);
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s1"); })->refresh_hash, "h1");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Rotate("nope", MakeRotation(0, "h2", kNow, kNow + 60));
               }),
               ErrorCode::kNotFound, "session");
}

TEST_P(StoreConformanceTest, RevokeIsIdempotentAndKeepsFirstTime) {
  CreateUserAndSession("s1", "h1");
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("s1", kNow + 5); }));
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("s1", kNow + 50); }));
  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_EQ(session->revoked_at, kNow + 5);
  EXPECT_EQ(Write([&](auto& r) { return r.sessions().Revoke("nope", kNow); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, RevokeAllForUserRevokesLiveSessionsExceptKept) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  CreateSession("a", "user-1", kNow, kNow + 100);
  CreateSession("b", "user-1", kNow, kNow + 100);
  CreateSession("keep", "user-1", kNow, kNow + 100);
  CreateSession("gone", "user-1", kNow, kNow + 100);
  CreateSession("expired", "user-1", kNow, kNow - 1);
  CreateSession("other", "user-2", kNow, kNow + 100);
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("gone", kNow - 10); }));

  auto revoked =
      Write([&](auto& r) { return r.sessions().RevokeAllForUser("user-1", "keep", kNow); });
  ASSERT_OK(revoked);
  EXPECT_THAT(*revoked, UnorderedElementsAre("a", "b"));
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("a"); })->revoked_at, kNow);
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("b"); })->revoked_at, kNow);
  EXPECT_FALSE(
      Read([&](auto& r) { return r.sessions().FindSession("keep"); })->revoked_at.has_value());
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("gone"); })->revoked_at, kNow - 10);
  EXPECT_FALSE(
      Read([&](auto& r) { return r.sessions().FindSession("other"); })->revoked_at.has_value());

  // Without a kept session, the rest goes too; nothing is revoked twice.
  auto rest = Write([&](auto& r) { return r.sessions().RevokeAllForUser("user-1", "", kNow + 1); });
  ASSERT_OK(rest);
  EXPECT_THAT(*rest, ElementsAre("keep"));
  auto none = Write([&](auto& r) { return r.sessions().RevokeAllForUser("nobody", "", kNow); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformanceTest, RevokeOldestBeyondCapsLiveSessionsOldestFirst) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  CreateSession("d", "user-1", kNow - 10, kNow + 100);
  CreateSession("b", "user-1", kNow - 30, kNow + 100);
  CreateSession("c", "user-1", kNow - 30, kNow + 100);  // same second as b: the id breaks the tie
  CreateSession("a", "user-1", kNow - 40, kNow + 100);
  CreateSession("old-expired", "user-1", kNow - 90, kNow - 1);  // neither live nor counted
  CreateSession("old-revoked", "user-1", kNow - 90, kNow + 100);
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("old-revoked", kNow - 5); }));
  CreateSession("other", "user-2", kNow - 99, kNow + 100);

  // Four live sessions, a cap of 5: room for one more, nothing revoked.
  auto none = Write([&](auto& r) { return r.sessions().RevokeOldestBeyond("user-1", 5, kNow); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  // A cap of 4: the oldest goes so that three stay and the new one is the fourth.
  auto one = Write([&](auto& r) { return r.sessions().RevokeOldestBeyond("user-1", 4, kNow); });
  ASSERT_OK(one);
  EXPECT_THAT(*one, ElementsAre("a"));
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("a"); })->revoked_at, kNow);
  // A cap of 2: the next two oldest, b before c.
  auto two = Write([&](auto& r) { return r.sessions().RevokeOldestBeyond("user-1", 2, kNow + 1); });
  ASSERT_OK(two);
  EXPECT_THAT(*two, UnorderedElementsAre("b", "c"));
  auto live = Read([&](auto& r) { return r.sessions().ListActive("user-1", kNow + 1); });
  ASSERT_OK(live);
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ(live->front().id, "d");
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("old-revoked"); })->revoked_at,
            kNow - 5);  // an already revoked session keeps its time
  // A cap of 1 leaves none live; other users are untouched.
  auto all = Write([&](auto& r) { return r.sessions().RevokeOldestBeyond("user-1", 1, kNow + 2); });
  ASSERT_OK(all);
  EXPECT_THAT(*all, ElementsAre("d"));
  EXPECT_FALSE(
      Read([&](auto& r) { return r.sessions().FindSession("other"); })->revoked_at.has_value());
  auto nobody = Write([&](auto& r) { return r.sessions().RevokeOldestBeyond("nobody", 1, kNow); });
  ASSERT_OK(nobody);
  EXPECT_TRUE(nobody->empty());
}

TEST_P(StoreConformanceTest, ListActiveExcludesRevokedAndExpiredNewestFirst) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  CreateSession("old", "user-1", kNow - 300, kNow + 100);
  CreateSession("new", "user-1", kNow - 100, kNow + 100);
  CreateSession("mid", "user-1", kNow - 200, kNow + 100);
  CreateSession("revoked", "user-1", kNow - 50, kNow + 100);
  CreateSession("expired", "user-1", kNow - 40, kNow);  // expires_at == now: no longer active
  CreateSession("other", "user-2", kNow - 10, kNow + 100);
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("revoked", kNow - 1); }));

  auto active = Read([&](auto& r) { return r.sessions().ListActive("user-1", kNow); });
  ASSERT_OK(active);
  EXPECT_THAT(Ids(*active), ElementsAre("new", "mid", "old"));
  ExpectSameSession(active->front(), MakeSession("new", "user-1", kNow - 100, kNow + 100));

  // Everything has expired by then.
  auto later = Read([&](auto& r) { return r.sessions().ListActive("user-1", kNow + 100); });
  ASSERT_OK(later);
  EXPECT_TRUE(later->empty());
}

TEST_P(StoreConformanceTest, ListRevokedSince) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  for (const char* id : {"a", "b", "c", "live"}) {
    ASSERT_OK(Write(
        [&](auto& r) { return r.sessions().Create(MakeSession(id, "user-1", kNow, kNow + 100)); }));
  }
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("a", kNow - 100); }));
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("b", kNow); }));
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Revoke("c", kNow + 5); }));

  auto since = Read([&](auto& r) { return r.sessions().ListRevokedSince(kNow); });
  ASSERT_OK(since);
  ASSERT_EQ(since->size(), 2u);
  std::vector<std::pair<std::string, int64_t>> got;
  for (const auto& r : *since) got.emplace_back(r.id, r.revoked_at);
  EXPECT_THAT(got, UnorderedElementsAre(std::pair<std::string, int64_t>("b", kNow),
                                        std::pair<std::string, int64_t>("c", kNow + 5)));
  auto all = Read([&](auto& r) { return r.sessions().ListRevokedSince(0); });
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 3u);
}

TEST_P(StoreConformanceTest, ConcurrentRotationsOfOneCounterHaveExactlyOneWinner) {
  CreateUserAndSession("s1", "h1");
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> winners = 0;
  std::atomic<int> losers = 0;
  std::atomic<int> errors = 0;
  std::vector<std::string> won(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string next = "next-" + std::to_string(i);
      start.arrive_and_wait();
      auto rotated = Write([&](auto& r) {
        return r.sessions().Rotate("s1", MakeRotation(0, next, kNow + 1, kNow + 7200));
      });
      if (!rotated) {
        ++errors;
      } else if (*rotated) {
        ++winners;
        won[i] = next;
      } else {
        ++losers;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(losers.load(), kThreads - 1);
  EXPECT_EQ(errors.load(), 0);

  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_EQ(session->refresh_counter, 1);
  EXPECT_EQ(session->previous_hash, "h1");
  EXPECT_NE(std::find(won.begin(), won.end(), session->refresh_hash), won.end());
}

TEST_P(StoreConformanceTest, SetStepUpIsStoredAndReadBack) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write(
      [&](auto& r) { return r.sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60)); }));
  EXPECT_FALSE(
      Read([&](auto& r) { return r.sessions().FindSession("s1"); })->step_up_at.has_value());
  ASSERT_OK(Write([&](auto& r) { return r.sessions().SetStepUp("s1", kNow + 7); }));
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s1"); })->step_up_at, kNow + 7);
  EXPECT_EQ(
      Read([&](auto& r) { return r.sessions().ListActive("user-1", kNow); })->at(0).step_up_at,
      kNow + 7);
  EXPECT_ERROR(Write([&](auto& r) { return r.sessions().SetStepUp("nope", kNow); }),
               ErrorCode::kNotFound, "session");
}

TEST_P(StoreConformanceTest, SessionKeepsItsActiveCompanyAndSetCompanyChangesIt) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  core::Session session = MakeSession("s1", "user-1", kNow, kNow + 60);
  session.company_id = "company-a";
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Create(session); }));
  ASSERT_OK(Write(
      [&](auto& r) { return r.sessions().Create(MakeSession("s2", "user-1", kNow, kNow + 60)); }));
  auto found = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(found);
  ExpectSameSession(*found, session);
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s2"); })->company_id, "");

  // The company need not exist in this store: the core resolves a company that is gone.
  ASSERT_OK(Write([&](auto& r) { return r.sessions().SetCompany("s1", "company-b"); }));
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s1"); })->company_id, "company-b");
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s2"); })->company_id, "");
  // A rotation keeps the choice; so does the listing.
  ASSERT_OK(Write([&](auto& r) {
    return r.sessions().Rotate("s1", MakeRotation(0, "h-next", kNow + 1, kNow + 90));
  }));
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s1"); })->company_id, "company-b");
  auto active = Read([&](auto& r) { return r.sessions().ListActive("user-1", kNow); });
  ASSERT_OK(active);
  for (const auto& listed : *active) {
    EXPECT_EQ(listed.company_id, listed.id == "s1" ? "company-b" : "");
  }
  ASSERT_OK(Write([&](auto& r) { return r.sessions().SetCompany("s1", ""); }));
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s1"); })->company_id, "");
  EXPECT_ERROR(Write([&](auto& r) { return r.sessions().SetCompany("nope", "company-a"); }),
               ErrorCode::kNotFound, "session");
}

}  // namespace
}  // namespace portcullis::store::conformance
