// StoreConformanceTest: the behavioural suite every core::Store backend passes, one file per
// repository plus the unit of work; a backend's test instantiates it over a StoreBackend factory.
// Factories are called from one thread at a time.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "core/ports/store.h"

namespace portcullis::store::conformance {

// Returns a new, empty store; called once per test.
using StoreFactory = std::function<std::unique_ptr<core::Store>()>;

struct StoreBackend {
  std::string name;  // shown in test names; [A-Za-z0-9_] only
  StoreFactory factory;
  // A new store whose write queue refuses every write as overloaded (e.g. a queue bound of 0);
  // empty when the backend cannot be overloaded (its overload tests are skipped).
  StoreFactory overloaded_factory = {};
  // Non-empty when the backend cannot run here (e.g. no test server configured): every test
  // skips with this message instead of failing.
  std::string unavailable = {};

  friend void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }
};

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  core::Store& store() { return *store_; }

  // `work` in a Read of its own; returns what it returned (a Status or a Result<T>).
  template <class Fn>
  auto Read(Fn&& work) {
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, core::Repositories&>, Status>) {
      return store().Read(std::forward<Fn>(work));
    } else {
      return store().ReadValue(std::forward<Fn>(work));
    }
  }
  // `work` in a Write of its own; returns what it returned (a Status or a Result<T>).
  template <class Fn>
  auto Write(Fn&& work) {
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, core::Repositories&>, Status>) {
      return store().Write(std::forward<Fn>(work));
    } else {
      return store().WriteValue(std::forward<Fn>(work));
    }
  }

  // user-1 with session `session_id` (an hour long) whose current refresh token's digest is
  // `token_hash`, counter 0.
  void CreateUserAndSession(const std::string& session_id, const std::string& token_hash);
  // Session `id` of `user_id` (MakeSession), created at `created_at`, alive until `expires_at`.
  void CreateSession(const std::string& id, const std::string& user_id, int64_t created_at,
                     int64_t expires_at);

 private:
  std::unique_ptr<core::Store> store_;
};

// For INSTANTIATE_TEST_SUITE_P's fourth argument: names each instantiation after its backend.
struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<StoreBackend>& info) const {
    return info.param.name;
  }
};

}  // namespace portcullis::store::conformance
