// MemoryStore: runs the store conformance suite, plus memory-specific checks.
// Single-threaded except where the suite says otherwise.
#include "store/memory/memory_store.h"

#include <gtest/gtest.h>

#include "common/executor.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::memory {
namespace {

using conformance::BackendName;
using conformance::StoreBackend;
using conformance::StoreConformanceTest;

// Memory has no write queue; a store told to fail as overloaded stands in for a full one.
std::unique_ptr<core::Store> OverloadedMemoryStore() {
  auto store = std::make_unique<MemoryStore>();
  store->FailWith(OverloadedError("memory"));
  return store;
}

INSTANTIATE_TEST_SUITE_P(Memory, StoreConformanceTest,
                         ::testing::Values(StoreBackend{
                             "memory", [] { return std::make_unique<MemoryStore>(); },
                             OverloadedMemoryStore}),
                         BackendName());

TEST(MemoryStore, ExceptionInsideWriteRollsBack) {
  MemoryStore store;
  core::User user;
  user.id = "u1";
  user.email = "a@example.com";
  EXPECT_THROW(static_cast<void>(store.Write([&](core::Repositories& repos) -> Status {
                 static_cast<void>(repos.users().Create(user));
                 throw std::runtime_error("bug");
               })),
               std::runtime_error);
  EXPECT_EQ(*store.ReadValue([](core::Repositories& r) { return r.users().Count(); }), 0);
  ASSERT_TRUE(store.Write([&](core::Repositories& r) { return r.users().Create(user); }).ok());
}

TEST(MemoryStore, InjectedFailureAnswersEveryCallUntilCleared) {
  MemoryStore store;
  store.FailWith(MakeError(ErrorCode::kUnavailable, "down"));
  EXPECT_EQ(store.Ping().error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.Read([](core::Repositories&) { return Status::Ok(); }).error().code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(store.Write([](core::Repositories&) { return Status::Ok(); }).error().code,
            ErrorCode::kUnavailable);
  store.FailWith(std::nullopt);
  EXPECT_TRUE(store.Ping().ok());
}

}  // namespace
}  // namespace portcullis::store::memory
