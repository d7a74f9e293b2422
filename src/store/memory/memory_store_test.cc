// MemoryStore: runs the store conformance suite, plus memory-specific checks.
// Single-threaded except where the suite says otherwise.
#include "store/memory/memory_store.h"

#include <gtest/gtest.h>

#include "store/conformance/store_conformance.h"

namespace portcullis::store::memory {
namespace {

using conformance::BackendName;
using conformance::StoreBackend;
using conformance::StoreConformanceTest;

INSTANTIATE_TEST_SUITE_P(Memory, StoreConformanceTest,
                         ::testing::Values(StoreBackend{
                             "memory", [] { return std::make_unique<MemoryStore>(); }}),
                         BackendName());

TEST(MemoryStore, CallingTheStoreFromInsideTransactIsAnErrorNotADeadlock) {
  MemoryStore store;
  Status status = store.Transact([&](core::Repositories&) -> Status {
    auto count = store.users().Count();
    if (count.ok()) return MakeError(ErrorCode::kInvalidRequest, "expected an error");
    return count.error();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  // The store is usable afterwards.
  EXPECT_TRUE(store.Transact([](core::Repositories&) { return Status::Ok(); }).ok());
}

TEST(MemoryStore, ExceptionInsideTransactRollsBack) {
  MemoryStore store;
  core::User user;
  user.id = "u1";
  user.email = "a@example.com";
  EXPECT_THROW(static_cast<void>(store.Transact([&](core::Repositories& repos) -> Status {
                 static_cast<void>(repos.users().Create(user));
                 throw std::runtime_error("bug");
               })),
               std::runtime_error);
  EXPECT_EQ(*store.users().Count(), 0);
  ASSERT_TRUE(store.users().Create(user).ok());
}

}  // namespace
}  // namespace portcullis::store::memory
