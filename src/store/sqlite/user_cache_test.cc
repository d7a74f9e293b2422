// The user cache of SqliteStore: hits, invalidation by every kind of change to a user, the rerun of
// a Read whose cached user may be older than its later statements, and no stale read under racing
// writes. Each test owns a database file.
#include "store/sqlite/user_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "store/conformance/conformance_values.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace portcullis::store::sqlite {
namespace {

using conformance::MakeUser;

class UserCacheTest : public ::testing::Test {
 protected:
  // A cached user is served for an hour here: how long the cache keeps a user is its own test's
  // matter, and a slow machine (sanitizers) must not turn a hit into a miss.
  static Options CacheOptions() {
    Options options;
    options.user_cache_max_age = std::chrono::hours(1);
    return options;
  }
  void SetUp() override { Reopen(CacheOptions()); }
  void TearDown() override { store_.reset(); }

  void Reopen(const Options& options) {
    store_.reset();
    auto store = Open(dir_.File("portcullis.db"), options);
    ASSERT_TRUE(store) << store.error().detail;
    store_ = std::move(store).value();
  }

  Result<core::User> ReadUser(const std::string& id) {
    return store_->ReadValue([&](core::Repositories& repos) { return repos.users().FindById(id); });
  }
  void CreateUser(const core::User& user) {
    ASSERT_TRUE(
        store_->Write([&](core::Repositories& repos) { return repos.users().Create(user); }));
  }
  void SetDisplayName(const std::string& id, const std::string& name) {
    ASSERT_TRUE(store_->Write([&](core::Repositories& repos) -> Status {
      ASSIGN_OR_RETURN(core::User user, repos.users().FindById(id));
      user.display_name = name;
      return repos.users().UpdateProfile(user);
    }));
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(UserCacheTest, ASecondReadOfTheSameUserIsServedFromTheCache) {
  const core::User user = MakeUser("a");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));
  const uint64_t hits = store_->user_cache_stats().hits;
  auto again = ReadUser(user.id);
  ASSERT_TRUE(again);
  conformance::ExpectSameUser(*again, user);
  EXPECT_EQ(store_->user_cache_stats().hits, hits + 1);
}

TEST_F(UserCacheTest, AnAbsentUserIsNeverCached) {
  EXPECT_EQ(ReadUser("user-nobody").error().code, ErrorCode::kNotFound);
  const core::User late = MakeUser("nobody");
  CreateUser(late);
  auto found = ReadUser(late.id);
  ASSERT_TRUE(found) << found.error().detail;
  EXPECT_EQ(found->email, late.email);
}

TEST_F(UserCacheTest, EveryChangeToAUserIsSeenByTheNextRead) {
  const core::User user = MakeUser("b");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));  // cached

  SetDisplayName(user.id, "Renamed");
  EXPECT_EQ(ReadUser(user.id)->display_name, "Renamed");

  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) {
    return repos.users().UpdatePassword(user.id, "$argon2id$new", conformance::kNow + 5);
  }));
  EXPECT_EQ(ReadUser(user.id)->password_hash, "$argon2id$new");

  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(bool done,
                     repos.users().RehashPassword(user.id, "$argon2id$new", "$rehashed"));
    return done ? Status::Ok() : MakeError(ErrorCode::kConflict, "not rehashed");
  }));
  EXPECT_EQ(ReadUser(user.id)->password_hash, "$rehashed");

  // A change made by another repository's SQL (MFA on the user row) reaches the cache too.
  ASSERT_FALSE(ReadUser(user.id)->mfa_enabled);
  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.mfa().SavePending(user.id, "sealed", conformance::kNow));
    ASSIGN_OR_RETURN(bool enabled, repos.mfa().Enable(user.id, "sealed", 1, conformance::kNow));
    return enabled ? Status::Ok() : MakeError(ErrorCode::kConflict, "not enabled");
  }));
  EXPECT_TRUE(ReadUser(user.id)->mfa_enabled);
}

TEST_F(UserCacheTest, ActivationEmailChangeAndDeletionAreSeenByTheNextRead) {
  core::User user = MakeUser("d");
  user.active = false;
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));  // cached
  ASSERT_TRUE(ReadUser(user.id));

  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) {
    return repos.users().Activate(user.id, conformance::kNow + 1);
  }));
  EXPECT_TRUE(ReadUser(user.id)->active);
  ASSERT_TRUE(ReadUser(user.id));  // cached again

  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) {
    return repos.users().ChangeEmail(user.id, "moved@example.com", true, conformance::kNow + 2);
  }));
  EXPECT_EQ(ReadUser(user.id)->email, "moved@example.com");
  auto old_address = store_->ReadValue(
      [&](core::Repositories& repos) { return repos.users().FindByEmail(user.email); });
  EXPECT_EQ(old_address.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(ReadUser(user.id));  // cached again

  ASSERT_TRUE(
      store_->Write([&](core::Repositories& repos) { return repos.users().Delete(user.id); }));
  EXPECT_EQ(ReadUser(user.id).error().code, ErrorCode::kNotFound);
}

TEST_F(UserCacheTest, TheInstanceRoleIsSeenByTheNextReadAndTheLastCompanyEmptiesNothing) {
  const core::User user = MakeUser("r");
  CreateUser(user);
  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) {
    return repos.companies().Create(conformance::MakeCompany("c1"));
  }));
  ASSERT_TRUE(ReadUser(user.id));  // cached

  ASSERT_TRUE(store_->Write([&](core::Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(core::User admin, repos.users().FindById(user.id));
    admin.instance_role = "admin";
    return repos.users().UpdateProfile(admin);
  }));
  EXPECT_EQ(ReadUser(user.id)->instance_role, "admin");
  // Cached again once the writer has closed its group (it empties the cache after waking the
  // callers, so a read right after the Write may find the generation still odd and keep nothing).
  for (int i = 0; i < 400; ++i) {
    const uint64_t hits = store_->user_cache_stats().hits;
    ASSERT_TRUE(ReadUser(user.id));
    if (store_->user_cache_stats().hits > hits) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  // The company a login starts in is not part of core::User: recording it keeps the cache.
  const UserCache::Stats before = store_->user_cache_stats();
  ASSERT_TRUE(store_->Write(
      [&](core::Repositories& repos) { return repos.companies().SetLastActive(user.id, "c1"); }));
  EXPECT_EQ(store_->user_cache_stats().invalidations, before.invalidations);
  auto cached = ReadUser(user.id);
  ASSERT_TRUE(cached);
  EXPECT_EQ(store_->user_cache_stats().hits, before.hits + 1);
  EXPECT_EQ(cached->instance_role, "admin");
}

TEST_F(UserCacheTest, EveryColumnOfUsersButTheLastCompanyInvalidatesTheCache) {
  // A column added to users and read into core::User must be in kCachedUserColumns, or an update
  // of it would leave cached users stale.
  auto conn = Connection::Open(dir_.File("portcullis.db"), std::chrono::seconds(5));
  ASSERT_TRUE(conn);
  auto info = (*conn)->Prepare("SELECT name FROM pragma_table_info('users') ORDER BY cid");
  ASSERT_TRUE(info);
  const std::string cached = ", " + std::string(kCachedUserColumns) + ",";
  int checked = 0;
  for (;;) {
    auto row = (*info)->Step();
    ASSERT_TRUE(row);
    if (!*row) break;
    const std::string name = (*info)->ColumnText(0);
    ++checked;
    if (name == "last_company_id") {
      EXPECT_EQ(cached.find(", " + name + ","), std::string::npos) << name;
      continue;
    }
    EXPECT_NE(cached.find(", " + name + ","), std::string::npos) << name << " is not cached";
  }
  EXPECT_EQ(checked, 17);  // 0010 added default_role and allowed_roles
}

TEST_F(UserCacheTest, AWriteThatRollsBackLeavesTheCachedUserCorrect) {
  const core::User user = MakeUser("c");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));
  Status failed = store_->Write([&](core::Repositories& repos) -> Status {
    core::User changed = user;
    changed.display_name = "Never";
    RETURN_IF_ERROR(repos.users().UpdateProfile(changed));
    return MakeError(ErrorCode::kConflict, "roll back");
  });
  EXPECT_FALSE(failed);
  EXPECT_EQ(ReadUser(user.id)->display_name, user.display_name);
}

TEST_F(UserCacheTest, AReadWhoseCachedUserChangedBeforeItsNextStatementRunsAgainUncached) {
  const core::User user = MakeUser("d");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));  // cached

  int runs = 0;
  std::string seen_name;
  std::size_t seen_sessions = 99;
  ASSERT_TRUE(store_->Read([&](core::Repositories& repos) -> Status {
    ++runs;
    ASSIGN_OR_RETURN(core::User found, repos.users().FindById(user.id));
    seen_name = found.display_name;
    if (runs == 1) {
      // Another thread commits a change between the cached read and the next statement.
      std::thread other([&] { SetDisplayName(user.id, "Changed meanwhile"); });
      other.join();
    }
    ASSIGN_OR_RETURN(auto sessions, repos.sessions().ListActive(user.id, conformance::kNow));
    seen_sessions = sessions.size();
    return Status::Ok();
  }));
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(seen_name, "Changed meanwhile");
  EXPECT_EQ(seen_sessions, 0u);
  EXPECT_EQ(store_->read_retries(), 1u);
}

TEST_F(UserCacheTest, AReadOfOnlyCachedUsersIsNotRunAgain) {
  const core::User user = MakeUser("e");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));
  int runs = 0;
  ASSERT_TRUE(store_->Read([&](core::Repositories& repos) -> Status {
    ++runs;
    ASSIGN_OR_RETURN(core::User found, repos.users().FindById(user.id));
    std::thread other([&] { SetDisplayName(user.id, "Later"); });
    other.join();
    return Status::Ok();
  }));
  // The hit was current when it was taken: a single read is as of that moment.
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(ReadUser(user.id)->display_name, "Later");
}

TEST_F(UserCacheTest, AChangeByAnotherProcessIsSeenOnceTheCachedUserIsOlderThanItsMaxAge) {
  Options options = CacheOptions();
  options.user_cache_max_age = std::chrono::milliseconds(50);
  Reopen(options);
  const core::User user = MakeUser("h");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));  // cached now
  // Another process (the `user disable` command) changes the row: this store's triggers miss it.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("portcullis.db").c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 5000);
  ASSERT_EQ(
      sqlite3_exec(other, ("UPDATE users SET disabled_at = 7 WHERE id = '" + user.id + "'").c_str(),
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(other);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  auto later = ReadUser(user.id);
  ASSERT_TRUE(later) << later.error().detail;
  EXPECT_EQ(later->disabled_at, 7);
}

TEST_F(UserCacheTest, ZeroEntriesTurnsTheCacheOff) {
  Options options = CacheOptions();
  options.user_cache_entries = 0;
  Reopen(options);
  const core::User user = MakeUser("f");
  CreateUser(user);
  ASSERT_TRUE(ReadUser(user.id));
  ASSERT_TRUE(ReadUser(user.id));
  EXPECT_EQ(store_->user_cache_stats().hits, 0u);
}

TEST_F(UserCacheTest, AFullCacheKeepsServingCorrectUsers) {
  Options options = CacheOptions();
  options.user_cache_entries = 16;  // one per shard
  Reopen(options);
  std::vector<core::User> users;
  for (int i = 0; i < 100; ++i) {
    users.push_back(MakeUser("full" + std::to_string(i)));
    CreateUser(users.back());
  }
  for (int round = 0; round < 3; ++round) {
    for (const core::User& user : users) {
      auto found = ReadUser(user.id);
      ASSERT_TRUE(found);
      EXPECT_EQ(found->email, user.email);
    }
  }
}

// Linearizability of single reads: once a change's Write has returned, no read that starts later
// may return the user as it was before, whatever the cache holds.
TEST_F(UserCacheTest, NoReadStartedAfterACommittedChangeSeesTheOlderUser) {
  const core::User user = MakeUser("race");
  CreateUser(user);
  std::atomic<int> committed{0};
  std::atomic<bool> stop{false};
  std::atomic<int> stale{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        const int floor = committed.load();
        auto found = ReadUser(user.id);
        if (!found) continue;
        const std::string& name = found->display_name;
        const int version = name.rfind("v", 0) == 0 ? std::stoi(name.substr(1)) : 0;
        if (version < floor) ++stale;
        ++reads;
      }
    });
  }
  for (int v = 1; v <= 300; ++v) {
    SetDisplayName(user.id, "v" + std::to_string(v));
    committed.store(v);
  }
  stop.store(true);
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(stale.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_GT(store_->user_cache_stats().hits, 0u);
}

}  // namespace
}  // namespace portcullis::store::sqlite
