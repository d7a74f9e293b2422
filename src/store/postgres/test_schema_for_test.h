// TestSchema: a fresh, empty PostgreSQL schema per test on the server named by
// PORTCULLIS_TEST_POSTGRES, reached through a URL whose search_path points at it (so parallel
// tests never see each other's tables); dropped with the object. Test-only; one thread at a time.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// The server URL tests run against; empty when the variable is unset (the tests then skip).
inline std::string TestServerUrl() {
  const char* url = std::getenv("PORTCULLIS_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

#define SKIP_WITHOUT_POSTGRES()                                                                   \
  do {                                                                                            \
    if (::portcullis::store::postgres::TestServerUrl().empty()) {                                 \
      GTEST_SKIP() << "PORTCULLIS_TEST_POSTGRES is not set (a postgres:// URL of a server "       \
                      "where the user may create schemas; scripts/postgres.sh start prints one)"; \
    }                                                                                             \
  } while (false)

class TestSchema {
 public:
  TestSchema() {
    static std::atomic<int> counter{0};
    std::random_device random;
    name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(random() % 1000000);
    auto admin = Connection::Open(TestServerUrl(), {});
    if (!admin) throw std::runtime_error("PORTCULLIS_TEST_POSTGRES: " + admin.error().detail);
    admin_ = std::move(admin).value();
    if (Status s = admin_->Exec("CREATE SCHEMA " + name_); !s) {
      throw std::runtime_error("create schema: " + s.error().detail);
    }
  }
  ~TestSchema() {
    if (admin_) static_cast<void>(admin_->Exec("DROP SCHEMA " + name_ + " CASCADE"));
  }
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;

  // The server URL with search_path set to this schema; its connections carry the schema's
  // name as application_name, so a test can find (and terminate) exactly its own.
  std::string url() const {
    const std::string base = TestServerUrl();
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           name_ + "&application_name=" + name_;
  }
  const std::string& name() const { return name_; }
  // A connection outside the schema, for set-up and inspection.
  Connection& admin() { return *admin_; }

 private:
  std::string name_;
  std::unique_ptr<Connection> admin_;
};

}  // namespace portcullis::store::postgres
