// Tests of "N/WINDOW" parsing and of RateLimiter: per-subject limits with Retry-After, the login
// sequence (pairs, the account-wide trickle), off and disabled limits, and the fallback to this
// node's counters while the shared store fails (a fake store that reports kUnavailable).
#include "core/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portcullis::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(RateLimitParseTest, ReadsCountsAndWindows) {
  EXPECT_EQ(*ParseRateLimit("100/1m"), PerWindow(100, minutes(1)));
  EXPECT_EQ(*ParseRateLimit("10/15m"), PerWindow(10, minutes(15)));
  EXPECT_EQ(*ParseRateLimit("5/30s"), PerWindow(5, seconds(30)));
  EXPECT_EQ(*ParseRateLimit("20/1h"), PerWindow(20, hours(1)));
  EXPECT_EQ(*ParseRateLimit("3/1d"), PerWindow(3, hours(24)));
  EXPECT_EQ(*ParseRateLimit("7/45"), PerWindow(7, seconds(45)));
  EXPECT_EQ(*ParseRateLimit("off"), kOff);
}

TEST(RateLimitParseTest, RefusesEverythingElse) {
  for (const char* bad : {"",
                          "off ",
                          "OFF",
                          "100",
                          "100/",
                          "/1m",
                          "0/1m",
                          "-1/1m",
                          "1/0s",
                          "1/-5s",
                          "1/1w",
                          "1/2d",
                          "1.5/1m",
                          "1/1.5m",
                          "1/m",
                          "1//1m",
                          "1/1m/",
                          " 1/1m",
                          "1/1m ",
                          "abc/1m",
                          "99999999999999/1m",
                          "1/99999999999s"}) {
    EXPECT_FALSE(ParseRateLimit(bad).ok()) << "'" << bad << "'";
  }
}

TEST(RateLimitParseTest, ShowsInTheLargestWholeUnit) {
  EXPECT_EQ(ShowRateLimit(PerWindow(100, minutes(1))), "100/1m");
  EXPECT_EQ(ShowRateLimit(PerWindow(20, hours(1))), "20/1h");
  EXPECT_EQ(ShowRateLimit(PerWindow(5, seconds(90))), "5/90s");
  EXPECT_EQ(ShowRateLimit(kOff), "off");
  EXPECT_EQ(*ParseRateLimit(ShowRateLimit(PerWindow(10, minutes(15)))), PerWindow(10, minutes(15)));
}

// Runs a limiter call whose callback is inline (the in-process store) and returns its Status.
template <class F>
Status Now(F start) {
  std::optional<Status> got;
  start([&](Status s) { got = std::move(s); });
  EXPECT_TRUE(got.has_value()) << "the callback did not run inline";
  return got.value_or(Status::Ok());
}

class RateLimiterTest : public ::testing::Test {
 protected:
  static RateLimitPolicy Small() {
    RateLimitPolicy p;
    p.login_per_ip = PerWindow(5, minutes(1));
    p.login_failures_per_account_ip = PerWindow(3, minutes(15));
    p.login_failures_per_account = PerWindow(6, minutes(15));
    p.register_per_ip = PerWindow(2, hours(1));
    return p;
  }
  Status Login(RateLimiter& limiter, const std::string& ip, const std::string& account) {
    return Now([&](RateLimiter::Done d) { limiter.CheckLogin(ip, account, std::move(d)); });
  }

  FakeClock clock;
  InProcessEphemeralStore store{clock};
};

TEST_F(RateLimiterTest, RefusesBeyondTheLimitWithRetryAfterUntilTheWindowEnds) {
  RateLimiter limiter(Small(), store, clock);
  auto hit = [&] {
    return Now(
        [&](RateLimiter::Done d) { limiter.Hit(Limit::kRegisterPerIp, "1.2.3.4", std::move(d)); });
  };
  EXPECT_TRUE(hit().ok());
  clock.Advance(600);
  EXPECT_TRUE(hit().ok());
  Status third = hit();
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(third.error().retry_after, 3000);  // the window opened 600 s ago
  EXPECT_TRUE(Now([&](RateLimiter::Done d) {
                limiter.Hit(Limit::kRegisterPerIp, "5.6.7.8", std::move(d));
              }).ok());  // another subject
  clock.Advance(3000);
  EXPECT_TRUE(hit().ok());  // a new window
  EXPECT_EQ(limiter.stats().refused, 1u);
}

TEST_F(RateLimiterTest, OffAndDisabledLimitNothing) {
  RateLimitPolicy off = Small();
  off.register_per_ip = kOff;
  RateLimiter limiter(off, store, clock);
  RateLimitPolicy disabled = Small();
  disabled.enabled = false;
  RateLimiter none(disabled, store, clock);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(Now([&](RateLimiter::Done d) {
                  limiter.Hit(Limit::kRegisterPerIp, "ip", std::move(d));
                }).ok());
    EXPECT_TRUE(
        Now([&](RateLimiter::Done d) { none.Hit(Limit::kLoginPerIp, "ip", std::move(d)); }).ok());
    none.LoginFailed("ip", "acct");
    EXPECT_TRUE(Login(none, "ip", "acct").ok());
  }
  EXPECT_EQ(store.size(), 0u);
}

TEST_F(RateLimiterTest, FailuresAreCheckedBeforeAndCountedAfter) {
  RateLimiter limiter(Small(), store, clock);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(Now([&](RateLimiter::Done d) {
                  limiter.Check(Limit::kStepUpFailuresPerSession, "s1", std::move(d));
                }).ok());
    limiter.Fail(Limit::kStepUpFailuresPerSession, "s1");
  }
  Status refused = Now([&](RateLimiter::Done d) {
    limiter.Check(Limit::kStepUpFailuresPerSession, "s1", std::move(d));
  });
  EXPECT_TRUE(refused.ok());  // default 10/15m: three failures are fine
  for (int i = 0; i < 7; ++i) limiter.Fail(Limit::kStepUpFailuresPerSession, "s1");
  refused = Now([&](RateLimiter::Done d) {
    limiter.Check(Limit::kStepUpFailuresPerSession, "s1", std::move(d));
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().retry_after, 900);
  limiter.Clear(Limit::kStepUpFailuresPerSession, "s1");
  EXPECT_TRUE(Now([&](RateLimiter::Done d) {
                limiter.Check(Limit::kStepUpFailuresPerSession, "s1", std::move(d));
              }).ok());
}

TEST_F(RateLimiterTest, LoginCountsEveryAttemptPerIp) {
  RateLimiter limiter(Small(), store, clock);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Login(limiter, "ip", "acct" + std::to_string(i)).ok());
  Status refused = Login(limiter, "ip", "other");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().retry_after, 60);
}

TEST(RateLimitAddressTest, CountsIpv6ByItsSlash64) {
  EXPECT_EQ(RateLimitAddress("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(RateLimitAddress("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitAddress("2001:0DB8:0001:0002:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitAddress("::1"), "::/64");
  EXPECT_EQ(RateLimitAddress("::ffff:198.51.100.9"), "198.51.100.9");
  EXPECT_EQ(RateLimitAddress("fe80::1%eth0"), "fe80::1%eth0");  // not an address: as written
  EXPECT_EQ(RateLimitAddress(""), "");
  EXPECT_EQ(RateLimitAddress("not:an:address"), "not:an:address");
}

TEST_F(RateLimiterTest, OneIpv6Slash64IsOneSubjectForEveryPerAddressLimit) {
  RateLimiter limiter(Small(), store, clock);
  // login_per_ip: 5 per minute, spread over five addresses of one /64.
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(Login(limiter, "2001:db8:a:b::" + std::to_string(i + 1), "a").ok());
  }
  EXPECT_FALSE(Login(limiter, "2001:db8:a:b:ffff::9", "a").ok());
  EXPECT_TRUE(Login(limiter, "2001:db8:a:c::1", "a").ok());  // the next /64
  // The (account, address) pair's failures too.
  for (int i = 0; i < 3; ++i) limiter.LoginFailed("2001:db8:f:f::" + std::to_string(i + 1), "v");
  EXPECT_FALSE(Login(limiter, "2001:db8:f:f::99", "v").ok());
  // And a route's own per-address limit (register: 2 per hour).
  auto reg = [&](const std::string& ip) {
    return Now([&](RateLimiter::Done d) { limiter.Hit(Limit::kRegisterPerIp, ip, std::move(d)); });
  };
  EXPECT_TRUE(reg("2001:db8:9:9::1").ok());
  EXPECT_TRUE(reg("2001:db8:9:9::2").ok());
  EXPECT_FALSE(reg("2001:db8:9:9::3").ok());
}

TEST_F(RateLimiterTest, APairIsRefusedAfterItsFailuresAndClearedBySuccess) {
  RateLimiter limiter(Small(), store, clock);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Login(limiter, "attacker", "victim").ok());
    limiter.LoginFailed("attacker", "victim");
  }
  EXPECT_FALSE(Login(limiter, "attacker", "victim").ok());
  EXPECT_TRUE(Login(limiter, "home", "victim").ok());  // the real user elsewhere
  // A success clears only its own pair.
  limiter.LoginFailed("home", "victim");
  limiter.LoginSucceeded("home", "victim");
  EXPECT_TRUE(Login(limiter, "home", "victim").ok());
  EXPECT_FALSE(Login(limiter, "attacker", "victim").ok());
  clock.Advance(15 * 60);
  EXPECT_TRUE(Login(limiter, "attacker", "victim").ok());
}

TEST_F(RateLimiterTest, BeyondTheAccountCeilingFailedPairsTrickleAndCleanPairsPass) {
  RateLimitPolicy p = Small();
  p.login_per_ip = PerWindow(1000, minutes(1));
  RateLimiter limiter(p, store, clock);
  // Six attacker addresses fail once each: the account reaches its ceiling of 6.
  for (int i = 0; i < 6; ++i) {
    const std::string ip = "bot" + std::to_string(i);
    ASSERT_TRUE(Login(limiter, ip, "victim").ok());
    limiter.LoginFailed(ip, "victim");
  }
  // A failed pair gets one attempt per second between all of them, not more.
  EXPECT_TRUE(Login(limiter, "bot0", "victim").ok());
  Status slowed = Login(limiter, "bot1", "victim");
  ASSERT_FALSE(slowed.ok());
  EXPECT_EQ(slowed.error().retry_after, 1);
  // The real user, who has not failed, is never slowed.
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(Login(limiter, "home", "victim").ok());
  clock.Advance(1);
  EXPECT_TRUE(Login(limiter, "bot1", "victim").ok());  // the next second's attempt
  // Other accounts are untouched.
  EXPECT_TRUE(Login(limiter, "bot2", "someone-else").ok());
}

// An EphemeralStore whose every call fails like a Redis that is down, while `down` is set.
class FlakyStore final : public EphemeralStore {
 public:
  explicit FlakyStore(const Clock& clock) : healthy_(clock) {}
  bool down = true;

  void Hit(std::string key, int64_t amount, std::chrono::milliseconds window,
           CounterDone done) override {
    if (down) return done(Unavailable());
    healthy_.Hit(std::move(key), amount, window, std::move(done));
  }
  void Peek(std::string key, CounterDone done) override {
    if (down) return done(Unavailable());
    healthy_.Peek(std::move(key), std::move(done));
  }
  void Reset(std::string key, StatusDone done) override {
    if (down) return done(Unavailable());
    healthy_.Reset(std::move(key), std::move(done));
  }
  void PutOnce(std::string, std::string, std::chrono::milliseconds, StatusDone done) override {
    done(Unavailable());
  }
  void Take(std::string, ValueDone done) override { done(Unavailable()); }
  void Publish(std::string, std::string) override {}
  std::unique_ptr<Subscription> Subscribe(std::string,
                                          std::function<void(const std::string&)>) override {
    return nullptr;
  }
  Status Ping() override { return down ? Status(Unavailable()) : Status::Ok(); }

 private:
  static Error Unavailable() { return MakeError(ErrorCode::kUnavailable, "redis is down"); }
  InProcessEphemeralStore healthy_;
};

TEST_F(RateLimiterTest, AnOutageFallsBackToThisNodeAndWarnsOncePerOutage) {
  FlakyStore flaky(clock);
  std::vector<std::string> warnings;
  RateLimiter limiter(Small(), flaky, clock,
                      [&](std::string_view line) { warnings.emplace_back(line); });
  auto hit = [&] {
    return Now(
        [&](RateLimiter::Done d) { limiter.Hit(Limit::kRegisterPerIp, "ip", std::move(d)); });
  };
  EXPECT_TRUE(hit().ok());
  EXPECT_TRUE(hit().ok());
  EXPECT_FALSE(hit().ok());  // still limited: counted on this node
  for (int i = 0; i < 10; ++i) static_cast<void>(hit());
  EXPECT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(limiter.stats().shared_store_down);
  EXPECT_GE(limiter.stats().fallback_calls, 13u);

  flaky.down = false;
  EXPECT_TRUE(hit().ok());         // the shared store's own count starts afresh
  EXPECT_EQ(warnings.size(), 2u);  // "back"
  EXPECT_FALSE(limiter.stats().shared_store_down);
  flaky.down = true;
  static_cast<void>(hit());
  static_cast<void>(hit());
  EXPECT_EQ(warnings.size(), 3u);  // a second outage warns once more
}

}  // namespace
}  // namespace portcullis::core
