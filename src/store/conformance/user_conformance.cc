// UserRepository conformance: create, lookups, profile, password and email updates, activation,
// deletion, uniqueness. Every backend instantiates StoreConformanceTest; each test owns a store.
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

using core::User;

TEST_P(StoreConformanceTest, CreatesAndFindsUserByIdEmailAndUsername) {
  const User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));

  auto by_id = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(by_id);
  ExpectSameUser(*by_id, user);
  auto by_email = Read([&](auto& r) { return r.users().FindByEmail(user.email); });
  ASSERT_OK(by_email);
  ExpectSameUser(*by_email, user);
  auto by_username = Read([&](auto& r) { return r.users().FindByUsername(*user.username); });
  ASSERT_OK(by_username);
  ExpectSameUser(*by_username, user);
}

TEST_P(StoreConformanceTest, CreateKeepsTheInstanceRole) {
  User admin = MakeUser("1");
  admin.instance_role = "admin";
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(admin); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));
  auto found = Read([&](auto& r) { return r.users().FindByEmail("1@example.com"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->instance_role, "admin");
  found = Read([&](auto& r) { return r.users().FindById("user-2"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->instance_role, "user");
}

TEST_P(StoreConformanceTest, CreateKeepsTheHasuraRoles) {
  User editor = MakeUser("1");
  editor.default_role = "editor";
  // Names a comma-separated or hand-quoted encoding would confuse.
  editor.allowed_roles = {"editor", "user", "a,b", "q\"uote", "back\\slash", "", "\xc3\xa9"};
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(editor); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("2")); }));

  auto found = Read([&](auto& r) { return r.users().FindByEmail("1@example.com"); });
  ASSERT_OK(found);
  ExpectSameUser(*found, editor);
  found = Read([&](auto& r) { return r.users().FindByUsername("name1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->allowed_roles, editor.allowed_roles);
  // No roles: the instance's defaults apply, stored as nothing.
  found = Read([&](auto& r) { return r.users().FindById("user-2"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->default_role, "");
  EXPECT_TRUE(found->allowed_roles.empty());
}

TEST_P(StoreConformanceTest, UpdateProfileWritesTheHasuraRoles) {
  User user = MakeUser("1");
  user.default_role = "user";
  user.allowed_roles = {"user", "me"};
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  user.default_role = "editor";
  user.allowed_roles = {"editor"};
  user.updated_at = kNow + 5;
  ASSERT_OK(Write([&](auto& r) { return r.users().UpdateProfile(user); }));
  auto found = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->default_role, "editor");
  EXPECT_EQ(found->allowed_roles, std::vector<std::string>{"editor"});

  user.default_role.clear();
  user.allowed_roles.clear();
  ASSERT_OK(Write([&](auto& r) { return r.users().UpdateProfile(user); }));
  found = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->default_role, "");
  EXPECT_TRUE(found->allowed_roles.empty());
}

TEST_P(StoreConformanceTest, MissingUserIsNotFound) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById("nope"); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByEmail("nope@example.com"); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByUsername("nope"); }).error().code,
            ErrorCode::kNotFound);
  // Lookups are exact: normalisation is core's job.
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByEmail("1@EXAMPLE.com"); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, UsernameIsOptionalAndMayBeAbsentForManyUsers) {
  User a = MakeUser("a");
  a.username.reset();
  User b = MakeUser("b");
  b.username.reset();
  b.password_hash.clear();
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(a); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(b); }));
  auto found = Read([&](auto& r) { return r.users().FindById(b.id); });
  ASSERT_OK(found);
  ExpectSameUser(*found, b);
  EXPECT_FALSE(found->username.has_value());
}

TEST_P(StoreConformanceTest, CreateConflictsOnEmail) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  User other = MakeUser("2");
  other.email = "1@example.com";
  EXPECT_TAKEN(Write([&](auto& r) { return r.users().Create(other); }), Field::kEmail);
  auto count = Read([&](auto& r) { return r.users().Count(); });
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById(other.id); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CreateConflictsOnUsername) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  User other = MakeUser("2");
  other.username = "name1";
  EXPECT_TAKEN(Write([&](auto& r) { return r.users().Create(other); }), Field::kUsername);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByEmail(other.email); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CreateConflictsOnId) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  User other = MakeUser("2");
  other.id = "user-1";
  EXPECT_ERROR(Write([&](auto& r) { return r.users().Create(other); }), ErrorCode::kConflict,
               "user");
}

TEST_P(StoreConformanceTest, UpdateProfileWritesProfileFieldsOnly) {
  const User original = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(original); }));
  User changed = original;
  changed.username = "renamed";
  changed.display_name = "Renamed";
  changed.metadata_json = R"({"k":[1,2]})";
  changed.instance_role = "admin";
  changed.updated_at = kNow + 10;
  changed.email = "ignored@example.com";  // not a profile field
  changed.password_hash = "ignored";      // not a profile field
  changed.created_at = 1;                 // not a profile field
  ASSERT_OK(Write([&](auto& r) { return r.users().UpdateProfile(changed); }));

  auto found = Read([&](auto& r) { return r.users().FindById(original.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->username, "renamed");
  EXPECT_EQ(found->display_name, "Renamed");
  EXPECT_EQ(found->metadata_json, R"({"k":[1,2]})");
  EXPECT_EQ(found->instance_role, "admin");
  EXPECT_EQ(found->updated_at, kNow + 10);
  EXPECT_EQ(found->email, original.email);
  EXPECT_EQ(found->password_hash, original.password_hash);
  EXPECT_EQ(found->created_at, original.created_at);
  // The old username is free again; the new one is taken.
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByUsername("name1"); }).error().code,
            ErrorCode::kNotFound);
  auto by_new = Read([&](auto& r) { return r.users().FindByUsername("renamed"); });
  ASSERT_OK(by_new);
  EXPECT_EQ(by_new->id, original.id);
}

TEST_P(StoreConformanceTest, UpdateProfileKeepingOwnUsernameIsFine) {
  User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  user.display_name = "Same Name";
  ASSERT_OK(Write([&](auto& r) { return r.users().UpdateProfile(user); }));
  auto found = Read([&](auto& r) { return r.users().FindByUsername("name1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->display_name, "Same Name");
}

TEST_P(StoreConformanceTest, UpdateProfileCanClearUsername) {
  User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  user.username.reset();
  ASSERT_OK(Write([&](auto& r) { return r.users().UpdateProfile(user); }));
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByUsername("name1"); }).error().code,
            ErrorCode::kNotFound);
  User other = MakeUser("2");
  other.username = "name1";
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(other); }));
}

TEST_P(StoreConformanceTest, UpdateProfileConflictsOnTakenUsernameAndChangesNothing) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  const User second = MakeUser("2");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(second); }));
  User changed = second;
  changed.username = "name1";
  changed.display_name = "Thief";
  EXPECT_TAKEN(Write([&](auto& r) { return r.users().UpdateProfile(changed); }), Field::kUsername);
  auto found = Read([&](auto& r) { return r.users().FindById(second.id); });
  ASSERT_OK(found);
  ExpectSameUser(*found, second);
}

TEST_P(StoreConformanceTest, UpdateProfileOfMissingUserIsNotFound) {
  EXPECT_EQ(Write([&](auto& r) { return r.users().UpdateProfile(MakeUser("9")); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, UpdatePasswordSetsHashAndTimes) {
  const User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  ASSERT_OK(Write(
      [&](auto& r) { return r.users().UpdatePassword(user.id, "$argon2id$new", kNow + 50); }));
  auto found = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->password_hash, "$argon2id$new");
  EXPECT_EQ(found->password_changed_at, kNow + 50);
  EXPECT_EQ(found->updated_at, kNow + 50);
  EXPECT_EQ(found->display_name, user.display_name);
  EXPECT_EQ(
      Write([&](auto& r) { return r.users().UpdatePassword("nope", "x", kNow); }).error().code,
      ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CreateKeepsActivationAndVerification) {
  User inactive = MakeUser("1");
  inactive.active = false;
  User verified = MakeUser("2");
  verified.email_verified_at = kNow - 5;
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(inactive); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(verified); }));
  for (const User* user : {&inactive, &verified}) {
    auto by_id = Read([&](auto& r) { return r.users().FindById(user->id); });
    ASSERT_OK(by_id);
    ExpectSameUser(*by_id, *user);
    auto by_email = Read([&](auto& r) { return r.users().FindByEmail(user->email); });
    ASSERT_OK(by_email);
    ExpectSameUser(*by_email, *user);
    auto by_username = Read([&](auto& r) { return r.users().FindByUsername(*user->username); });
    ASSERT_OK(by_username);
    ExpectSameUser(*by_username, *user);
  }
}

TEST_P(StoreConformanceTest, ActivateMarksTheUserActiveAndVerifiesTheAddressOnce) {
  User user = MakeUser("1");
  user.active = false;
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  ASSERT_OK(Read([&](auto& r) { return r.users().FindById(user.id); }));  // a cache may keep it

  ASSERT_OK(Write([&](auto& r) { return r.users().Activate(user.id, kNow + 10); }));
  auto active = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(active);
  EXPECT_TRUE(active->active);
  EXPECT_EQ(active->email_verified_at, kNow + 10);
  EXPECT_EQ(active->updated_at, kNow + 10);
  EXPECT_EQ(active->password_hash, user.password_hash);

  // Again (a magic link to an active account): the address was proven at the first time.
  ASSERT_OK(Write([&](auto& r) { return r.users().Activate(user.id, kNow + 20); }));
  auto again = Read([&](auto& r) { return r.users().FindByEmail(user.email); });
  ASSERT_OK(again);
  EXPECT_TRUE(again->active);
  EXPECT_EQ(again->email_verified_at, kNow + 10);
  EXPECT_EQ(again->updated_at, kNow + 20);

  EXPECT_ERROR(Write([&](auto& r) { return r.users().Activate("nobody", kNow); }),
               ErrorCode::kNotFound, "user");
}

TEST_P(StoreConformanceTest, ChangeEmailMovesTheAddressAndRecordsItsVerification) {
  const User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  ASSERT_OK(Read([&](auto& r) { return r.users().FindById(user.id); }));  // a cache may keep it
  ASSERT_OK(Read([&](auto& r) { return r.users().FindByEmail(user.email); }));

  ASSERT_OK(Write(
      [&](auto& r) { return r.users().ChangeEmail(user.id, "new@example.com", true, kNow + 5); }));
  auto by_id = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(by_id);
  EXPECT_EQ(by_id->email, "new@example.com");
  EXPECT_EQ(by_id->email_verified_at, kNow + 5);
  EXPECT_EQ(by_id->updated_at, kNow + 5);
  EXPECT_EQ(by_id->display_name, user.display_name);
  auto by_new = Read([&](auto& r) { return r.users().FindByEmail("new@example.com"); });
  ASSERT_OK(by_new);
  EXPECT_EQ(by_new->id, user.id);
  EXPECT_ERROR(Read([&](auto& r) { return r.users().FindByEmail(user.email); }),
               ErrorCode::kNotFound, "user");

  // Unverified: the flag goes back to 0. The old address is free for another account.
  ASSERT_OK(Write([&](auto& r) {
    return r.users().ChangeEmail(user.id, "third@example.com", false, kNow + 6);
  }));
  auto unverified = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(unverified);
  EXPECT_EQ(unverified->email, "third@example.com");
  EXPECT_EQ(unverified->email_verified_at, 0);
  User other = MakeUser("2");
  other.email = user.email;
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(other); }));
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindByEmail(user.email); })->id, other.id);

  // The account's own address is not taken from it.
  ASSERT_OK(Write([&](auto& r) {
    return r.users().ChangeEmail(user.id, "third@example.com", true, kNow + 7);
  }));
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById(user.id); })->email_verified_at,
            kNow + 7);
}

TEST_P(StoreConformanceTest, ChangeEmailToATakenAddressConflictsAndChangesNothing) {
  const User first = MakeUser("1");
  const User second = MakeUser("2");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(first); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(second); }));
  EXPECT_TAKEN(
      Write([&](auto& r) { return r.users().ChangeEmail(second.id, first.email, true, kNow + 5); }),
      Field::kEmail);
  auto unchanged = Read([&](auto& r) { return r.users().FindById(second.id); });
  ASSERT_OK(unchanged);
  ExpectSameUser(*unchanged, second);
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.users().ChangeEmail("nobody", "free@example.com", true, kNow);
               }),
               ErrorCode::kNotFound, "user");

  // The refused change is undone on its own; the rest of its Write commits.
  ASSERT_OK(store().Write([&](core::Repositories& r) -> Status {
    const Status taken = r.users().ChangeEmail(second.id, first.email, false, kNow + 6);
    if (taken.ok()) return MakeError(ErrorCode::kInternal, "a taken address was accepted");
    return r.users().UpdatePassword(second.id, "$argon2id$after", kNow + 6);
  }));
  auto after = Read([&](auto& r) { return r.users().FindById(second.id); });
  ASSERT_OK(after);
  EXPECT_EQ(after->email, second.email);
  EXPECT_EQ(after->password_hash, "$argon2id$after");
}

TEST_P(StoreConformanceTest, DeleteRemovesTheUserAndWhatItOwnsButKeepsItsSecurityEvents) {
  const User doomed = MakeUser("1");
  const User bystander = MakeUser("2");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(doomed); }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(bystander); }));
  for (const User* user : {&doomed, &bystander}) {
    const std::string& id = user->id;
    CreateSession("s-" + id, id, kNow, kNow + 3600);
    ASSERT_OK(Write([&](auto& r) -> Status {
      RETURN_IF_ERROR(r.mfa().SavePending(id, "p", kNow));
      ASSIGN_OR_RETURN(bool enabled, r.mfa().Enable(id, "p", 1, kNow));
      if (!enabled) return MakeError(ErrorCode::kInternal, "not enabled");
      RETURN_IF_ERROR(r.mfa().ReplaceRecoveryCodes(id, {"rc-a", "rc-b"}, kNow));
      RETURN_IF_ERROR(r.mfa().CreateTicket(MakeTicket("mfa-" + id, id)));
      RETURN_IF_ERROR(r.tickets().Create(
          MakeOneTimeTicket("ott-" + id, core::TicketKind::kPasswordReset, id, user->email), true));
      core::SecurityEvent event;
      event.id = "ev-" + id;
      event.user_id = id;
      event.type = "mfa_enabled";
      event.at = kNow;
      return r.security_events().Append(event);
    }));
  }
  ASSERT_OK(Read([&](auto& r) { return r.users().FindById(doomed.id); }));  // a cache may keep it

  ASSERT_OK(Write([&](auto& r) { return r.users().Delete(doomed.id); }));

  EXPECT_ERROR(Read([&](auto& r) { return r.users().FindById(doomed.id); }), ErrorCode::kNotFound,
               "user");
  EXPECT_ERROR(Read([&](auto& r) { return r.users().FindByEmail(doomed.email); }),
               ErrorCode::kNotFound, "user");
  EXPECT_ERROR(Read([&](auto& r) { return r.users().FindByUsername(*doomed.username); }),
               ErrorCode::kNotFound, "user");
  EXPECT_ERROR(Read([&](auto& r) { return r.sessions().FindSession("s-user-1"); }),
               ErrorCode::kNotFound, "session");
  EXPECT_ERROR(Read([&](auto& r) { return r.mfa().Find(doomed.id); }), ErrorCode::kNotFound, "mfa");
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes(doomed.id); }), 0);
  EXPECT_ERROR(Read([&](auto& r) { return r.mfa().FindTicket("mfa-user-1"); }),
               ErrorCode::kNotFound, "ticket");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.tickets().Take(core::TicketKind::kPasswordReset, "ott-user-1");
               }),
               ErrorCode::kNotFound, "ticket");
  // The log keeps the event under the user id.
  auto events = Read([&](auto& r) { return r.security_events().ListForUser(doomed.id, 10); });
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().id, "ev-user-1");

  // The other account keeps everything.
  ASSERT_OK(Read([&](auto& r) { return r.users().FindById(bystander.id); }));
  ASSERT_OK(Read([&](auto& r) { return r.sessions().FindSession("s-user-2"); }));
  EXPECT_TRUE(Read([&](auto& r) { return r.mfa().Find(bystander.id); })->enabled);
  EXPECT_EQ(*Read([&](auto& r) { return r.mfa().CountUnusedRecoveryCodes(bystander.id); }), 2);
  ASSERT_OK(Read([&](auto& r) { return r.mfa().FindTicket("mfa-user-2"); }));
  ASSERT_OK(Write(
      [&](auto& r) { return r.tickets().Take(core::TicketKind::kPasswordReset, "ott-user-2"); }));
  EXPECT_EQ(*Read([&](auto& r) { return r.users().Count(); }), 1);

  // The address and the username are free again; a second deletion finds nothing.
  User newcomer = MakeUser("3");
  newcomer.email = doomed.email;
  newcomer.username = doomed.username;
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(newcomer); }));
  EXPECT_ERROR(Write([&](auto& r) { return r.users().Delete(doomed.id); }), ErrorCode::kNotFound,
               "user");
}

TEST_P(StoreConformanceTest, ADeleteInsideAFailedWriteLeavesTheUserWhole) {
  CreateUserAndSession("s1", "h1");
  ASSERT_OK(Write([&](auto& r) {
    return r.tickets().Create(
        MakeOneTimeTicket("t1", core::TicketKind::kActivation, "user-1", "1@example.com"), true);
  }));
  Status failed = store().Write([&](core::Repositories& r) -> Status {
    RETURN_IF_ERROR(r.users().Delete("user-1"));
    return MakeError(ErrorCode::kConflict, "changed its mind");
  });
  EXPECT_FALSE(failed.ok());
  ASSERT_OK(Read([&](auto& r) { return r.users().FindByEmail("1@example.com"); }));
  ASSERT_OK(Read([&](auto& r) { return r.sessions().FindSession("s1"); }));
  ASSERT_OK(Write([&](auto& r) { return r.tickets().Take(core::TicketKind::kActivation, "t1"); }));
}

TEST_P(StoreConformanceTest, CountsUsers) {
  auto empty = Read([&](auto& r) { return r.users().Count(); });
  ASSERT_OK(empty);
  EXPECT_EQ(*empty, 0);
  for (int i = 0; i < 5; ++i)
    ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser(std::to_string(i))); }));
  auto count = Read([&](auto& r) { return r.users().Count(); });
  ASSERT_OK(count);
  EXPECT_EQ(*count, 5);
}

TEST_P(StoreConformanceTest, ConcurrentCreatesAreAllPresent) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 8;
  std::latch start(kThreads);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        if (!Write([&](auto& r) {
              return r.users().Create(MakeUser(std::to_string(t) + "x" + std::to_string(i)));
            })) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = Read([&](auto& r) { return r.users().Count(); });
  ASSERT_OK(count);
  EXPECT_EQ(*count, kThreads * kPerThread);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string n = std::to_string(t) + "x" + std::to_string(i);
      auto found = Read([&](auto& r) { return r.users().FindByEmail(n + "@example.com"); });
      ASSERT_OK(found);
      EXPECT_EQ(found->id, "user-" + n);
    }
  }
}

}  // namespace
}  // namespace portcullis::store::conformance
