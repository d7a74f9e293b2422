// OutboxRepository conformance: messages enqueued, claimed when due in order under a lease,
// rescheduled or parked on failure, deleted once delivered, counted. Every backend instantiates
// StoreConformanceTest; each test owns a fresh store.
#include <gmock/gmock.h>

#include <algorithm>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::OutboxMessage;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kLease = 60;

TEST_P(StoreConformanceTest, AnEnqueuedMessageIsClaimedWhenDueAndLeased) {
  OutboxMessage mail = MakeMail("m1", kNow);
  mail.sealed_content = std::string(40'000, 'x') + "v1.k1.end";  // a whole HTML message
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(mail); }));

  auto early = Write([&](auto& r) { return r.outbox().ClaimDue(kNow - 1, kNow + kLease, 10); });
  ASSERT_OK(early);
  EXPECT_THAT(*early, IsEmpty());

  auto claimed = Write([&](auto& r) { return r.outbox().ClaimDue(kNow, kNow + kLease, 10); });
  ASSERT_OK(claimed);
  ASSERT_EQ(claimed->size(), 1u);
  const OutboxMessage& got = claimed->front();
  EXPECT_EQ(got.id, "m1");
  EXPECT_EQ(got.kind, mail.kind);
  EXPECT_EQ(got.recipient, mail.recipient);
  EXPECT_EQ(got.sealed_content, mail.sealed_content);
  EXPECT_EQ(got.created_at, kNow);
  EXPECT_EQ(got.next_attempt_at, kNow + kLease);  // as updated: leased
  EXPECT_EQ(got.attempts, 1);
  EXPECT_EQ(got.last_error, "");
  EXPECT_FALSE(got.parked);

  // Leased: not due again until the lease ends; then claimed again, one more attempt.
  auto leased =
      Write([&](auto& r) { return r.outbox().ClaimDue(kNow + kLease - 1, kNow + 2 * kLease, 10); });
  ASSERT_OK(leased);
  EXPECT_THAT(*leased, IsEmpty());
  auto again =
      Write([&](auto& r) { return r.outbox().ClaimDue(kNow + kLease, kNow + 2 * kLease, 10); });
  ASSERT_OK(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().attempts, 2);
  EXPECT_EQ(again->front().next_attempt_at, kNow + 2 * kLease);
}

TEST_P(StoreConformanceTest, ClaimDueTakesTheEarliestDueFirstUpToTheLimit) {
  // Due times, then creation time, then id decide the order.
  std::vector<OutboxMessage> mails = {MakeMail("late", kNow + 5), MakeMail("b", kNow),
                                      MakeMail("a", kNow), MakeMail("early", kNow - 100),
                                      MakeMail("future", kNow + 1000)};
  mails[1].created_at = kNow - 50;  // b was created before a: b first despite its id
  for (const auto& mail : mails)
    ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(mail); }));

  auto none = Write([&](auto& r) { return r.outbox().ClaimDue(kNow + 10, kNow + kLease, 0); });
  ASSERT_OK(none);
  EXPECT_THAT(*none, IsEmpty());
  auto first = Write([&](auto& r) { return r.outbox().ClaimDue(kNow + 10, kNow + kLease, 2); });
  ASSERT_OK(first);
  EXPECT_THAT(Ids(*first), ElementsAre("early", "b"));
  auto rest = Write([&](auto& r) { return r.outbox().ClaimDue(kNow + 10, kNow + kLease, 10); });
  ASSERT_OK(rest);
  EXPECT_THAT(Ids(*rest), ElementsAre("a", "late"));
  auto counts = Read([&](auto& r) { return r.outbox().Count(); });
  ASSERT_OK(counts);
  EXPECT_EQ(counts->pending, 5);  // leased messages are still pending
  EXPECT_EQ(counts->parked, 0);
}

TEST_P(StoreConformanceTest, EnqueueConflictsOnATakenId) {
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(MakeMail("m1", kNow)); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.outbox().Enqueue(MakeMail("m1", kNow + 9)); }),
               ErrorCode::kConflict, "message");
  // The refused call is undone on its own; the rest of its Write commits.
  ASSERT_OK(store().Write([&](core::Repositories& r) -> Status {
    const Status dup = r.outbox().Enqueue(MakeMail("m1", kNow));
    if (dup.ok()) return MakeError(ErrorCode::kInternal, "a taken id was accepted");
    return r.outbox().Enqueue(MakeMail("m2", kNow));
  }));
  auto counts = Read([&](auto& r) { return r.outbox().Count(); });
  ASSERT_OK(counts);
  EXPECT_EQ(counts->pending, 2);
}

TEST_P(StoreConformanceTest, RecordFailureReschedulesOrParksForGood) {
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(MakeMail("m1", kNow)); }));
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(MakeMail("m2", kNow)); }));
  ASSERT_OK(Write([&](auto& r) { return r.outbox().ClaimDue(kNow, kNow + kLease, 10); }));

  // m1: a temporary failure, retried later (earlier than its lease would have ended).
  ASSERT_OK(Write([&](auto& r) {
    return r.outbox().RecordFailure("m1", kNow + 30, "smtp: 451 try again later", false);
  }));
  auto not_yet = Write([&](auto& r) { return r.outbox().ClaimDue(kNow + 29, kNow + 100, 10); });
  ASSERT_OK(not_yet);
  EXPECT_THAT(*not_yet, IsEmpty());
  auto retried = Write([&](auto& r) { return r.outbox().ClaimDue(kNow + 30, kNow + 100, 10); });
  ASSERT_OK(retried);
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ(retried->front().id, "m1");
  EXPECT_EQ(retried->front().attempts, 2);
  EXPECT_EQ(retried->front().last_error, "smtp: 451 try again later");

  // m2: parked; never claimed again, counted apart.
  ASSERT_OK(Write([&](auto& r) {
    return r.outbox().RecordFailure("m2", kNow + 30, "smtp: 550 no such user", true);
  }));
  auto never =
      Write([&](auto& r) { return r.outbox().ClaimDue(kNow + 1'000'000, kNow + 2'000'000, 10); });
  ASSERT_OK(never);
  EXPECT_THAT(Ids(*never), ElementsAre("m1"));
  auto counts = Read([&](auto& r) { return r.outbox().Count(); });
  ASSERT_OK(counts);
  EXPECT_EQ(counts->pending, 1);
  EXPECT_EQ(counts->parked, 1);

  EXPECT_ERROR(Write([&](auto& r) { return r.outbox().RecordFailure("gone", kNow, "x", false); }),
               ErrorCode::kNotFound, "message");
}

TEST_P(StoreConformanceTest, DeleteOfADeliveredMessageIsIdempotent) {
  auto empty = Read([&](auto& r) { return r.outbox().Count(); });
  ASSERT_OK(empty);
  EXPECT_EQ(empty->pending, 0);
  EXPECT_EQ(empty->parked, 0);
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(MakeMail("m1", kNow)); }));
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Enqueue(MakeMail("m2", kNow)); }));
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Delete("m1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Delete("m1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.outbox().Delete("never"); }));
  auto left = Write([&](auto& r) { return r.outbox().ClaimDue(kNow, kNow + kLease, 10); });
  ASSERT_OK(left);
  EXPECT_THAT(Ids(*left), ElementsAre("m2"));
  EXPECT_ERROR(Write([&](auto& r) { return r.outbox().RecordFailure("m1", kNow, "x", false); }),
               ErrorCode::kNotFound, "message");
  auto counts = Read([&](auto& r) { return r.outbox().Count(); });
  ASSERT_OK(counts);
  EXPECT_EQ(counts->pending, 1);
}

TEST_P(StoreConformanceTest, AnEnqueueInsideAFailedWriteIsNotKept) {
  Status failed = store().Write([&](core::Repositories& r) -> Status {
    RETURN_IF_ERROR(r.outbox().Enqueue(MakeMail("m1", kNow)));
    return MakeError(ErrorCode::kConflict, "the ticket it carries was refused");
  });
  EXPECT_FALSE(failed.ok());
  auto counts = Read([&](auto& r) { return r.outbox().Count(); });
  ASSERT_OK(counts);
  EXPECT_EQ(counts->pending, 0);
}

TEST_P(StoreConformanceTest, ConcurrentClaimsNeverHandOneMessageToTwoSenders) {
  constexpr int kMessages = 10;
  constexpr int kClaimers = 4;
  constexpr int kLimit = 3;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_OK(Write([&](auto& r) {
      return r.outbox().Enqueue(MakeMail("m" + std::to_string(i), kNow - kMessages + i));
    }));
  }
  std::latch start(kClaimers);
  std::vector<std::vector<OutboxMessage>> claims(kClaimers);
  std::vector<std::string> errors(kClaimers);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClaimers; ++c) {
    threads.emplace_back([&, c] {
      start.arrive_and_wait();
      auto claimed =
          Write([&](auto& r) { return r.outbox().ClaimDue(kNow, kNow + kLease, kLimit); });
      if (claimed.ok()) {
        claims[c] = *claimed;
      } else {
        errors[c] = claimed.error().detail;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::multiset<std::string> ids;
  for (int c = 0; c < kClaimers; ++c) {
    EXPECT_EQ(errors[c], "") << "claimer " << c;
    EXPECT_LE(claims[c].size(), static_cast<std::size_t>(kLimit));
    for (const auto& message : claims[c]) {
      ids.insert(message.id);
      EXPECT_EQ(message.attempts, 1) << message.id;
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMessages));  // every due message, once
  for (const auto& id : ids) EXPECT_EQ(ids.count(id), 1u) << id;
}

TEST_P(StoreConformanceTest, MessagesOutliveTheUserTheyWereWrittenFor) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  OutboxMessage notice = MakeMail("bye", kNow);
  notice.kind = "account_deleted";
  notice.recipient = "1@example.com";
  // The deletion notice is written in the same Write as the deletion.
  ASSERT_OK(store().Write([&](core::Repositories& r) -> Status {
    RETURN_IF_ERROR(r.users().Delete("user-1"));
    return r.outbox().Enqueue(notice);
  }));
  auto claimed = Write([&](auto& r) { return r.outbox().ClaimDue(kNow, kNow + kLease, 10); });
  ASSERT_OK(claimed);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().recipient, "1@example.com");
  EXPECT_EQ(claimed->front().kind, "account_deleted");
}

}  // namespace
}  // namespace portcullis::store::conformance
