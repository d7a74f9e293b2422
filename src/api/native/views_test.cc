// Tests for the JSON views: RFC 3339 times and the user object.
#include "api/native/views.h"

#include <gtest/gtest.h>

#include <ctime>

namespace portcullis::api::native {
namespace {

std::string ReferenceRfc3339(int64_t t) {
  const std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

TEST(Views, Rfc3339MatchesGmtime) {
  EXPECT_EQ(Rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Rfc3339(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(Rfc3339(-1), "1969-12-31T23:59:59Z");
  for (int64_t t = -100'000'000; t < 5'000'000'000; t += 7'777'777) {
    ASSERT_EQ(Rfc3339(t), ReferenceRfc3339(t)) << t;
  }
}

TEST(Views, UserViewCarriesMetadataObject) {
  core::User user;
  user.id = "u1";
  user.email = "a@b.co";
  user.metadata_json = R"({"plan":"pro"})";
  boost::json::object view = UserView(user);
  EXPECT_EQ(view["metadata"].as_object()["plan"], "pro");
  EXPECT_TRUE(view["username"].is_null());
  user.metadata_json = "{}";
  EXPECT_TRUE(UserView(user)["metadata"].as_object().empty());
}

}  // namespace
}  // namespace portcullis::api::native
