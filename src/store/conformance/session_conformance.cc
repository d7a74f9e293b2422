// SessionRepository conformance: sessions, refresh tokens, rotation races, revocation, step-up.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <gmock/gmock.h>

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::RefreshToken;
using core::Session;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST_P(StoreConformanceTest, CreatesAndFindsSessionAndToken) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  const Session session = MakeSession("s1", "user-1", kNow, kNow + 3600);
  const RefreshToken token = MakeToken("h1", "s1", kNow, kNow + 3600);
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Create(session, token); }));

  auto found = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(found);
  ExpectSameSession(*found, session);
  auto found_token = Read([&](auto& r) { return r.sessions().FindToken("h1"); });
  ASSERT_OK(found_token);
  ExpectSameToken(*found_token, token);
  EXPECT_FALSE(found_token->used_at.has_value());
  EXPECT_EQ(found_token->replaced_by, "");
}

TEST_P(StoreConformanceTest, MissingSessionAndTokenAreNotFound) {
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("nope"); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindToken("nope"); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, SessionCreateRejectsBadInputAtomically) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  // Unknown user.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Create(MakeSession("s0", "user-x", kNow, kNow + 60),
                                            MakeToken("h0", "s0", kNow, kNow + 60));
               }),
               ErrorCode::kNotFound, "user");
  // First token for another session.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Create(MakeSession("s0", "user-1", kNow, kNow + 60),
                                            MakeToken("h0", "other", kNow, kNow + 60));
               }),
               ErrorCode::kInvalidRequest, "session_id");
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s0"); }).error().code,
            ErrorCode::kNotFound);

  ASSERT_OK(Write([&](auto& r) {
    return r.sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60),
                               MakeToken("h1", "s1", kNow, kNow + 60));
  }));
  // Duplicate session id.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60),
                                            MakeToken("h2", "s1", kNow, kNow + 60));
               }),
               ErrorCode::kConflict, "session");
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindToken("h2"); }).error().code,
            ErrorCode::kNotFound);
  // Duplicate token hash: the session is not created either.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Create(MakeSession("s2", "user-1", kNow, kNow + 60),
                                            MakeToken("h1", "s2", kNow, kNow + 60));
               }),
               ErrorCode::kConflict, "token");
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s2"); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, RotateMarksOldUsedInsertsNextAndSlidesSession) {
  CreateUserAndSession("s1", "h1");
  const RefreshToken next = MakeToken("h2", "s1", kNow + 100, kNow + 7200);
  auto rotated = Write([&](auto& r) { return r.sessions().Rotate("h1", next, kNow + 100); });
  ASSERT_OK(rotated);
  EXPECT_TRUE(*rotated);

  auto old_token = Read([&](auto& r) { return r.sessions().FindToken("h1"); });
  ASSERT_OK(old_token);
  EXPECT_EQ(old_token->used_at, kNow + 100);
  EXPECT_EQ(old_token->replaced_by, "h2");
  auto new_token = Read([&](auto& r) { return r.sessions().FindToken("h2"); });
  ASSERT_OK(new_token);
  ExpectSameToken(*new_token, next);
  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_EQ(session->last_refreshed_at, kNow + 100);
  EXPECT_EQ(session->expires_at, kNow + 7200);
  EXPECT_EQ(session->created_at, kNow);

  // The chain continues from the new token.
  auto again = Write([&](auto& r) {
    return r.sessions().Rotate("h2", MakeToken("h3", "s1", kNow + 200, kNow + 9000), kNow + 200);
  });
  ASSERT_OK(again);
  EXPECT_TRUE(*again);
}

TEST_P(StoreConformanceTest, SecondRotateOfSameTokenReturnsFalseAndChangesNothing) {
  CreateUserAndSession("s1", "h1");
  auto first = Write([&](auto& r) {
    return r.sessions().Rotate("h1", MakeToken("h2", "s1", kNow + 10, kNow + 7200), kNow + 10);
  });
  ASSERT_OK(first);
  ASSERT_TRUE(*first);
  auto token_before = Read([&](auto& r) { return r.sessions().FindToken("h1"); });
  auto session_before = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(token_before);
  ASSERT_OK(session_before);

  auto second = Write([&](auto& r) {
    return r.sessions().Rotate("h1", MakeToken("h3", "s1", kNow + 20, kNow + 9999), kNow + 20);
  });
  ASSERT_OK(second);
  EXPECT_FALSE(*second);
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindToken("h3"); }).error().code,
            ErrorCode::kNotFound);
  auto token_after = Read([&](auto& r) { return r.sessions().FindToken("h1"); });
  ASSERT_OK(token_after);
  ExpectSameToken(*token_after, *token_before);
  auto session_after = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session_after);
  ExpectSameSession(*session_after, *session_before);
}

TEST_P(StoreConformanceTest, RotateRejectsUnknownTokenAndBadNext) {
  CreateUserAndSession("s1", "h1");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Rotate("nope", MakeToken("h2", "s1", kNow, kNow + 60), kNow);
               }),
               ErrorCode::kNotFound, "token");
  // Next token for another session.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Rotate("h1", MakeToken("h2", "s9", kNow, kNow + 60), kNow);
               }),
               ErrorCode::kInvalidRequest, "session_id");
  // Next hash already exists: nothing changes, the old token is still usable.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.sessions().Rotate("h1", MakeToken("h1", "s1", kNow, kNow + 60), kNow);
               }),
               ErrorCode::kConflict, "token");
  auto old_token = Read([&](auto& r) { return r.sessions().FindToken("h1"); });
  ASSERT_OK(old_token);
  EXPECT_FALSE(old_token->used_at.has_value());
  auto ok = Write([&](auto& r) {
    return r.sessions().Rotate("h1", MakeToken("h2", "s1", kNow, kNow + 60), kNow);
  });
  ASSERT_OK(ok);
  EXPECT_TRUE(*ok);
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
  auto add = [&](const std::string& id, const std::string& user, int64_t expires_at) {
    ASSERT_OK(Write([&](auto& r) {
      return r.sessions().Create(MakeSession(id, user, kNow, expires_at),
                                 MakeToken("h-" + id, id, kNow, expires_at));
    }));
  };
  add("a", "user-1", kNow + 100);
  add("b", "user-1", kNow + 100);
  add("keep", "user-1", kNow + 100);
  add("gone", "user-1", kNow + 100);
  add("expired", "user-1", kNow - 1);
  add("other", "user-2", kNow + 100);
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

TEST_P(StoreConformanceTest, ListActiveExcludesRevokedAndExpiredNewestFirst) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  auto add = [&](const std::string& id, const std::string& user, int64_t created_at,
                 int64_t expires_at) {
    ASSERT_OK(Write([&](auto& r) {
      return r.sessions().Create(MakeSession(id, user, created_at, expires_at),
                                 MakeToken("h-" + id, id, created_at, expires_at));
    }));
  };
  add("old", "user-1", kNow - 300, kNow + 100);
  add("new", "user-1", kNow - 100, kNow + 100);
  add("mid", "user-1", kNow - 200, kNow + 100);
  add("revoked", "user-1", kNow - 50, kNow + 100);
  add("expired", "user-1", kNow - 40, kNow);  // expires_at == now: no longer active
  add("other", "user-2", kNow - 10, kNow + 100);
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
    ASSERT_OK(Write([&](auto& r) {
      return r.sessions().Create(MakeSession(id, "user-1", kNow, kNow + 100),
                                 MakeToken(std::string("h-") + id, id, kNow, kNow + 100));
    }));
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

TEST_P(StoreConformanceTest, ConcurrentRotationsOfOneTokenHaveExactlyOneWinner) {
  CreateUserAndSession("s1", "h1");
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> winners = 0;
  std::atomic<int> losers = 0;
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const RefreshToken next = MakeToken("next-" + std::to_string(i), "s1", kNow + 1, kNow + 7200);
      start.arrive_and_wait();
      auto rotated = Write([&](auto& r) { return r.sessions().Rotate("h1", next, kNow + 1); });
      if (!rotated) {
        ++errors;
      } else if (*rotated) {
        ++winners;
      } else {
        ++losers;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(losers.load(), kThreads - 1);
  EXPECT_EQ(errors.load(), 0);

  auto old_token = Read([&](auto& r) { return r.sessions().FindToken("h1"); });
  ASSERT_OK(old_token);
  int present = 0;
  for (int i = 0; i < kThreads; ++i) {
    const std::string hash = "next-" + std::to_string(i);
    if (Read([&](auto& r) { return r.sessions().FindToken(hash); }).ok()) {
      ++present;
      EXPECT_EQ(old_token->replaced_by, hash);
    }
  }
  EXPECT_EQ(present, 1);
}

TEST_P(StoreConformanceTest, SetStepUpIsStoredAndReadBack) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) {
    return r.sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60),
                               MakeToken("h1", "s1", kNow, kNow + 60));
  }));
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

}  // namespace
}  // namespace portcullis::store::conformance
