// PostgresStore: the store conformance suite on a fresh schema per test, plus PostgreSQL-specific
// behaviour (durability to another connection, recovery after the server dropped every
// connection, an unreachable server). Needs PORTCULLIS_TEST_POSTGRES; skipped without it.
#include "store/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"
#include "store/postgres/test_schema_for_test.h"

namespace portcullis::store::postgres {
namespace {

using conformance::BackendName;
using conformance::StoreBackend;
using conformance::StoreConformanceTest;

// A PostgresStore on a schema of its own, dropped with the store. When `block_executor`, one
// write holds the only executor thread (pool_size 1, no queue) until destruction, so every
// WriteAsync is refused as overloaded.
class TempPostgresStore final : public core::Store {
 public:
  explicit TempPostgresStore(const Options& options = {}, bool block_executor = false) {
    auto store = Open(schema_.url(), options);
    if (!store) throw std::runtime_error("open failed: " + store.error().detail);
    store_ = std::move(store).value();
    if (block_executor) {
      std::promise<void> started;
      store_->WriteAsync(
          [released = released_, &started](core::Repositories&) {
            started.set_value();
            released.wait();
            return Status::Ok();
          },
          [](Status) {});
      started.get_future().wait();
    }
  }
  ~TempPostgresStore() override {
    release_.set_value();
    store_.reset();  // before the schema goes
  }
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
  PostgresStore& store() { return *store_; }
  TestSchema& schema() { return schema_; }

 private:
  TestSchema schema_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::unique_ptr<PostgresStore> store_;
};

std::unique_ptr<core::Store> OverloadedPostgresStore() {
  Options options;
  options.pool_size = 1;
  options.max_queued_writes = 0;
  return std::make_unique<TempPostgresStore>(options, /*block_executor=*/true);
}

// Without a server every conformance test skips, visibly, in its SetUp.
StoreBackend PostgresBackend() {
  StoreBackend backend{"postgres", [] { return std::make_unique<TempPostgresStore>(); },
                       OverloadedPostgresStore};
  if (TestServerUrl().empty()) {
    backend.unavailable =
        "PORTCULLIS_TEST_POSTGRES is not set (a postgres:// URL of a server where the user may "
        "create schemas; scripts/postgres.sh start prints one)";
  }
  return backend;
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest, ::testing::Values(PostgresBackend()),
                         BackendName());

using conformance::kNow;
using conformance::MakeSession;
using conformance::MakeUser;

TEST(PostgresStore, AnAcknowledgedWriteIsVisibleToAnotherConnection) {
  SKIP_WITHOUT_POSTGRES();
  TempPostgresStore store;
  ASSERT_TRUE(
      store.Write([](core::Repositories& r) { return r.users().Create(MakeUser("1")); }).ok());
  static constexpr std::string_view kCount = "SELECT COUNT(*) FROM users";
  auto other = Connection::Open(store.schema().url(), {});
  ASSERT_TRUE(other.ok());
  auto rows = (*other)->Run(kCount);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 1);
}

TEST(PostgresStore, RecoversByItselfAfterTheServerDroppedEveryConnection) {
  SKIP_WITHOUT_POSTGRES();
  TempPostgresStore store;
  ASSERT_TRUE(
      store.Write([](core::Repositories& r) { return r.users().Create(MakeUser("1")); }).ok());
  ASSERT_TRUE(store.Ping().ok());
  // What a restart looks like to the pool: the server closes every connection it holds (only
  // this store's: other tests run beside it).
  static constexpr std::string_view kTerminate =
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1";
  auto terminated = store.schema().admin().Run(kTerminate, store.schema().name());
  ASSERT_TRUE(terminated.ok());
  EXPECT_GE(terminated->Int(0, 0), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Every call works again without restarting the store: the dead idle connections are replaced.
  EXPECT_TRUE(store.Ping().ok());
  auto count = store.ReadValue([](core::Repositories& r) { return r.users().Count(); });
  ASSERT_TRUE(count.ok()) << count.error().detail;
  EXPECT_EQ(*count, 1);
  EXPECT_TRUE(
      store.Write([](core::Repositories& r) { return r.users().Create(MakeUser("2")); }).ok());
  EXPECT_GE(store.store().pool_stats().discarded, 1u);
}

TEST(PostgresStore, AnUnreachableServerIsUnavailableAtOnce) {
  // Nothing listens on port 1 of the loopback: connecting fails at once, with no password in the
  // message.
  const auto started = std::chrono::steady_clock::now();
  auto store = Open("postgres://portcullis:s3cret-pw@127.0.0.1:1/nodb");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.error().detail.find("s3cret-pw"), std::string::npos) << store.error().detail;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(PostgresStore, ReadsMayBlock) {
  SKIP_WITHOUT_POSTGRES();
  TempPostgresStore store;
  EXPECT_TRUE(store.ReadsMayBlock());
}

TEST(PostgresStore, PingsReadsAndWritesKeepTheirPooledConnection) {
  SKIP_WITHOUT_POSTGRES();
  TempPostgresStore store;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store.Ping().ok());
    ASSERT_TRUE(store.ReadValue([](core::Repositories& r) { return r.users().Count(); }).ok());
    ASSERT_TRUE(store
                    .Write([&](core::Repositories& r) {
                      return r.users().Create(MakeUser(std::to_string(i)));
                    })
                    .ok());
  }
  EXPECT_EQ(store.store().pool_stats().discarded, 0u);
  EXPECT_EQ(store.store().pool_stats().open, 1u);
}

}  // namespace
}  // namespace portcullis::store::postgres
