// SqliteStore: the store conformance suite on a temporary file, plus SQLite-specific behaviour
// (durability across reopen, migrations at open, shutdown, misuse). Tests own their files.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/conformance/store_conformance.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace portcullis::store::sqlite {
namespace {

using conformance::BackendName;
using conformance::StoreBackend;
using conformance::StoreConformanceTest;

// A SqliteStore on a file in its own temporary directory, removed with the store.
class TempSqliteStore final : public core::Store {
 public:
  explicit TempSqliteStore(const Options& options = {}) {
    auto store = Open(dir_.File("portcullis.db"), options);
    if (!store) throw std::runtime_error("open failed: " + store.error().detail);
    store_ = std::move(store).value();
  }
  ~TempSqliteStore() override { store_.reset(); }  // before dir_ goes
  Status Read(const std::function<Status(core::Repositories&)>& work) override {
    return store_->Read(work);
  }
  Status Write(const std::function<Status(core::Repositories&)>& work) override {
    return store_->Write(work);
  }
  void WriteAsync(Work work, WriteDone done) override {
    store_->WriteAsync(std::move(work), std::move(done));
  }
  Status Ping() override { return store_->Ping(); }
  bool ReadsMayBlock() const override { return store_->ReadsMayBlock(); }

 private:
  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

// A write queue of 0 refuses every write at once.
std::unique_ptr<core::Store> OverloadedSqliteStore() {
  Options options;
  options.max_queued_writes = 0;
  return std::make_unique<TempSqliteStore>(options);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(StoreBackend{
                             "sqlite", [] { return std::make_unique<TempSqliteStore>(); },
                             OverloadedSqliteStore}),
                         BackendName());

constexpr int64_t kNow = 1'700'000'000;

core::User MakeUser(const std::string& n) {
  core::User user;
  user.id = "user-" + n;
  user.email = n + "@example.com";
  user.username = "name" + n;
  user.created_at = kNow;
  user.updated_at = kNow;
  return user;
}

core::Session MakeSession(const std::string& id, const std::string& user_id) {
  core::Session session;
  session.id = id;
  session.user_id = user_id;
  session.created_at = kNow;
  session.last_refreshed_at = kNow;
  session.expires_at = kNow + 3600;
  session.auth_time = kNow;
  session.refresh_key = "v1.k1.sealed";
  session.refresh_hash = "h1";
  return session;
}

core::RefreshRotation NextRotation(int64_t from_counter, const std::string& next_hash) {
  core::RefreshRotation rotation;
  rotation.from_counter = from_counter;
  rotation.next_hash = next_hash;
  rotation.now = kNow + 5;
  rotation.expires_at = kNow + 3605;
  return rotation;
}

TEST(SqliteStore, WritesSurviveReopen) {
  TempDir dir;
  const std::string path = dir.File("db.sqlite");
  {
    auto store = Open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->Write([&](core::Repositories& r) { return r.users().Create(MakeUser("1")); })
                    .ok());
    ASSERT_TRUE((*store)
                    ->Write([&](core::Repositories& r) {
                      return r.sessions().Create(MakeSession("s1", "user-1"));
                    })
                    .ok());
    auto rotated = (*store)->WriteValue(
        [&](core::Repositories& r) { return r.sessions().Rotate("s1", NextRotation(0, "h2")); });
    ASSERT_TRUE(rotated.ok() && *rotated);
    ASSERT_TRUE(
        (*store)
            ->Write([&](core::Repositories& r) { return r.sessions().Revoke("s1", kNow + 9); })
            .ok());
  }
  // Clean shutdown folded the WAL into the database.
  const std::filesystem::path wal = path + "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);

  auto store = Open(path);
  ASSERT_TRUE(store.ok());
  auto user =
      (*store)->ReadValue([&](core::Repositories& r) { return r.users().FindByUsername("name1"); });
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->id, "user-1");
  auto session =
      (*store)->ReadValue([&](core::Repositories& r) { return r.sessions().FindSession("s1"); });
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->refresh_counter, 1);
  EXPECT_EQ(session->refresh_hash, "h2");
  EXPECT_EQ(session->previous_hash, "h1");
  EXPECT_EQ(session->refresh_key, "v1.k1.sealed");
  EXPECT_EQ(session->revoked_at, kNow + 9);
  EXPECT_EQ(*(*store)->ReadValue([&](core::Repositories& r) { return r.users().Count(); }), 1);
}

TEST(SqliteStore, EveryAcknowledgedWriteIsCommittedWithoutShutdown) {
  // A second, independent connection sees each write as soon as the call returns.
  TempDir dir;
  const std::string path = dir.File("db.sqlite");
  auto store = Open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(
      (*store)->Write([&](core::Repositories& r) { return r.users().Create(MakeUser("1")); }).ok());
  auto other = Connection::Open(path, std::chrono::seconds(5));
  ASSERT_TRUE(other.ok());
  auto select = (*other)->Prepare("SELECT email FROM users WHERE id = 'user-1'");
  ASSERT_TRUE(select.ok());
  auto row = (*select)->Step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ((*select)->ColumnText(0), "1@example.com");
}

TEST(SqliteStore, OpenMigratesAndIsIdempotentWithMigrate) {
  TempDir dir;
  const std::string path = dir.File("db.sqlite");
  ASSERT_TRUE(Migrate(path).ok());
  { ASSERT_TRUE(Open(path).ok()); }
  { ASSERT_TRUE(Open(path).ok()); }
  ASSERT_TRUE(Migrate(path).ok());
  auto conn = Connection::Open(path, std::chrono::seconds(5));
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*SchemaVersion(**conn), EmbeddedMigrations().back().version);
  auto rows = (*conn)->Prepare("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_TRUE(*(*rows)->Step());
  EXPECT_EQ((*rows)->ColumnInt(0), static_cast<int64_t>(EmbeddedMigrations().size()));
}

TEST(SqliteStore, OpenFailsCleanlyOnAnUnusablePath) {
  auto store = Open("/nonexistent-dir/portcullis/db.sqlite");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST(SqliteStore, AWriteFromInsideAWriteIsRefusedOnTheWriterThread) {
  TempDir dir;
  auto store = Open(dir.File("db.sqlite"));
  ASSERT_TRUE(store.ok());
  SqliteStore& s = **store;
  Status status = s.Write([&](core::Repositories&) -> Status {
    return s.Write([](core::Repositories& r) { return r.users().Create(MakeUser("1")); });
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_EQ(
      s.ReadValue([](core::Repositories& r) { return r.users().FindById("user-1"); }).error().code,
      ErrorCode::kNotFound);
}

TEST(SqliteStore, ConcurrentWritesAreGroupCommitted) {
  TempDir dir;
  auto store = Open(dir.File("db.sqlite"));
  ASSERT_TRUE(store.ok());
  constexpr int kThreads = 16;
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!(*store)->Write([&](core::Repositories& r) {
              return r.users().Create(MakeUser(std::to_string(t) + "-" + std::to_string(i)));
            })) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*(*store)->ReadValue([&](core::Repositories& r) { return r.users().Count(); }),
            kThreads * kPerThread);
  const Writer::Stats stats = (*store)->writer_stats();
  EXPECT_EQ(stats.jobs, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_LE(stats.commits, stats.jobs);
  EXPECT_EQ(stats.failed_commits, 0u);
}

}  // namespace
}  // namespace portcullis::store::sqlite
