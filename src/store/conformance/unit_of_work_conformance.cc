// Store conformance for the unit of work: Write commits all or nothing, Read sees one snapshot,
// nested calls are refused.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "common/status_macros.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::User;

// The number of users, which must read back.
#define EXPECT_USER_COUNT(want)                                                               \
  do {                                                                                        \
    auto count_ = store().ReadValue([](core::Repositories& r) { return r.users().Count(); }); \
    ASSERT_OK(count_);                                                                        \
    EXPECT_EQ(*count_, (want));                                                               \
  } while (false)

TEST_P(StoreConformanceTest, WriteCommitsAllAndSeesItsOwnWrites) {
  Status status = store().Write([](core::Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.users().Create(MakeUser("1")));
    ASSIGN_OR_RETURN(User inside, repos.users().FindByEmail("1@example.com"));
    RETURN_IF_ERROR(repos.sessions().Create(MakeSession("s1", inside.id, kNow, kNow + 60)));
    ASSIGN_OR_RETURN(bool rotated,
                     repos.sessions().Rotate("s1", MakeRotation(0, "h2", kNow, kNow + 90)));
    if (!rotated) return MakeError(ErrorCode::kInternal, "rotate lost");
    return repos.users().UpdatePassword("user-1", "$argon2id$tx", kNow + 1);
  });
  ASSERT_OK(status);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById("user-1"); })->password_hash,
            "$argon2id$tx");
  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_EQ(session->expires_at, kNow + 90);
  EXPECT_EQ(session->refresh_counter, 1);
  EXPECT_EQ(session->refresh_hash, "h2");
}

TEST_P(StoreConformanceTest, WriteRollsBackAllWhenWorkFails) {
  CreateUserAndSession("s1", "h1");
  Status status = store().Write([](core::Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.users().Create(MakeUser("2")));
    RETURN_IF_ERROR(repos.users().UpdatePassword("user-1", "$argon2id$tx", kNow + 1));
    ASSIGN_OR_RETURN(bool rotated,
                     repos.sessions().Rotate("s1", MakeRotation(0, "h2", kNow, kNow + 90)));
    if (!rotated) return MakeError(ErrorCode::kInternal, "rotate failed");
    RETURN_IF_ERROR(repos.sessions().Revoke("s1", kNow + 1));
    User clash = MakeUser("3");
    clash.email = "2@example.com";
    // A failing call inside the work; the work returns its error.
    return repos.users().Create(clash);
  });
  EXPECT_TAKEN(status, Field::kEmail);

  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById("user-2"); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(*Read([&](auto& r) { return r.users().Count(); }), 1);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById("user-1"); })->password_hash,
            MakeUser("1").password_hash);
  auto session = Read([&](auto& r) { return r.sessions().FindSession("s1"); });
  ASSERT_OK(session);
  EXPECT_FALSE(session->revoked_at.has_value());
  EXPECT_EQ(session->refresh_counter, 0);
  EXPECT_EQ(session->refresh_hash, "h1");
}

TEST_P(StoreConformanceTest, WriteReturnsWorkStatusAndChangesNothingOnPlainError) {
  Status status = store().Write([](core::Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.users().Create(MakeUser("1")));
    return MakeError(ErrorCode::kForbidden, "policy");
  });
  EXPECT_ERROR(status, ErrorCode::kForbidden, "policy");
  EXPECT_EQ(*Read([&](auto& r) { return r.users().Count(); }), 0);
  // The store is usable afterwards.
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
}

TEST_P(StoreConformanceTest, FailedCallInsideWriteDoesNotPartiallyApply) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  Status status = store().Write([](core::Repositories& repos) -> Status {
    // The session's user is missing: the call fails and must leave no row behind, even though
    // the work carries on and commits.
    Status failed = repos.sessions().Create(MakeSession("s9", "user-x", kNow, kNow + 60));
    if (failed.ok()) return MakeError(ErrorCode::kInternal, "expected a failure");
    return repos.users().UpdatePassword("user-1", "$argon2id$after", kNow + 1);
  });
  ASSERT_OK(status);
  EXPECT_EQ(Read([&](auto& r) { return r.sessions().FindSession("s9"); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById("user-1"); })->password_hash,
            "$argon2id$after");
}

TEST_P(StoreConformanceTest, PingAnswers) { ASSERT_OK(store().Ping()); }

TEST_P(StoreConformanceTest, WriteValueAndReadValueCarryTheWorksValue) {
  auto id = store().WriteValue([](core::Repositories& repos) -> Result<std::string> {
    RETURN_IF_ERROR(repos.users().Create(MakeUser("1")));
    return std::string("user-1");
  });
  ASSERT_OK(id);
  EXPECT_EQ(*id, "user-1");
  auto email = store().ReadValue([&](core::Repositories& repos) -> Result<std::string> {
    ASSIGN_OR_RETURN(User user, repos.users().FindById(*id));
    return user.email;
  });
  ASSERT_OK(email);
  EXPECT_EQ(*email, "1@example.com");
  EXPECT_ERROR(
      store().ReadValue([](core::Repositories& repos) { return repos.users().FindById("nobody"); }),
      ErrorCode::kNotFound, "user");
}

TEST_P(StoreConformanceTest, WriteDecisionCommitsARefusal) {
  // A refusal whose bookkeeping must stay (a counted failure): the work's writes commit and the
  // caller gets the refusal.
  auto decided =
      store().WriteDecision([](core::Repositories& repos) -> Result<core::Decision<int>> {
        RETURN_IF_ERROR(repos.users().Create(MakeUser("1")));
        return core::Decision<int>(MakeError(ErrorCode::kInvalidCredentials, "refused"));
      });
  EXPECT_ERROR(decided, ErrorCode::kInvalidCredentials, "refused");
  EXPECT_USER_COUNT(1);
  // A store error (the outer Result) rolls back as any failed Write.
  auto failed = store().WriteDecision([](core::Repositories& repos) -> Result<core::Decision<int>> {
    RETURN_IF_ERROR(repos.users().Create(MakeUser("2")));
    return MakeError(ErrorCode::kUnavailable, "lost");
  });
  EXPECT_ERROR(failed, ErrorCode::kUnavailable, "lost");
  EXPECT_USER_COUNT(1);
}

TEST_P(StoreConformanceTest, AReadSeesOneSnapshotWhileAWriteCommits) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  std::future<Status> writer;
  Status read = store().Read([&](core::Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(int64_t before, repos.users().Count());
    // Another thread commits meanwhile (or waits for this Read, where reads and writes share a
    // lock): either way this Read must not see it.
    writer = std::async(std::launch::async, [&] {
      return store().Write([](core::Repositories& w) { return w.users().Create(MakeUser("2")); });
    });
    writer.wait_for(std::chrono::milliseconds(300));
    ASSIGN_OR_RETURN(int64_t after, repos.users().Count());
    auto second = repos.users().FindById("user-2");
    if (after != before) return MakeError(ErrorCode::kInternal, "the count moved inside a Read");
    if (second.ok()) return MakeError(ErrorCode::kInternal, "a later commit showed in a Read");
    return Status::Ok();
  });
  ASSERT_OK(read);
  ASSERT_OK(writer.get());
  EXPECT_USER_COUNT(2);
}

TEST_P(StoreConformanceTest, AWriteInsideAReadFailsAndLeavesNothing) {
  Status read =
      store().Read([](core::Repositories& repos) { return repos.users().Create(MakeUser("1")); });
  EXPECT_FALSE(read.ok());
  EXPECT_USER_COUNT(0);
}

TEST_P(StoreConformanceTest, NestedCallsAreRefusedNotDeadlocked) {
  const auto nested = [&](auto&& call) {
    return [&, call](core::Repositories&) -> Status {
      Status inner = call();
      if (inner.ok()) return MakeError(ErrorCode::kInvalidRequest, "a nested call went through");
      EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
      return Status::Ok();
    };
  };
  const auto write_one = [&] {
    return store().Write([](core::Repositories& r) { return r.users().Create(MakeUser("9")); });
  };
  const auto read_one = [&] {
    return store().Read([](core::Repositories& r) -> Status {
      RETURN_IF_ERROR(r.users().Count());
      return Status::Ok();
    });
  };
  const auto ping = [&] { return store().Ping(); };
  ASSERT_OK(store().Write(nested(write_one)));
  ASSERT_OK(store().Write(nested(read_one)));
  ASSERT_OK(store().Write(nested(ping)));
  ASSERT_OK(store().Read(nested(write_one)));
  ASSERT_OK(store().Read(nested(read_one)));
  EXPECT_USER_COUNT(0);
  // The store is usable afterwards.
  ASSERT_OK(write_one());
  EXPECT_USER_COUNT(1);
}

}  // namespace
}  // namespace portcullis::store::conformance
