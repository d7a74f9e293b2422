// ConnectionPool and Connection against a live server: reuse, the statement timeout, recovery
// after the server closed the connections, and a full pool. Needs PORTCULLIS_TEST_POSTGRES.
#include "store/postgres/pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "common/mutex.h"
#include "store/postgres/test_schema_for_test.h"

namespace portcullis::store::postgres {
namespace {

constexpr std::string_view kBackendPid = "SELECT pg_backend_pid()";
constexpr std::string_view kSleep = "SELECT pg_sleep($1::float8)";
constexpr std::string_view kTerminate = "SELECT pg_terminate_backend($1::int)";

ConnectionPool MakePool(std::size_t size, std::chrono::milliseconds wait,
                        std::chrono::seconds statement_timeout = std::chrono::seconds(5)) {
  return ConnectionPool(
      [statement_timeout] {
        return Connection::Open(TestServerUrl(), {std::chrono::seconds(5), statement_timeout});
      },
      size, wait);
}

int64_t BackendPid(Connection& conn) {
  auto rows = conn.Run(kBackendPid);
  EXPECT_TRUE(rows.ok());
  return rows.ok() ? rows->Int(0, 0) : -1;
}

TEST(PostgresPool, ReusesAReturnedConnection) {
  SKIP_WITHOUT_POSTGRES();
  ConnectionPool pool = MakePool(2, std::chrono::milliseconds(1000));
  int64_t first = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    first = BackendPid(**lease);
  }
  auto again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(BackendPid(**again), first);
  EXPECT_EQ(pool.stats().open, 1u);
}

TEST(PostgresPool, AStatementPastTheTimeoutIsCancelledAndTheConnectionStaysUsable) {
  SKIP_WITHOUT_POSTGRES();
  ConnectionPool pool = MakePool(1, std::chrono::milliseconds(1000), std::chrono::seconds(1));
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  const auto started = std::chrono::steady_clock::now();
  auto slept = (*lease)->Run(kSleep, "3");
  ASSERT_FALSE(slept.ok());
  EXPECT_EQ(slept.error().code, ErrorCode::kUnavailable) << slept.error().detail;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
  EXPECT_TRUE((*lease)->usable());
  EXPECT_GT(BackendPid(**lease), 0);
}

TEST(PostgresPool, AConnectionTheServerClosedIsReplacedByAFreshOne) {
  SKIP_WITHOUT_POSTGRES();
  ConnectionPool pool = MakePool(2, std::chrono::milliseconds(1000));
  int64_t victim = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    victim = BackendPid(**lease);
  }
  auto killer = Connection::Open(TestServerUrl(), {});
  ASSERT_TRUE(killer.ok());
  ASSERT_TRUE((*killer)->Run(kTerminate, victim).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    auto pid = (*lease)->Run(kBackendPid);  // the dead connection fails and is marked broken
    ASSERT_FALSE(pid.ok());
    EXPECT_EQ(pid.error().code, ErrorCode::kUnavailable);
    EXPECT_FALSE((*lease)->usable());
  }
  EXPECT_EQ(pool.stats().discarded, 1u);
  auto fresh = pool.Acquire();
  ASSERT_TRUE(fresh.ok());
  const int64_t pid = BackendPid(**fresh);
  EXPECT_GT(pid, 0);
  EXPECT_NE(pid, victim);
}

TEST(PostgresPool, AConnectionReturnedInsideATransactionIsNotLentAgain) {
  SKIP_WITHOUT_POSTGRES();
  ConnectionPool pool = MakePool(2, std::chrono::milliseconds(1000));
  int64_t left_open = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->Exec("BEGIN").ok());
    left_open = BackendPid(**lease);
  }
  EXPECT_EQ(pool.stats().discarded, 1u);
  auto next = pool.Acquire();
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE((*next)->idle());
  EXPECT_NE(BackendPid(**next), left_open);
}

TEST(PostgresPool, AFullPoolAnswersUnavailableAfterItsWait) {
  SKIP_WITHOUT_POSTGRES();
  ConnectionPool pool = MakePool(1, std::chrono::milliseconds(200));
  auto held = pool.Acquire();
  ASSERT_TRUE(held.ok());
  const auto started = std::chrono::steady_clock::now();
  auto second = pool.Acquire();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
}

TEST(PostgresPool, WaitersAreServedInArrivalOrder) {
  SKIP_WITHOUT_POSTGRES();
  ConnectionPool pool = MakePool(1, std::chrono::milliseconds(5000));
  auto held = pool.Acquire();
  ASSERT_TRUE(held.ok());
  // Three callers queue one after the other; each records its turn while it holds the connection.
  // A connection returned while others wait goes to the oldest of them.
  Mutex mu;
  std::vector<int> order;
  std::vector<std::thread> callers;
  for (int i = 0; i < 3; ++i) {
    callers.emplace_back([&, i] {
      auto lease = pool.Acquire();
      ASSERT_TRUE(lease.ok());
      MutexLock lock(mu);
      order.push_back(i);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // arrive in order
  }
  { auto released = std::move(held).value(); }
  // Coming back at once, the releaser must queue behind them instead of taking it back.
  {
    auto again = pool.Acquire();
    ASSERT_TRUE(again.ok());
    MutexLock lock(mu);
    order.push_back(-1);
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, -1}));
}

TEST(PostgresPool, AnUnreachableServerFailsTheAcquireAndFreesTheSlot) {
  ConnectionPool pool([] { return Connection::Open("postgres://nobody:pw@127.0.0.1:1/none", {}); },
                      1, std::chrono::milliseconds(100));
  for (int i = 0; i < 2; ++i) {  // the failed open gave its slot back
    auto lease = pool.Acquire();
    ASSERT_FALSE(lease.ok());
    EXPECT_EQ(lease.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(lease.error().detail.find("connect"), std::string::npos) << lease.error().detail;
  }
}

}  // namespace
}  // namespace portcullis::store::postgres
