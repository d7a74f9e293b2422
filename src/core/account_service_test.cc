// Tests for registration, login, profile updates and password changes.
#include "core/account_service.h"

#include <gtest/gtest.h>

#include <optional>

#include "core/in_process_ephemeral_store.h"
#include "core/rate_limiter.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

using testing::ServiceFixture;
using AccountServiceTest = ServiceFixture;

TEST_F(AccountServiceTest, RegisterNormalisesAndRejectsDuplicates) {
  Registration r;
  r.email = "  Bob@Example.COM ";
  r.password = "long enough";
  auto issued = accounts.Register(r, {});
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->user.email, "bob@example.com");
  r.email = "BOB@example.com";
  auto again = accounts.Register(r, {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, Field::kEmail);
  EXPECT_EQ(again.error().reason, Reason::kTaken);
}

TEST_F(AccountServiceTest, FailedRegistrationLeavesNoRecord) {
  Registration r;
  r.email = "carol@example.com";
  r.password = "short";
  EXPECT_FALSE(accounts.Register(r, {}).ok());
  EXPECT_EQ(store.ReadValue([&](Repositories& r) { return r.users().Count(); }).value(), 0);
}

TEST_F(AccountServiceTest, UnknownUserAndWrongPasswordLookAlikeAndCostAlike) {
  RegisterAlice();
  const int before = hasher.work.load();
  auto wrong = Opened(accounts.Login({"alice@example.com", "", "wrong password"}, {}));
  const int wrong_work = hasher.work.load() - before;
  const int mid = hasher.work.load();
  auto unknown = Opened(accounts.Login({"nobody@example.com", "", "wrong password"}, {}));
  const int unknown_work = hasher.work.load() - mid;
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(wrong.error().detail, unknown.error().detail);
  EXPECT_EQ(wrong_work, unknown_work);
}

TEST_F(AccountServiceTest, AnAccountWithoutAPasswordRefusesEveryPasswordLikeAWrongOne) {
  RegisterAlice();
  User sso;  // what single sign-on creates: no password (an empty hash)
  sso.id = "sso-user";
  sso.email = "sso@example.com";
  ASSERT_TRUE(store.Write([&](Repositories& r) { return r.users().Create(sso); }).ok());

  int before = hasher.work.load();
  auto wrong = Opened(accounts.Login({"alice@example.com", "", "wrong password"}, {}));
  const int wrong_work = hasher.work.load() - before;
  for (const char* password : {"wrong password", ""}) {
    before = hasher.work.load();
    const int decoys_before = hasher.decoy_verifications.load();
    auto refused = Opened(accounts.Login({"sso@example.com", "", password}, {}));
    ASSERT_FALSE(refused.ok()) << password;
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(refused.error().code, wrong.error().code) << password;
    EXPECT_EQ(refused.error().detail, wrong.error().detail) << password;
    EXPECT_EQ(hasher.work.load() - before, wrong_work) << password;
    // The work is the decoy's, never a verification against the empty hash.
    EXPECT_EQ(hasher.decoy_verifications.load() - decoys_before, wrong_work) << password;
  }
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
}

TEST_F(AccountServiceTest, LoginByUsername) {
  Registration r;
  r.email = "dave@example.com";
  r.username = "Dave";
  r.password = "long enough";
  ASSERT_TRUE(accounts.Register(r, {}).ok());
  auto login = Opened(accounts.Login({"", "DAVE", "long enough"}, {}));
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->user.username.value_or(""), "dave");
}

TEST_F(AccountServiceTest, UpdateProfileRejectsTakenUsername) {
  Registration r;
  r.email = "erin@example.com";
  r.username = "erin";
  r.password = "long enough";
  ASSERT_TRUE(accounts.Register(r, {}).ok());
  IssuedTokens alice = RegisterAlice();
  ProfilePatch patch;
  patch.username = std::optional<std::string>("ERIN");
  auto taken = accounts.UpdateProfile(alice.user.id, patch);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  patch.username = std::optional<std::string>("alice");
  patch.display_name = "Alice";
  auto updated = accounts.UpdateProfile(alice.user.id, patch);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->username.value_or(""), "alice");
  EXPECT_EQ(accounts.GetProfile(alice.user.id)->display_name, "Alice");
}

TEST_F(AccountServiceTest, ChangePasswordRevokesOtherSessions) {
  IssuedTokens here = RegisterAlice();
  auto there = Opened(accounts.Login({"alice@example.com", "", "correct horse"}, {}));
  ASSERT_TRUE(there.ok());
  auto principal = sessions.Authenticate(here.access_token);
  ASSERT_TRUE(principal.ok());
  auto wrong = accounts.ChangePassword(*principal, "not it", "new password!");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
  ASSERT_TRUE(accounts.ChangePassword(*principal, "correct horse", "new password!").ok());
  EXPECT_TRUE(sessions.Authenticate(here.access_token).ok());
  EXPECT_FALSE(sessions.Authenticate(there->access_token).ok());
  EXPECT_FALSE(sessions.Refresh(there->refresh_token).ok());
  EXPECT_FALSE(Opened(accounts.Login({"alice@example.com", "", "correct horse"}, {})).ok());
  EXPECT_TRUE(Opened(accounts.Login({"alice@example.com", "", "new password!"}, {})).ok());
}

// A user whose stored hash was made at an older cost (the fake hasher marks those "old:").
User LegacyUser() {
  User user;
  user.id = "legacy-user";
  user.email = "legacy@example.com";
  user.password_hash = "old:hash:correct horse";
  return user;
}

TEST_F(AccountServiceTest, LoginUpgradesAnOldCostHashInTheSessionsCommit) {
  ASSERT_TRUE(store.Write([](Repositories& r) { return r.users().Create(LegacyUser()); }).ok());
  const int work_before = hasher.work.load();
  const uint64_t commits_before = store.commits();
  auto login = Opened(accounts.Login({"legacy@example.com", "", "correct horse"}, {}));
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(hasher.work.load() - work_before, 2);   // the check and the new hash
  EXPECT_EQ(store.commits() - commits_before, 1u);  // the upgrade rode with the session
  auto stored = store.ReadValue([](Repositories& r) { return r.users().FindById("legacy-user"); });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->password_hash, "hash:correct horse");
  EXPECT_EQ(stored->password_changed_at, 0);  // the same password: not a password change

  // At the current cost there is nothing more to do: one hash per login.
  const int work_after = hasher.work.load();
  ASSERT_TRUE(Opened(accounts.Login({"legacy@example.com", "", "correct horse"}, {})).ok());
  EXPECT_EQ(hasher.work.load() - work_after, 1);
}

TEST_F(AccountServiceTest, AFailedLoginUpgradesNothing) {
  ASSERT_TRUE(store.Write([](Repositories& r) { return r.users().Create(LegacyUser()); }).ok());
  const int work_before = hasher.work.load();
  EXPECT_FALSE(Opened(accounts.Login({"legacy@example.com", "", "wrong horse"}, {})).ok());
  EXPECT_EQ(hasher.work.load() - work_before, 1);
  auto stored = store.ReadValue([](Repositories& r) { return r.users().FindById("legacy-user"); });
  EXPECT_EQ(stored->password_hash, "old:hash:correct horse");
}

TEST_F(AccountServiceTest, AnUpgradeNeverOverwritesAPasswordChangedMeanwhile) {
  ASSERT_TRUE(store.Write([](Repositories& r) { return r.users().Create(LegacyUser()); }).ok());
  auto replaced = store.WriteValue([](Repositories& r) {
    return r.users().RehashPassword("legacy-user", "not the stored hash", "hash:x");
  });
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(*replaced);
  EXPECT_EQ(store.ReadValue([](Repositories& r) { return r.users().FindById("legacy-user"); })
                ->password_hash,
            "old:hash:correct horse");
}

TEST_F(AccountServiceTest, ConflictsNameTheTakenFieldAndReason) {
  Registration r;
  r.email = "frank@example.com";
  r.username = "frank";
  r.password = "long enough";
  ASSERT_TRUE(accounts.Register(r, {}).ok());
  r.email = "other@example.com";
  auto taken = accounts.Register(r, {});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(taken.error().field, Field::kUsername);
  EXPECT_EQ(taken.error().reason, Reason::kTaken);
}

// The async forms hand back a Deferred once everything is committed; signing waits for the call.
TEST_F(AccountServiceTest, LoginAsyncCommitsOnceThenSignsOnlyWhenTheDeferredIsCalled) {
  RegisterAlice();
  const uint64_t commits = store.commits();
  const int signed_before = codec.encoded.load();
  Credentials credentials;
  credentials.email = "alice@example.com";
  credentials.password = "correct horse";
  std::optional<Deferred<LoginOutcome>> deferred;
  accounts.LoginAsync(credentials, {"127.0.0.1", "test"}, [&](Deferred<LoginOutcome> d) {
    EXPECT_EQ(store.commits(), commits + 1);  // durable before the callback
    deferred = std::move(d);
  });
  ASSERT_TRUE(deferred.has_value());
  EXPECT_EQ(codec.encoded.load(), signed_before);
  auto opened = Opened((*deferred)());
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(codec.encoded.load(), signed_before + 1);
  EXPECT_TRUE(sessions.Authenticate(opened->access_token).ok());
}

TEST_F(AccountServiceTest, AFullHashQueueAnswersLoginAndRegisterOverloadedAtOnce) {
  RegisterAlice();
  const uint64_t commits = store.commits();
  hasher.overloaded = true;
  Credentials credentials;
  credentials.email = "alice@example.com";
  credentials.password = "correct horse";
  bool called = false;
  accounts.LoginAsync(credentials, {}, [&](Deferred<LoginOutcome> d) {
    called = true;
    auto outcome = d();
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, ErrorCode::kOverloaded);
  });
  EXPECT_TRUE(called);  // on this thread, before LoginAsync returned
  Registration bob;
  bob.email = "bob@example.com";
  bob.password = "another horse";
  auto registered = accounts.Register(bob, {});
  ASSERT_FALSE(registered.ok());
  EXPECT_EQ(registered.error().code, ErrorCode::kOverloaded);
  EXPECT_EQ(store.commits(), commits);
}

// The limits sit before the hasher: a refused login or registration does no hashing work.
TEST_F(AccountServiceTest, ARateLimitedLoginOrRegistrationHashesNothing) {
  RegisterAlice();
  RateLimitPolicy policy;
  policy.login_failures_per_account_ip = PerWindow(2, std::chrono::minutes(15));
  policy.register_per_ip = PerWindow(1, std::chrono::hours(1));
  InProcessEphemeralStore ephemeral(clock);
  RateLimiter limiter(policy, ephemeral, clock);
  AccountService limited(store, hasher, sessions, random, clock, nullptr, &limiter);
  const ClientInfo attacker{"198.51.100.1", "test"};
  for (int i = 0; i < 2; ++i) {
    auto wrong = limited.Login({"alice@example.com", "", "wrong horse", std::nullopt}, attacker);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
  }
  const int work = hasher.work.load();
  auto refused = limited.Login({"alice@example.com", "", "correct horse", std::nullopt}, attacker);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().retry_after, 900);
  EXPECT_EQ(hasher.work.load(), work);
  // The owner elsewhere is not affected.
  EXPECT_TRUE(
      limited
          .Login({"alice@example.com", "", "correct horse", std::nullopt}, {"203.0.113.5", "test"})
          .ok());
  Registration bob{"bob@example.com", "another horse"};
  EXPECT_TRUE(limited.Register(bob, attacker).ok());
  const int after_bob = hasher.work.load();
  Registration carol{"carol@example.com", "a third horse"};
  auto second = limited.Register(carol, attacker);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(hasher.work.load(), after_bob);
}

}  // namespace
}  // namespace portcullis::core
