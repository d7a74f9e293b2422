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

// prefix + n, built by appending (GCC 12 at -O3 misreports "lit" + std::to_string(n), PR 105329).
std::string Key(std::string_view prefix, int n) {
  std::string key(prefix);
  key.append(std::to_string(n));
  return key;
}

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
  return session;
}

core::RefreshToken MakeToken(const std::string& hash, const std::string& session_id) {
  core::RefreshToken token;
  token.hash = hash;
  token.session_id = session_id;
  token.issued_at = kNow;
  token.expires_at = kNow + 3600;
  return token;
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
                      return r.sessions().Create(MakeSession("s1", "user-1"),
                                                 MakeToken("h1", "s1"));
                    })
                    .ok());
    auto rotated = (*store)->WriteValue([&](core::Repositories& r) {
      return r.sessions().Rotate("h1", MakeToken("h2", "s1"), kNow + 5);
    });
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
  EXPECT_EQ((*store)
                ->ReadValue([&](core::Repositories& r) { return r.sessions().FindToken("h1"); })
                ->replaced_by,
            "h2");
  EXPECT_EQ((*store)
                ->ReadValue([&](core::Repositories& r) { return r.sessions().FindSession("s1"); })
                ->revoked_at,
            kNow + 9);
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

// Throughput probe, not a test of speed: run with --gtest_also_run_disabled_tests.
TEST(SqliteStore, DISABLED_RotateThroughput) {
  TempDir dir;
  auto store = Open(dir.File("db.sqlite"));
  ASSERT_TRUE(store.ok());
  constexpr int kThreads = 32;
  constexpr int kRotations = 2000;
  ASSERT_TRUE(
      (*store)->Write([&](core::Repositories& r) { return r.users().Create(MakeUser("1")); }).ok());
  for (int t = 0; t < kThreads; ++t) {
    const std::string sid = Key("s", t);
    ASSERT_TRUE((*store)
                    ->Write([&](core::Repositories& r) {
                      return r.sessions().Create(MakeSession(sid, "user-1"),
                                                 MakeToken(Key(sid + "-", 0), sid));
                    })
                    .ok());
  }
  const Writer::Stats before = (*store)->writer_stats();
  std::atomic<int> failures = 0;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string sid = Key("s", t);
      const std::string prefix = sid + "-";
      for (int i = 0; i < kRotations; ++i) {
        auto ok = (*store)->WriteValue([&](core::Repositories& r) {
          return r.sessions().Rotate(Key(prefix, i), MakeToken(Key(prefix, i + 1), sid), kNow + i);
        });
        if (!ok || !*ok) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Writer::Stats after = (*store)->writer_stats();
  EXPECT_EQ(failures.load(), 0);
  const double commits = static_cast<double>(after.commits - before.commits);
  std::printf(
      "rotate: %d threads x %d = %d ops in %.2f s -> %.0f ops/s; %.0f commits, %.1f jobs/commit, "
      "%llu checkpoints, %llu restarts\n",
      kThreads, kRotations, kThreads * kRotations, seconds, kThreads * kRotations / seconds,
      commits, static_cast<double>(after.jobs - before.jobs) / commits,
      static_cast<unsigned long long>((*store)->checkpoints()),
      static_cast<unsigned long long>((*store)->checkpoint_restarts()));

  std::error_code ignored;
  std::printf("WAL file after the run: %.1f MiB\n", static_cast<double>(std::filesystem::file_size(
                                                        dir.File("db.sqlite") + "-wal", ignored)) /
                                                        (1 << 20));

  // Read cost: one thread, profile by id.
  constexpr int kReads = 100'000;
  const auto read_start = std::chrono::steady_clock::now();
  for (int i = 0; i < kReads; ++i) {
    if (!(*store)
             ->ReadValue([&](core::Repositories& r) { return r.users().FindById("user-1"); })
             .ok())
      ++failures;
  }
  const double read_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - read_start)
          .count() /
      kReads;
  std::printf("FindById: %.2f us per read\n", read_us);
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace portcullis::store::sqlite
