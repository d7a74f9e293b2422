// StoreConformanceTest's fixture: a fresh store per test from the backend's factory.
// Single-threaded set-up and tear-down.
#include "store/conformance/store_conformance.h"

#include "store/conformance/conformance_values.h"

namespace portcullis::store::conformance {

void StoreConformanceTest::SetUp() {
  if (!GetParam().unavailable.empty()) GTEST_SKIP() << GetParam().unavailable;
  store_ = GetParam().factory();
  ASSERT_NE(store_, nullptr);
}

void StoreConformanceTest::TearDown() { store_.reset(); }

void StoreConformanceTest::CreateUserAndSession(const std::string& session_id,
                                                const std::string& token_hash) {
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("1")); }));
  core::Session session = MakeSession(session_id, "user-1", kNow, kNow + 3600);
  session.refresh_hash = token_hash;
  ASSERT_OK(Write([&](auto& r) { return r.sessions().Create(session); }));
}

void StoreConformanceTest::CreateSession(const std::string& id, const std::string& user_id,
                                         int64_t created_at, int64_t expires_at) {
  ASSERT_OK(Write([&](auto& r) {
    return r.sessions().Create(MakeSession(id, user_id, created_at, expires_at));
  }));
}

}  // namespace portcullis::store::conformance
