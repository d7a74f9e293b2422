// Tests of RevocationPoller: picks up revocations written to the database by anyone, keeps its
// position through failed polls, rereads an overlap for late commits, and polls on its own thread.
#include "core/revocation_poller.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/in_process_revocation_list.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

using namespace std::chrono_literals;

class RevocationPollerTest : public testing::ServiceFixture {
 protected:
  static constexpr int64_t kLifetime = 930;

  // Revokes the session in the database only, as another node or an admin command would.
  void RevokeElsewhere(const std::string& session_id, int64_t at) {
    ASSERT_TRUE(
        store.Write([&](Repositories& repos) { return repos.sessions().Revoke(session_id, at); }));
  }

  InProcessRevocationList other_node;
};

TEST_F(RevocationPollerTest, AddsWhatWasRevokedSinceTheLastPoll) {
  const std::string id = RegisterAlice().session.id;
  RevocationPoller poller(store, other_node, clock, kLifetime, clock.NowSeconds());
  ASSERT_TRUE(poller.PollOnce());
  EXPECT_FALSE(other_node.Contains(id));
  clock.Advance(1);
  RevokeElsewhere(id, clock.NowSeconds());
  ASSERT_TRUE(poller.PollOnce());
  EXPECT_TRUE(other_node.Contains(id));
  EXPECT_EQ(poller.position(), clock.NowSeconds());
}

TEST_F(RevocationPollerTest, AFailedPollKeepsItsPositionAndTheNextOneCatchesUp) {
  const std::string id = RegisterAlice().session.id;
  const int64_t start = clock.NowSeconds();
  RevocationPoller poller(store, other_node, clock, kLifetime, start);
  clock.Advance(1);
  RevokeElsewhere(id, clock.NowSeconds());
  store.FailWith(MakeError(ErrorCode::kUnavailable, "database down"));
  clock.Advance(60);  // a long outage: far more than the overlap
  EXPECT_FALSE(poller.PollOnce());
  EXPECT_EQ(poller.position(), start);
  EXPECT_FALSE(other_node.Contains(id));
  store.FailWith(std::nullopt);
  ASSERT_TRUE(poller.PollOnce());
  EXPECT_TRUE(other_node.Contains(id));
}

TEST_F(RevocationPollerTest, RereadsAnOverlapForCommitsThatLandBehindThePosition) {
  const std::string id = RegisterAlice().session.id;
  RevocationPoller poller(store, other_node, clock, kLifetime, clock.NowSeconds());
  clock.Advance(10);
  ASSERT_TRUE(poller.PollOnce());
  // Stamped before the last poll, committed after it (or by a node whose clock is behind).
  RevokeElsewhere(id, clock.NowSeconds() - RevocationPoller::kOverlapSeconds + 1);
  clock.Advance(1);
  ASSERT_TRUE(poller.PollOnce());
  EXPECT_TRUE(other_node.Contains(id));
}

TEST_F(RevocationPollerTest, SkipsRevocationsWhoseTokensAreDeadAnyway) {
  const std::string id = RegisterAlice().session.id;
  RevocationPoller poller(store, other_node, clock, kLifetime, clock.NowSeconds() - 2000);
  RevokeElsewhere(id, clock.NowSeconds() - 1500);  // its access tokens expired long ago
  ASSERT_TRUE(poller.PollOnce());
  EXPECT_FALSE(other_node.Contains(id));
}

TEST_F(RevocationPollerTest, ReportsWhenPollsStartFailingAndWhenTheyRecover) {
  std::vector<bool> reports;
  RevocationPoller poller(store, other_node, clock, kLifetime, clock.NowSeconds(),
                          [&](const Status& s) { reports.push_back(s.ok()); });
  store.FailWith(MakeError(ErrorCode::kUnavailable, "database down"));
  EXPECT_FALSE(poller.PollOnce());
  EXPECT_FALSE(poller.PollOnce());  // once per outage, not per poll
  store.FailWith(std::nullopt);
  EXPECT_TRUE(poller.PollOnce());
  EXPECT_TRUE(poller.PollOnce());
  EXPECT_EQ(reports, (std::vector<bool>{false, true}));
}

TEST_F(RevocationPollerTest, PollsOnItsOwnThreadUntilStopped) {
  const std::string id = RegisterAlice().session.id;
  RevocationPoller poller(store, other_node, clock, kLifetime, clock.NowSeconds());
  poller.Start(10ms);
  RevokeElsewhere(id, clock.NowSeconds());
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!other_node.Contains(id) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(other_node.Contains(id));
  poller.Stop();
}

}  // namespace
}  // namespace portcullis::core
