// Tests of CrossNodeRevocationList: two nodes' lists over one broadcast (an Add on A is seen on B),
// the message format, and a lost message caught by the database poll.
#include "core/cross_node_revocation_list.h"

#include <gtest/gtest.h>

#include "core/in_process_revocation_list.h"
#include "core/revocation_poller.h"
#include "core/testing/loopback_broadcast.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

TEST(CrossNodeRevocationListTest, AnAddOnOneNodeIsSeenOnTheOther) {
  FakeClock clock;
  testing::LoopbackBroadcast broadcast;
  InProcessRevocationList local_a, local_b;
  CrossNodeRevocationList a(local_a, broadcast, clock, "node-a");
  CrossNodeRevocationList b(local_b, broadcast, clock, "node-b");
  a.Add("s1", clock.NowSeconds() + 900, clock.NowSeconds());
  EXPECT_TRUE(a.Contains("s1"));
  EXPECT_TRUE(b.Contains("s1"));
  const std::vector<Revocation> batch = {{"s2", clock.NowSeconds() + 900},
                                         {"s3", clock.NowSeconds() + 900}};
  b.Add(batch, clock.NowSeconds());
  EXPECT_TRUE(a.Contains("s2"));
  EXPECT_TRUE(a.Contains("s3"));
  EXPECT_FALSE(a.Contains("s4"));
}

TEST(CrossNodeRevocationListTest, ALostMessageIsNotSeenElsewhere) {
  FakeClock clock;
  testing::LoopbackBroadcast broadcast;
  InProcessRevocationList local_a, local_b;
  CrossNodeRevocationList a(local_a, broadcast, clock, "node-a");
  CrossNodeRevocationList b(local_b, broadcast, clock, "node-b");
  broadcast.set_drop(true);
  a.Add("s1", clock.NowSeconds() + 900, clock.NowSeconds());
  EXPECT_TRUE(a.Contains("s1"));   // always local first
  EXPECT_FALSE(b.Contains("s1"));  // the poll's job (below)
}

TEST(CrossNodeRevocationListTest, EncodesCompactlyAndDecodesWhatItEncoded) {
  const std::vector<Revocation> batch = {{"id-1", 100}, {"id-2", 100}, {"id-3", 250}};
  const std::string message = CrossNodeRevocationList::Encode("node", batch);
  EXPECT_EQ(message, "v1 node @100 id-1 id-2 @250 id-3");
  auto decoded = CrossNodeRevocationList::Decode(message);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->node_id, "node");
  ASSERT_EQ(decoded->revocations.size(), 3u);
  EXPECT_EQ(decoded->revocations[2].session_id, "id-3");
  EXPECT_EQ(decoded->revocations[2].forget_after, 250);
}

TEST(CrossNodeRevocationListTest, IgnoresMessagesItDoesNotUnderstand) {
  for (const char* bad : {"", "v2 node @1 a", "v1", "v1 node a", "v1 node @x a", "v1 node @1 a;b",
                          "v1 no de @1 a", "v1 node @1 a\nb"}) {
    EXPECT_FALSE(CrossNodeRevocationList::Decode(bad)) << bad;
  }
}

// Node A and node B share one database (the memory store) and one broadcast that loses messages.
class TwoNodesTest : public testing::ServiceFixture {
 protected:
  static constexpr int64_t kLifetime = 900 + 30;

  testing::LoopbackBroadcast broadcast;
  InProcessRevocationList local_b;
  CrossNodeRevocationList b{local_b, broadcast, clock, "node-b"};
  SessionService sessions_b{Policy(), store, codec, refresh_tokens, tokens, random, clock, b};
  RevocationPoller poller_b{store, local_b, clock, kLifetime, clock.NowSeconds()};
};

TEST_F(TwoNodesTest, ThePollCatchesARevocationWhoseMessageWasLost) {
  IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(sessions_b.Authenticate(alice.access_token));
  broadcast.set_drop(true);
  clock.Advance(1);
  ASSERT_TRUE(sessions.Revoke(alice.session.id));  // node A (its list does not publish here)
  EXPECT_TRUE(sessions_b.Authenticate(alice.access_token));  // B has not heard
  ASSERT_TRUE(poller_b.PollOnce());
  auto refused = sessions_b.Authenticate(alice.access_token);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, Reason::kSessionRevoked);
}

}  // namespace
}  // namespace portcullis::core
