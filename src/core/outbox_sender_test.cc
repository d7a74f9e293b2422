// Tests of OutboxSender on the memory store: delivery deletes, failures back off exponentially,
// a message is parked after max_attempts or at once when refused for good, a store outage is
// logged once and loses nothing, and the thread sends at once when woken.
#include "core/outbox_sender.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/status_macros.h"
#include "core/mail_outbox.h"
#include "core/testing/fakes.h"
#include "core/testing/mail_fakes.h"
#include "store/memory/memory_store.h"

namespace portcullis::core {
namespace {

using namespace std::chrono_literals;

class OutboxSenderTest : public ::testing::Test {
 protected:
  static OutboxSenderOptions Options() {
    OutboxSenderOptions options;
    options.max_attempts = 4;
    options.retry_initial = 10s;
    options.retry_max = 25s;
    options.poll = 60s;  // the thread test relies on Wake, not on the poll
    options.lease = 40s;
    return options;
  }

  std::string Enqueue(std::string_view kind = "activation", std::string_view to = "a@example.com") {
    std::string id;
    EXPECT_TRUE(store.Write([&](Repositories& repos) {
      return outbox.Enqueue(repos, kind, to, "", {{"link", "https://x/?t=T"}}, &id);
    }));
    return id;
  }

  OutboxCounts Counts() {
    auto counts = store.ReadValue([](Repositories& repos) { return repos.outbox().Count(); });
    EXPECT_TRUE(counts.ok());
    return counts.ok() ? *counts : OutboxCounts{};
  }

  std::vector<std::string> lines;
  FakeClock clock;
  testing::CountingRandom random;
  testing::FakeMailComposer composer;
  testing::FakeDataSealer sealer;
  testing::FakeMailer mailer;
  store::memory::MemoryStore store;
  MailOutbox outbox{composer, sealer, random, clock};
  OutboxSender sender{Options(),
                      store,
                      mailer,
                      sealer,
                      clock,
                      [this](OutboxSender::LogLevel, std::string_view line) {
                        lines.emplace_back(line); }};
};

TEST_F(OutboxSenderTest, DeliversADueMessageAndDeletesIt) {
  const int64_t enqueued_at = clock.NowSeconds();
  const std::string id = Enqueue();
  clock.Advance(3);
  ASSERT_TRUE(sender.SendDue());
  const auto sent = mailer.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].id, id);
  EXPECT_EQ(sent[0].to, "a@example.com");
  EXPECT_EQ(sent[0].kind, "activation");
  EXPECT_EQ(sent[0].created_at, enqueued_at);
  EXPECT_EQ(sent[0].content.text, "activation|link=https://x/?t=T|email=a@example.com");
  EXPECT_EQ(Counts().pending, 0);
  EXPECT_EQ(sender.stats().sent, 1);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 1u);  // nothing sent twice
  EXPECT_TRUE(lines.empty());
}

TEST_F(OutboxSenderTest, RetriesWithExponentialBackoffUntilItIsAccepted) {
  Enqueue();
  const Error down = MakeError(ErrorCode::kUnavailable, "SMTP: connection refused");
  mailer.Script({down, down});
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 1u);
  clock.Advance(9);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 1u);  // not due before retry_initial
  clock.Advance(1);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 2u);
  clock.Advance(19);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 2u);  // the second wait is doubled
  clock.Advance(1);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.sent().size(), 1u);
  EXPECT_EQ(Counts().pending, 0);
  EXPECT_EQ(sender.stats().failed_attempts, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("attempt 1 failed, retried in 10 s: SMTP: connection refused"),
            std::string::npos)
      << lines[0];
  EXPECT_EQ(lines[0].find("t=T"), std::string::npos);  // never the content
}

TEST_F(OutboxSenderTest, BackoffDoublesUpToTheMaximum) {
  EXPECT_EQ(sender.Backoff(1), 10s);
  EXPECT_EQ(sender.Backoff(2), 20s);
  EXPECT_EQ(sender.Backoff(3), 25s);
  EXPECT_EQ(sender.Backoff(1000), 25s);
}

TEST_F(OutboxSenderTest, ParksAfterMaxAttempts) {
  Enqueue();
  mailer.FailAll(MakeError(ErrorCode::kUnavailable, "SMTP: timeout"));
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(sender.SendDue());
    clock.Advance(30);
  }
  EXPECT_EQ(mailer.attempts(), 4u);
  EXPECT_EQ(Counts().parked, 1);
  EXPECT_EQ(Counts().pending, 0);
  EXPECT_EQ(sender.stats().parked, 1);
  ASSERT_TRUE(sender.RefreshCounts());
  EXPECT_EQ(sender.stats().parked_stored, 1);
  EXPECT_NE(lines.back().find("parked after attempt 4"), std::string::npos) << lines.back();
}

TEST_F(OutboxSenderTest, APermanentRefusalParksAtOnce) {
  Enqueue();
  Enqueue("test", "b@example.com");
  mailer.Script({MakeError(ErrorCode::kInvalidRequest, "SMTP: reply 550")});
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 2u);
  EXPECT_EQ(mailer.sent().size(), 1u);  // the other message still goes
  EXPECT_EQ(Counts().parked, 1);
  EXPECT_EQ(Counts().pending, 0);
}

TEST_F(OutboxSenderTest, AMessageThatDoesNotOpenIsParked) {
  OutboxMessage message;
  message.id = "m-1";
  message.kind = "test";
  message.recipient = "a@example.com";
  message.sealed_content = "sealed(m-2):1:s1:t1:h";  // bound to another row
  message.created_at = message.next_attempt_at = clock.NowSeconds();
  ASSERT_TRUE(store.Write([&](Repositories& repos) { return repos.outbox().Enqueue(message); }));
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 0u);
  EXPECT_EQ(Counts().parked, 1);
}

TEST_F(OutboxSenderTest, AStoreOutageIsLoggedOnceAndLosesNothing) {
  Enqueue();
  store.FailWith(MakeError(ErrorCode::kUnavailable, "database down"));
  EXPECT_FALSE(sender.SendDue());
  EXPECT_FALSE(sender.SendDue());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("database is unavailable"), std::string::npos);
  store.FailWith(std::nullopt);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.sent().size(), 1u);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("answers again"), std::string::npos);
}

TEST_F(OutboxSenderTest, AMessageClaimedByASenderThatDiedIsSentWhenItsLeaseEnds) {
  Enqueue();
  // Another sender claimed it and died before sending.
  ASSERT_TRUE(store.WriteValue([&](Repositories& repos) {
    return repos.outbox().ClaimDue(clock.NowSeconds(), clock.NowSeconds() + 40, 1);
  }));
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.attempts(), 0u);
  clock.Advance(40);
  ASSERT_TRUE(sender.SendDue());
  EXPECT_EQ(mailer.sent().size(), 1u);
}

TEST_F(OutboxSenderTest, TheThreadSendsWhenWokenAndStops) {
  sender.Start();
  Enqueue();
  sender.Wake();
  for (int i = 0; i < 500 && mailer.sent().empty(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(mailer.sent().size(), 1u);  // long before the 60 s poll
  sender.Stop();
  Enqueue();
  sender.Wake();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(mailer.sent().size(), 1u);
}

}  // namespace
}  // namespace portcullis::core
