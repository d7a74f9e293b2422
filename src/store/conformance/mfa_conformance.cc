// MfaRepository conformance: pending and enabled factors, replay guard, throttle, recovery codes,
// tickets, and their races.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

TEST_P(StoreConformanceTest, MfaPendingThenEnabledMirrorsOnTheUser) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.mfa().Find("user-1"); }), ErrorCode::kNotFound, "mfa");
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().SavePending("nobody", "sealed", kNow); }),
               ErrorCode::kNotFound, "user");
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().Enable("user-1", "s", 1, kNow); }),
               ErrorCode::kNotFound, "mfa");
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "pending-1", kNow); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "pending-2", kNow + 1); }));
  auto pending = Read([&](auto& r) { return r.mfa().Find("user-1"); });
  ASSERT_OK(pending);
  EXPECT_FALSE(pending->enabled);
  EXPECT_EQ(pending->pending_sealed, "pending-2");
  EXPECT_EQ(pending->last_used_step, -1);
  EXPECT_EQ(pending->updated_at, kNow + 1);
  EXPECT_FALSE(Read([&](auto& r) { return r.users().FindById("user-1"); })->mfa_enabled);

  ASSERT_OK(Write([&](auto& r) { return r.mfa().RecordFailure("user-1", kNow, 10, 900); }));
  EXPECT_FALSE(*Write([&](auto& r) {
    return r.mfa().Enable("user-1", "pending-1", 100, kNow + 2);
  }));  // replaced since
  EXPECT_FALSE(Read([&](auto& r) { return r.mfa().Find("user-1"); })->enabled);
  EXPECT_TRUE(
      *Write([&](auto& r) { return r.mfa().Enable("user-1", "pending-2", 100, kNow + 2); }));
  auto enabled = Read([&](auto& r) { return r.mfa().Find("user-1"); });
  ASSERT_OK(enabled);
  EXPECT_TRUE(enabled->enabled);
  EXPECT_EQ(enabled->secret_sealed, "pending-2");
  EXPECT_EQ(enabled->pending_sealed, "");
  EXPECT_EQ(enabled->last_used_step, 100);
  EXPECT_EQ(enabled->failures, 0);
  EXPECT_TRUE(Read([&](auto& r) { return r.users().FindById("user-1"); })->mfa_enabled);
  EXPECT_TRUE(Read([&](auto& r) { return r.users().FindByEmail("1@example.com"); })->mfa_enabled);
  // A new pending secret is refused and leaves the enabled factor alone; enabling again fails.
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().SavePending("user-1", "pending-3", kNow + 3); }),
               ErrorCode::kConflict, "mfa");
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().Find("user-1"); })->secret_sealed, "pending-2");
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().Find("user-1"); })->pending_sealed, "");
  EXPECT_TRUE(Read([&](auto& r) { return r.mfa().Find("user-1"); })->enabled);
  EXPECT_FALSE(
      *Write([&](auto& r) { return r.mfa().Enable("user-1", "pending-2", 200, kNow + 4); }));
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().Find("user-1"); })->last_used_step, 100);
}

TEST_P(StoreConformanceTest, MfaClaimStepOnlyMovesForward) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().ClaimStep("user-1", 5); }));  // not enabled yet
  ASSERT_OK(Write([&](auto& r) { return r.mfa().Enable("user-1", "p", 10, kNow); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().ClaimStep("user-1", 10); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().ClaimStep("user-1", 9); }));
  EXPECT_TRUE(*Write([&](auto& r) { return r.mfa().ClaimStep("user-1", 11); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().ClaimStep("user-1", 11); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().ClaimStep("nobody", 50); }));
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().Find("user-1"); })->last_used_step, 11);
}

TEST_P(StoreConformanceTest, MfaFailuresCountUpLockAndReset) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().RecordFailure("user-1", kNow, 3, 900); }),
               ErrorCode::kNotFound, "mfa");
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().ResetThrottle("user-1"); }),
               ErrorCode::kNotFound, "mfa");
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  auto first = Write([&](auto& r) { return r.mfa().RecordFailure("user-1", kNow + 1, 3, 900); });
  ASSERT_OK(first);
  EXPECT_EQ(first->failures, 1);
  EXPECT_EQ(first->last_failure_at, kNow + 1);
  EXPECT_EQ(first->locked_until, 0);
  EXPECT_EQ(
      Write([&](auto& r) { return r.mfa().RecordFailure("user-1", kNow + 2, 3, 900); })->failures,
      2);
  auto third = Write([&](auto& r) {
    return r.mfa().RecordFailure("user-1", kNow + 3, 3, 900);
  });  // locks, count restarts
  ASSERT_OK(third);
  EXPECT_EQ(third->failures, 0);
  EXPECT_EQ(third->locked_until, kNow + 903);
  auto state = Read([&](auto& r) { return r.mfa().Find("user-1"); });
  ASSERT_OK(state);
  EXPECT_EQ(state->failures, 0);
  EXPECT_EQ(state->last_failure_at, kNow + 3);
  EXPECT_EQ(state->locked_until, kNow + 903);
  // A later lock with a shorter duration never moves locked_until back.
  EXPECT_EQ(Write([&](auto& r) {
              return r.mfa().RecordFailure("user-1", kNow + 4, 1, 10);
            })->locked_until,
            kNow + 903);
  EXPECT_EQ(Write([&](auto& r) {
              return r.mfa().RecordFailure("user-1", kNow + 5, 1, 1000);
            })->locked_until,
            kNow + 1005);
  ASSERT_OK(Write([&](auto& r) { return r.mfa().ResetThrottle("user-1"); }));
  state = Read([&](auto& r) { return r.mfa().Find("user-1"); });
  EXPECT_EQ(state->failures, 0);
  EXPECT_EQ(state->last_failure_at, 0);
  EXPECT_EQ(state->locked_until, 0);
}

TEST_P(StoreConformanceTest, RecoveryCodesAreReplacedAndUsedOnce) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 0);
  ASSERT_OK(Write([&](auto& r) {
    return r.mfa().ReplaceRecoveryCodes("user-1", {"a", "b", "c"}, kNow);
  }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().ReplaceRecoveryCodes("user-2", {"a"}, kNow); }));
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 3);
  EXPECT_TRUE(*Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", "b", kNow + 1); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", "b", kNow + 2); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", "zzz", kNow + 2); }));
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 2);
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-2"); }),
            1);  // per user
  ASSERT_OK(Write([&](auto& r) {
    return r.mfa().ReplaceRecoveryCodes("user-1", {"d", "e"}, kNow + 3);
  }));
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 2);
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", "a", kNow + 4); }));
  EXPECT_TRUE(*Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", "d", kNow + 4); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().ReplaceRecoveryCodes("nobody", {"x"}, kNow); }),
               ErrorCode::kNotFound, "user");
}

TEST_P(StoreConformanceTest, MfaDisableRemovesFactorAndCodes) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().Enable("user-1", "p", 1, kNow); }));
  ASSERT_OK(Write([&](auto& r) {
    return r.mfa().ReplaceRecoveryCodes("user-1", {"a", "b"}, kNow);
  }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().Disable("user-1"); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.mfa().Find("user-1"); }), ErrorCode::kNotFound, "mfa");
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 0);
  EXPECT_FALSE(Read([&](auto& r) { return r.users().FindById("user-1"); })->mfa_enabled);
  ASSERT_OK(Write([&](auto& r) { return r.mfa().Disable("user-1"); }));  // idempotent
}

TEST_P(StoreConformanceTest, MfaTicketsKeepTheFirstFactorThatEarnedThem) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  core::MfaTicket ticket = MakeTicket("t1", "user-1");
  ticket.first_factor = "email";
  ASSERT_OK(Write([&](auto& r) { return r.mfa().CreateTicket(ticket); }));
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().FindTicket("t1"); })->first_factor, "email");
  auto reserved = Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow, 5); });
  ASSERT_OK(reserved);
  EXPECT_EQ(reserved->hash, "t1");
  EXPECT_EQ(reserved->user_id, "user-1");
  EXPECT_EQ(reserved->expires_at, kNow + 300);
  EXPECT_EQ(reserved->attempts, 1);
  EXPECT_FALSE(reserved->used_at.has_value());
  EXPECT_EQ(reserved->first_factor, "email");
}

TEST_P(StoreConformanceTest, MfaTicketsCountAttemptsAreUsedOnceAndPurged) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  core::MfaTicket ticket = MakeTicket("t1", "user-1");
  ASSERT_OK(Write([&](auto& r) { return r.mfa().CreateTicket(ticket); }));
  auto dup = Write([&](auto& r) { return r.mfa().CreateTicket(ticket); });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  core::MfaTicket orphan = ticket;
  orphan.hash = "t2";
  orphan.user_id = "nobody";
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().CreateTicket(orphan); }), ErrorCode::kNotFound,
               "user");

  auto found = Read([&](auto& r) { return r.mfa().FindTicket("t1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->user_id, "user-1");
  EXPECT_EQ(found->expires_at, kNow + 300);
  EXPECT_EQ(found->attempts, 0);
  EXPECT_FALSE(found->used_at.has_value());
  EXPECT_EQ(found->first_factor, "pwd");
  EXPECT_EQ(Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow, 2); })->user_id,
            "user-1");
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().FindTicket("t1"); })->attempts, 1);
  auto second = Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow + 299, 2); });
  ASSERT_OK(second);
  EXPECT_EQ(second->user_id, "user-1");
  EXPECT_EQ(second->attempts, 2);  // as reserved
  EXPECT_EQ(second->first_factor, "pwd");
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow, 2); }),
               ErrorCode::kNotFound, "ticket");
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().FindTicket("t1"); })->attempts,
            2);  // a refused reservation takes nothing
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow + 300, 5); }),
               ErrorCode::kNotFound,
               "ticket");  // expired
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("zz", kNow, 5); }),
               ErrorCode::kNotFound, "ticket");
  EXPECT_TRUE(*Write([&](auto& r) { return r.mfa().UseTicket("t1", kNow + 5); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow, 5); }),
               ErrorCode::kNotFound,
               "ticket");  // used
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().UseTicket("t1", kNow + 6); }));
  EXPECT_FALSE(*Write([&](auto& r) { return r.mfa().UseTicket("zz", kNow + 6); }));
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().FindTicket("t1"); })->used_at, kNow + 5);
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().FindTicket("t1"); })->attempts, 2);

  ASSERT_OK(Write(
      [&](auto& r) { return r.mfa().PurgeTickets(kNow + 300); }));  // expires_at == before: kept
  EXPECT_TRUE(Read([&](auto& r) { return r.mfa().FindTicket("t1"); }).ok());
  ASSERT_OK(Write([&](auto& r) { return r.mfa().PurgeTickets(kNow + 301); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.mfa().FindTicket("t1"); }), ErrorCode::kNotFound,
               "ticket");
}

TEST_P(StoreConformanceTest, ConcurrentClaimsOfOneStepHaveExactlyOneWinner) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().Enable("user-1", "p", 1, kNow); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().ReplaceRecoveryCodes("user-1", {"a"}, kNow); }));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> step_wins = 0;
  std::atomic<int> code_wins = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      if (auto won = Write([&](auto& r) { return r.mfa().ClaimStep("user-1", 2); });
          won.ok() && *won)
        ++step_wins;
      if (auto won = Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", "a", kNow); });
          won.ok() && *won) {
        ++code_wins;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(step_wins.load(), 1);
  EXPECT_EQ(code_wins.load(), 1);
}

TEST_P(StoreConformanceTest, ConcurrentEnablesHaveExactlyOneWinner) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> wins = 0;
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string code(1, static_cast<char>('a' + t));
      start.arrive_and_wait();
      // Like MfaService::ConfirmSetup: enable and store codes in one transaction, lose cleanly.
      Status s = store().Write([&](core::Repositories& repos) -> Status {
        auto enabled = repos.mfa().Enable("user-1", "p", t, kNow);
        if (!enabled) return enabled.error();
        if (!*enabled) return MakeError(ErrorCode::kConflict, "lost");
        return repos.mfa().ReplaceRecoveryCodes("user-1", {code}, kNow);
      });
      if (s.ok()) {
        ++wins;
      } else if (s.error().code != ErrorCode::kConflict) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(errors.load(), 0);
  // Only the winner's recovery code exists, and its step is the factor's.
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 1);
  const int64_t step = Read([&](auto& r) { return r.mfa().Find("user-1"); })->last_used_step;
  const std::string winner(1, static_cast<char>('a' + step));
  EXPECT_TRUE(*Write([&](auto& r) { return r.mfa().UseRecoveryCode("user-1", winner, kNow); }));
}

TEST_P(StoreConformanceTest, ConcurrentFailuresAreAllCounted) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  std::latch start(kThreads);
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        if (!Write([&](auto& r) {
               return r.mfa().RecordFailure("user-1", kNow + t, 1000, 900);
             }).ok())
          ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().Find("user-1"); })->failures, kThreads * kEach);
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().Find("user-1"); })->locked_until, 0);
}

TEST_P(StoreConformanceTest, ConcurrentFailuresLockExactlyAtTheThreshold) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  constexpr int kThreads = 25;
  std::latch start(kThreads);
  std::atomic<int> locks = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto throttle =
          Write([&](auto& r) { return r.mfa().RecordFailure("user-1", kNow, 10, 900); });
      if (throttle.ok() && throttle->failures == 0) ++locks;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(locks.load(), 2);  // the 10th and the 20th
  auto state = Read([&](auto& r) { return r.mfa().Find("user-1"); });
  ASSERT_OK(state);
  EXPECT_EQ(state->failures, 5);
  EXPECT_EQ(state->locked_until, kNow + 900);
}

TEST_P(StoreConformanceTest, ConcurrentTicketAttemptsNeverExceedTheMaximum) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  core::MfaTicket ticket = MakeTicket("t1", "user-1");
  ASSERT_OK(Write([&](auto& r) { return r.mfa().CreateTicket(ticket); }));
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> reserved = 0;
  std::atomic<int> used = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      if (Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t1", kNow, 5); }).ok())
        ++reserved;
      if (auto won = Write([&](auto& r) { return r.mfa().UseTicket("t1", kNow); });
          won.ok() && *won)
        ++used;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(reserved.load(), 5);
  EXPECT_GE(reserved.load(), 1);
  EXPECT_EQ(used.load(), 1);
  EXPECT_LE(Read([&](auto& r) { return r.mfa().FindTicket("t1"); })->attempts, 5);

  // Without redeems, exactly the maximum is handed out.
  ticket = MakeTicket("t2", "user-1");
  ASSERT_OK(Write([&](auto& r) { return r.mfa().CreateTicket(ticket); }));
  std::latch again(kThreads);
  std::atomic<int> second = 0;
  threads.clear();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      again.arrive_and_wait();
      if (Write([&](auto& r) { return r.mfa().ReserveTicketAttempt("t2", kNow, 5); }).ok())
        ++second;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(second.load(), 5);
  EXPECT_EQ(Read([&](auto& r) { return r.mfa().FindTicket("t2"); })->attempts, 5);
}

TEST_P(StoreConformanceTest, MfaEnableInsideAFailedWriteLeavesNothing) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  ASSERT_OK(Write([&](auto& r) { return r.mfa().SavePending("user-1", "p", kNow); }));
  Status status = store().Write([](core::Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.mfa().Enable("user-1", "p", 1, kNow));
    RETURN_IF_ERROR(repos.mfa().ReplaceRecoveryCodes("user-1", {"a"}, kNow));
    return MakeError(ErrorCode::kForbidden, "no");
  });
  EXPECT_ERROR(status, ErrorCode::kForbidden, "no");
  EXPECT_FALSE(Read([&](auto& r) { return r.mfa().Find("user-1"); })->enabled);
  EXPECT_FALSE(Read([&](auto& r) { return r.users().FindById("user-1"); })->mfa_enabled);
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes("user-1"); }), 0);
}

}  // namespace
}  // namespace portcullis::store::conformance
