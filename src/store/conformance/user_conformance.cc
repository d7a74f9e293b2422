// UserRepository conformance: create, lookups, profile and password updates, uniqueness.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

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
  changed.role = "admin";
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
  EXPECT_EQ(found->role, "admin");
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
