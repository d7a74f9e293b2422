// Tests for refresh rotation, reuse detection, revocation and access-token checks.
#include "core/session_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

using testing::ServiceFixture;
using SessionServiceTest = ServiceFixture;

TEST_F(SessionServiceTest, RefreshRotatesAndSpendsTheOldToken) {
  IssuedTokens first = RegisterAlice();
  auto second = sessions.Refresh(first.refresh_token);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->refresh_token, first.refresh_token);
  EXPECT_EQ(second->session.id, first.session.id);
  EXPECT_TRUE(sessions.Refresh(second->refresh_token).ok());
}

TEST_F(SessionServiceTest, RefreshAsyncIsOneCommitAndSignsOnlyWhenTheDeferredIsCalled) {
  IssuedTokens first = RegisterAlice();
  const uint64_t commits = store.commits();
  const int signed_before = codec.encoded.load();
  std::optional<Deferred<IssuedTokens>> deferred;
  sessions.RefreshAsync(first.refresh_token,
                        [&](Deferred<IssuedTokens> d) { deferred = std::move(d); });
  ASSERT_TRUE(deferred.has_value());
  EXPECT_EQ(store.commits(), commits + 1);  // read, decision and rotation: one Write
  EXPECT_EQ(codec.encoded.load(), signed_before);
  auto second = (*deferred)();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(codec.encoded.load(), signed_before + 1);
  EXPECT_EQ(second->session.id, first.session.id);
}

TEST_F(SessionServiceTest, ATheftVerdictIsCommittedAndRevokedBeforeTheCallback) {
  IssuedTokens a = RegisterAlice();
  ASSERT_TRUE(sessions.Refresh(a.refresh_token).ok());
  clock.Advance(60);  // past the grace: a replay is theft
  const uint64_t commits = store.commits();
  bool revoked_in_callback = false;
  std::optional<Deferred<IssuedTokens>> deferred;
  sessions.RefreshAsync(a.refresh_token, [&](Deferred<IssuedTokens> d) {
    revoked_in_callback = !sessions.Authenticate(a.access_token).ok();
    deferred = std::move(d);
  });
  ASSERT_TRUE(deferred.has_value());
  EXPECT_TRUE(revoked_in_callback);
  EXPECT_EQ(store.commits(), commits + 1);  // the revocation is the refresh's own commit
  auto replay = (*deferred)();
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().reason, Reason::kTokenReused);
}

TEST_F(SessionServiceTest, ReplayOfPreviousTokenWithinGraceIsARace) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  clock.Advance(5);
  auto replay = sessions.Refresh(a.refresh_token);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::kTokenInvalid);
  EXPECT_TRUE(sessions.Authenticate(b->access_token).ok());
  EXPECT_TRUE(sessions.Refresh(b->refresh_token).ok());
}

TEST_F(SessionServiceTest, ReplayAfterGraceRevokesTheSession) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  clock.Advance(11);
  auto replay = sessions.Refresh(a.refresh_token);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::kTokenInvalid);
  EXPECT_FALSE(sessions.Refresh(b->refresh_token).ok());
  auto auth = sessions.Authenticate(b->access_token);
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.error().code, ErrorCode::kTokenInvalid);
}

TEST_F(SessionServiceTest, ReplayOfAnOlderGenerationIsTheftEvenWithinGrace) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  auto c = sessions.Refresh(b->refresh_token);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(sessions.Refresh(a.refresh_token).ok());
  EXPECT_FALSE(sessions.Refresh(c->refresh_token).ok());
}

TEST_F(SessionServiceTest, ConcurrentRefreshesHaveExactlyOneWinner) {
  IssuedTokens a = RegisterAlice();
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (sessions.Refresh(a.refresh_token).ok()) ++wins;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST_F(SessionServiceTest, ExpiredRefreshTokenIsRefused) {
  IssuedTokens a = RegisterAlice();
  clock.Advance(3601);
  auto r = sessions.Refresh(a.refresh_token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTokenExpired);
}

TEST_F(SessionServiceTest, RevokeRejectsAccessTokenAtOnce) {
  IssuedTokens a = RegisterAlice();
  ASSERT_TRUE(sessions.Authenticate(a.access_token).ok());
  ASSERT_TRUE(sessions.Revoke(a.session.id).ok());
  EXPECT_FALSE(sessions.Authenticate(a.access_token).ok());
  EXPECT_FALSE(sessions.Refresh(a.refresh_token).ok());
}

TEST_F(SessionServiceTest, WarmRevocationsRemembersAcrossRestart) {
  IssuedTokens a = RegisterAlice();
  ASSERT_TRUE(sessions.Revoke(a.session.id).ok());
  InProcessRevocationList empty_after_restart;
  SessionService restarted(Policy(), store, codec, refresh_tokens, tokens, random, clock,
                           empty_after_restart);
  ASSERT_TRUE(restarted.Authenticate(a.access_token).ok());  // not warmed yet
  ASSERT_TRUE(restarted.WarmRevocations().ok());
  EXPECT_FALSE(restarted.Authenticate(a.access_token).ok());
}

TEST_F(SessionServiceTest, RevokeOwnedRefusesOtherUsersSessions) {
  IssuedTokens a = RegisterAlice();
  auto r = sessions.RevokeOwned("someone-else", a.session.id);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(sessions.RevokeOwned(a.user.id, a.session.id).ok());
}

TEST_F(SessionServiceTest, RevokeAllKeepsOnlyTheGivenSession) {
  IssuedTokens a = RegisterAlice();
  auto b = Opened(accounts.Login({"alice@example.com", "", "correct horse"}, {}));
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(sessions.RevokeAll(a.user.id, b->session.id).ok());
  EXPECT_FALSE(sessions.Authenticate(a.access_token).ok());
  EXPECT_TRUE(sessions.Authenticate(b->access_token).ok());
  auto active = sessions.ListActive(a.user.id);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ(active->front().id, b->session.id);
}

TEST_F(SessionServiceTest, RefusalsSayWhyWithATypedReason) {
  IssuedTokens a = RegisterAlice();
  EXPECT_EQ(sessions.Refresh("never issued").error().reason, Reason::kUnknownToken);
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(sessions.Refresh(a.refresh_token).error().reason, Reason::kTokenRotated);
  clock.Advance(11);
  auto theft = sessions.Refresh(a.refresh_token);
  EXPECT_EQ(theft.error().code, ErrorCode::kTokenInvalid);
  EXPECT_EQ(theft.error().reason, Reason::kTokenReused);
  EXPECT_EQ(sessions.Refresh(b->refresh_token).error().reason, Reason::kSessionRevoked);

  IssuedTokens c = *Opened(accounts.Login({"alice@example.com", "", "correct horse"}, {}));
  clock.Advance(3601);
  auto expired = sessions.Refresh(c.refresh_token);
  EXPECT_EQ(expired.error().code, ErrorCode::kTokenExpired);
  EXPECT_EQ(expired.error().reason, Reason::kTokenExpired);
}

// A token of `session_id` at `counter` with a MAC that the server never made.
std::string Forged(const std::string& session_id, int64_t counter) {
  return session_id + "." + std::to_string(counter) + ".12345";
}

TEST_F(SessionServiceTest, AForgedTokenOfARealSessionIsUnknownAndRevokesNothing) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  auto c = sessions.Refresh(b->refresh_token);
  ASSERT_TRUE(c.ok());
  // Counters 0 and 1 are spent, 2 is current, 3 was never issued: a wrong MAC is never theft.
  for (int64_t counter : {0, 1, 2, 3, 99}) {
    auto forged = sessions.Refresh(Forged(a.session.id, counter));
    ASSERT_FALSE(forged.ok());
    EXPECT_EQ(forged.error().code, ErrorCode::kTokenInvalid);
    EXPECT_EQ(forged.error().reason, Reason::kUnknownToken) << counter;
  }
  auto logout = sessions.RevokeByRefreshToken(Forged(a.session.id, 1));
  ASSERT_FALSE(logout.ok());
  EXPECT_EQ(logout.error().reason, Reason::kUnknownToken);
  EXPECT_TRUE(sessions.Authenticate(c->access_token).ok());
  EXPECT_TRUE(sessions.Refresh(c->refresh_token).ok());
}

TEST_F(SessionServiceTest, TokensOfAnotherFormatOrSessionAreUnknown) {
  IssuedTokens a = RegisterAlice();
  for (const std::string& junk : {std::string(43, 'A'), std::string("not.a.token"), std::string(""),
                                  std::string("no-such-session.0.1"), a.refresh_token + "x"}) {
    auto r = sessions.Refresh(junk);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::kUnknownToken) << junk;
  }
  EXPECT_TRUE(sessions.Refresh(a.refresh_token).ok());
}

TEST_F(SessionServiceTest, ARotationIsOneCommitAndMovesTheCounter) {
  IssuedTokens a = RegisterAlice();
  const uint64_t before = store.commits();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(store.commits() - before, 1u);
  auto row =
      store.ReadValue([&](Repositories& r) { return r.sessions().FindSession(a.session.id); });
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->refresh_counter, 1);
  EXPECT_EQ(row->refresh_hash, tokens.HashOf(b->refresh_token));
  EXPECT_EQ(row->previous_hash, tokens.HashOf(a.refresh_token));
  EXPECT_EQ(row->rotated_at, clock.NowSeconds());
  EXPECT_EQ(b->session.refresh_counter, 1);
}

TEST_F(SessionServiceTest, TheRaceWindowIsOnlyForTheImmediatelyPreviousToken) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  clock.Advance(10);  // exactly the grace: still a race
  EXPECT_EQ(sessions.Refresh(a.refresh_token).error().reason, Reason::kTokenRotated);
  EXPECT_TRUE(sessions.Authenticate(b->access_token).ok());
  // Its successor used: the previous token is now two generations old, and theft.
  auto c = sessions.Refresh(b->refresh_token);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(sessions.Refresh(a.refresh_token).error().reason, Reason::kTokenReused);
  EXPECT_FALSE(sessions.Authenticate(c->access_token).ok());
}

TEST_F(SessionServiceTest, LogoutByAnyGenuineTokenOfTheSession) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(sessions.RevokeByRefreshToken(a.refresh_token).ok());  // a spent one still names it
  EXPECT_FALSE(sessions.Authenticate(b->access_token).ok());
  EXPECT_EQ(sessions.Refresh(b->refresh_token).error().reason, Reason::kSessionRevoked);
}

TEST_F(SessionServiceTest, TheCurrentRefreshTokenAuthenticatesItsSessionWithoutRotating) {
  IssuedTokens a = RegisterAlice();
  const uint64_t commits = store.commits();
  auto principal = sessions.AuthenticateRefreshToken(a.refresh_token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_id, a.user.id);
  EXPECT_EQ(principal->session_id, a.session.id);
  EXPECT_EQ(store.commits(), commits);  // a read: nothing rotated
  EXPECT_TRUE(sessions.AuthenticateRefreshToken(a.refresh_token).ok());
  EXPECT_TRUE(sessions.Refresh(a.refresh_token).ok());  // still the live token
}

TEST_F(SessionServiceTest, OnlyTheLiveRefreshTokenOfALiveSessionAuthenticates) {
  IssuedTokens a = RegisterAlice();
  auto b = sessions.Refresh(a.refresh_token);
  ASSERT_TRUE(b.ok());
  auto spent = sessions.AuthenticateRefreshToken(a.refresh_token);
  ASSERT_FALSE(spent.ok());
  EXPECT_EQ(spent.error().code, ErrorCode::kTokenInvalid);
  EXPECT_TRUE(sessions.Authenticate(b->access_token).ok());  // a read passes no theft verdict
  EXPECT_FALSE(sessions.AuthenticateRefreshToken("not-a-token").ok());
  clock.Advance(3601);
  auto expired = sessions.AuthenticateRefreshToken(b->refresh_token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kTokenExpired);
}

TEST_F(SessionServiceTest, ARevokedSessionsRefreshTokenAuthenticatesNothing) {
  IssuedTokens a = RegisterAlice();
  ASSERT_TRUE(sessions.Revoke(a.session.id).ok());
  auto revoked = sessions.AuthenticateRefreshToken(a.refresh_token);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().reason, Reason::kSessionRevoked);
}

}  // namespace
}  // namespace portcullis::core
