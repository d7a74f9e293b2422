// StoreConformanceTest: the behavioural suite every core::Store backend passes; a backend's test
// instantiates it over a StoreBackend factory. Factories are called from one thread at a time.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/repositories.h"

namespace portcullis::store::conformance {

// Returns a new, empty store; called once per test.
using StoreFactory = std::function<std::unique_ptr<core::Store>()>;

struct StoreBackend {
  std::string name;  // shown in test names; [A-Za-z0-9_] only
  StoreFactory factory;

  friend void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }
};

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  core::Store& store() { return *store_; }

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
