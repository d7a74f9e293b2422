// Store conformance for WriteAsync: commit visible when `done` runs, rollback, overload at once,
// nested calls refused, chaining. Every backend runs it; callbacks report through futures.
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "common/status_macros.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

constexpr auto kPatience = std::chrono::seconds(10);

// The number of users, read on a thread of its own (a `done` may run on the writer thread, where
// a blocking call is refused).
Result<int64_t> CountElsewhere(core::Store& store) {
  return std::async(
             std::launch::async,
             [&store] {
               return store.ReadValue([](core::Repositories& r) { return r.users().Count(); });
             })
      .get();
}

// What a `done` saw: its status, and the user count read while it ran.
struct Seen {
  Status status;
  Result<int64_t> count_in_done = MakeError(ErrorCode::kInternal, "not read");
};

TEST_P(StoreConformanceTest, WriteAsyncCommitsBeforeDoneRuns) {
  std::promise<Seen> seen;
  store().WriteAsync([](core::Repositories& r) { return r.users().Create(MakeUser("1")); },
                     [&](Status status) {
                       Seen out{std::move(status)};
                       out.count_in_done = CountElsewhere(store());
                       seen.set_value(std::move(out));
                     });
  auto future = seen.get_future();
  ASSERT_EQ(future.wait_for(kPatience), std::future_status::ready);
  Seen result = future.get();
  ASSERT_OK(result.status);
  ASSERT_OK(result.count_in_done);
  EXPECT_EQ(*result.count_in_done, 1);  // visible to another connection when `done` runs
}

TEST_P(StoreConformanceTest, WriteAsyncRollsBackWhenWorkFails) {
  std::promise<Status> done;
  store().WriteAsync(
      [](core::Repositories& r) -> Status {
        RETURN_IF_ERROR(r.users().Create(MakeUser("1")));
        return MakeError(ErrorCode::kForbidden, "policy");
      },
      [&](Status status) { done.set_value(std::move(status)); });
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(kPatience), std::future_status::ready);
  EXPECT_ERROR(future.get(), ErrorCode::kForbidden, "policy");
  EXPECT_EQ(*Read([](auto& r) { return r.users().Count(); }), 0);
}

TEST_P(StoreConformanceTest, WriteAsyncRefusedWhenOverloadedAnswersAtOnceOnTheCallersThread) {
  if (!GetParam().overloaded_factory) GTEST_SKIP() << "the backend has no write queue";
  std::unique_ptr<core::Store> full = GetParam().overloaded_factory();
  bool ran_work = false;
  bool called = false;
  Status got;
  std::thread::id done_thread;
  full->WriteAsync(
      [&](core::Repositories&) {
        ran_work = true;
        return Status::Ok();
      },
      [&](Status status) {
        called = true;
        got = std::move(status);
        done_thread = std::this_thread::get_id();
      });
  ASSERT_TRUE(called);  // before WriteAsync returned
  EXPECT_EQ(done_thread, std::this_thread::get_id());
  EXPECT_FALSE(ran_work);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kOverloaded);
}

TEST_P(StoreConformanceTest, WriteAsyncInsideAUnitOfWorkIsRefusedAtOnce) {
  const auto nested = [&](core::Repositories&) -> Status {
    bool called = false;
    Status inner;
    store().WriteAsync([](core::Repositories& r) { return r.users().Create(MakeUser("9")); },
                       [&](Status status) {
                         called = true;
                         inner = std::move(status);
                       });
    if (!called) return MakeError(ErrorCode::kInvalidRequest, "done did not run at once");
    if (inner.ok()) return MakeError(ErrorCode::kInvalidRequest, "a nested write went through");
    EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
    return Status::Ok();
  };
  ASSERT_OK(store().Write(nested));
  ASSERT_OK(store().Read(nested));
  EXPECT_EQ(*Read([](auto& r) { return r.users().Count(); }), 0);
}

TEST_P(StoreConformanceTest, AWriteAsyncDoneMayStartAnotherWriteAsync) {
  std::promise<Status> second;
  store().WriteAsync([](core::Repositories& r) { return r.users().Create(MakeUser("1")); },
                     [&](Status first) {
                       if (!first) {
                         second.set_value(std::move(first));
                         return;
                       }
                       store().WriteAsync(
                           [](core::Repositories& r) { return r.users().Create(MakeUser("2")); },
                           [&](Status status) { second.set_value(std::move(status)); });
                     });
  auto future = second.get_future();
  ASSERT_EQ(future.wait_for(kPatience), std::future_status::ready);
  ASSERT_OK(future.get());
  EXPECT_EQ(*Read([](auto& r) { return r.users().Count(); }), 2);
}

TEST_P(StoreConformanceTest, WriteValueAsyncAndWriteDecisionAsyncCarryTheWorksValue) {
  std::promise<Result<std::string>> value;
  store().WriteValueAsync<std::string>(
      [](core::Repositories& r) -> Result<std::string> {
        RETURN_IF_ERROR(r.users().Create(MakeUser("1")));
        return std::string("user-1");
      },
      [&](Result<std::string> id) { value.set_value(std::move(id)); });
  auto id = value.get_future().get();
  ASSERT_OK(id);
  EXPECT_EQ(*id, "user-1");

  // A committed refusal: the work's writes stay and `done` gets the refusal.
  std::promise<Result<std::string>> decision;
  store().WriteDecisionAsync<std::string>(
      [](core::Repositories& r) -> Result<core::Decision<std::string>> {
        RETURN_IF_ERROR(r.users().Create(MakeUser("2")));
        return core::Decision<std::string>(MakeError(ErrorCode::kInvalidCredentials, "refused"));
      },
      [&](Result<std::string> decided) { decision.set_value(std::move(decided)); });
  EXPECT_ERROR(decision.get_future().get(), ErrorCode::kInvalidCredentials, "refused");
  EXPECT_EQ(*Read([](auto& r) { return r.users().Count(); }), 2);

  // The store's error (the outer Result) rolls back.
  std::promise<Result<std::string>> failed;
  store().WriteDecisionAsync<std::string>(
      [](core::Repositories& r) -> Result<core::Decision<std::string>> {
        RETURN_IF_ERROR(r.users().Create(MakeUser("3")));
        return MakeError(ErrorCode::kUnavailable, "lost");
      },
      [&](Result<std::string> decided) { failed.set_value(std::move(decided)); });
  EXPECT_ERROR(failed.get_future().get(), ErrorCode::kUnavailable, "lost");
  EXPECT_EQ(*Read([](auto& r) { return r.users().Count(); }), 2);
}

}  // namespace
}  // namespace portcullis::store::conformance
