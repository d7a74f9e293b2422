// Writer: group commit semantics, isolation of a failing job, the queue bound, exceptions, Stop.
// Deterministic: a blocking first job makes the following jobs queue up as one group.
#include "store/sqlite/writer.h"

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/temp_dir_for_test.h"
#include "store/sqlite/user_repository.h"

namespace portcullis::store::sqlite {
namespace {

core::User MakeUser(const std::string& n) {
  core::User user;
  user.id = "user-" + n;
  user.email = n + "@example.com";
  user.created_at = 1;
  user.updated_at = 1;
  return user;
}

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = Connection::Open(dir_.File("db.sqlite"), std::chrono::seconds(5));
    ASSERT_TRUE(conn.ok());
    ASSERT_EQ(*(*conn)->PragmaText("PRAGMA journal_mode = WAL"), "wal");
    ASSERT_TRUE(ApplyMigrations(**conn, EmbeddedMigrations()).ok());
    writer_ = std::make_unique<Writer>(std::move(conn).value(), 3);
  }

  // Submits a job that holds the writer until `release` is set; returns once it is running.
  std::future<Status> Block(std::shared_future<void> release) {
    auto started = std::make_shared<std::promise<void>>();
    auto future = writer_->Submit([started, release](Connection&) {
      started->set_value();
      release.wait();
      return Status::Ok();
    });
    started->get_future().wait();
    return future;
  }

  bool UserExists(const std::string& id) {
    auto conn = Connection::Open(dir_.File("db.sqlite"), std::chrono::seconds(5));
    return conn.ok() && SqliteUserRepository(**conn).FindById(id).ok();
  }

  TempDir dir_;
  std::unique_ptr<Writer> writer_;
};

TEST_F(WriterTest, FailingJobInAGroupDoesNotAffectTheOthers) {
  std::promise<void> release;
  auto blocker = Block(release.get_future().share());

  auto first =
      writer_->Submit([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("a")); });
  auto failing = writer_->Submit([](Connection& c) -> Status {
    if (Status s = SqliteUserRepository(c).Create(MakeUser("b")); !s) return s;
    return MakeError(ErrorCode::kForbidden, "changed my mind");  // after a successful write
  });
  auto last =
      writer_->Submit([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("c")); });
  const Writer::Stats before = writer_->stats();
  release.set_value();

  ASSERT_TRUE(blocker.get().ok());
  EXPECT_TRUE(first.get().ok());
  Status failed = failing.get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(last.get().ok());

  const Writer::Stats after = writer_->stats();
  EXPECT_EQ(after.jobs - before.jobs, 4u);        // the blocker finishes in this window too
  EXPECT_EQ(after.commits - before.commits, 2u);  // blocker's group, then a, b, c together

  EXPECT_TRUE(UserExists("user-a"));
  EXPECT_FALSE(UserExists("user-b"));
  EXPECT_TRUE(UserExists("user-c"));
}

TEST_F(WriterTest, ConstraintFailureInAGroupRollsBackOnlyThatJob) {
  std::promise<void> release;
  auto blocker = Block(release.get_future().share());
  auto a =
      writer_->Submit([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("a")); });
  auto clash = writer_->Submit([](Connection& c) -> Status {
    if (Status s = SqliteUserRepository(c).Create(MakeUser("z")); !s) return s;
    return SqliteUserRepository(c).Create(MakeUser("a"));  // same id and email as job a
  });
  auto b =
      writer_->Submit([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("b")); });
  release.set_value();
  ASSERT_TRUE(blocker.get().ok());
  EXPECT_TRUE(a.get().ok());
  Status clashed = clash.get();
  ASSERT_FALSE(clashed.ok());
  EXPECT_EQ(clashed.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(b.get().ok());
  EXPECT_TRUE(UserExists("user-a"));
  EXPECT_FALSE(UserExists("user-z"));
  EXPECT_TRUE(UserExists("user-b"));
}

TEST_F(WriterTest, FullQueueIsOverloaded) {
  std::promise<void> release;
  auto blocker = Block(release.get_future().share());
  std::vector<std::future<Status>> queued;
  for (int i = 0; i < 3; ++i)
    queued.push_back(writer_->Submit([](Connection&) { return Status::Ok(); }));
  Status rejected = writer_->Submit([](Connection&) { return Status::Ok(); }).get();
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, ErrorCode::kOverloaded);
  release.set_value();
  for (auto& f : queued) EXPECT_TRUE(f.get().ok());
  EXPECT_TRUE(blocker.get().ok());
}

TEST_F(WriterTest, CallbackRunsOnTheWriterThreadAfterTheCommit) {
  std::promise<std::pair<bool, bool>> seen;  // (on the writer thread, committed row visible)
  writer_->Submit([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("cb")); },
                  [&](Status status) {
                    EXPECT_TRUE(status.ok());
                    seen.set_value({writer_->OnWriterThread(), UserExists("user-cb")});
                  });
  auto future = seen.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(future.get(), std::make_pair(true, true));
}

TEST_F(WriterTest, RefusedCallbackRunsAtOnceWithTheOverloadRule) {
  std::promise<void> release;
  auto blocker = Block(release.get_future().share());
  std::vector<std::future<Status>> queued;
  for (int i = 0; i < 3; ++i)
    queued.push_back(writer_->Submit([](Connection&) { return Status::Ok(); }));
  EXPECT_EQ(writer_->queue_stats().queued, 3u);
  EXPECT_EQ(writer_->queue_stats().running, 1u);
  std::optional<Status> refused;
  const auto caller = std::this_thread::get_id();
  std::thread::id answered_on;
  writer_->Submit([](Connection&) { return Status::Ok(); },
                  [&](Status status) {
                    answered_on = std::this_thread::get_id();
                    refused = std::move(status);
                  });
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(answered_on, caller);
  EXPECT_EQ(refused->error().code, ErrorCode::kOverloaded);
  EXPECT_NE(refused->error().detail.find("sqlite.writer"), std::string::npos);
  EXPECT_EQ(writer_->queue_stats().rejected, 1u);
  release.set_value();
  for (auto& f : queued) EXPECT_TRUE(f.get().ok());
  EXPECT_TRUE(blocker.get().ok());
}

TEST_F(WriterTest, ExceptionInAJobIsAnInternalErrorAndTheWriterGoesOn) {
  Status thrown = writer_->Run([](Connection& c) -> Status {
    static_cast<void>(SqliteUserRepository(c).Create(MakeUser("t")));
    throw std::runtime_error("bug");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(UserExists("user-t"));
  EXPECT_TRUE(
      writer_->Run([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("u")); })
          .ok());
}

TEST_F(WriterTest, StopRunsWhatIsQueuedAndRejectsLaterJobs) {
  std::promise<void> release;
  auto blocker = Block(release.get_future().share());
  auto queued =
      writer_->Submit([](Connection& c) { return SqliteUserRepository(c).Create(MakeUser("q")); });
  std::thread stopper([&] { writer_->Stop(); });
  release.set_value();
  stopper.join();
  EXPECT_TRUE(blocker.get().ok());
  EXPECT_TRUE(queued.get().ok());
  EXPECT_TRUE(UserExists("user-q"));
  Status late = writer_->Run([](Connection&) { return Status::Ok(); });
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::store::sqlite
