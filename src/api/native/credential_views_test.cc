// Tests for the credential views' request decoding: times, permission lists and grant subjects.
#include "api/native/credential_views.h"

#include <gtest/gtest.h>

namespace portcullis::api::native {
namespace {

JsonBody Body(std::string text) {
  http::Request request;
  request.body = std::move(text);
  request.headers.emplace_back("content-type", "application/json");
  auto body = JsonBody::Parse(request, {"t", "p", "s"});
  EXPECT_TRUE(body.ok());
  return std::move(body).value();
}

Result<int64_t> Time(std::string json) { return DecodeTime(Body(R"({"t":)" + json + "}"), "t"); }

TEST(CredentialViews, TimesAreRfc3339OrUnixSeconds) {
  EXPECT_EQ(Time(R"("1970-01-01T00:00:00Z")").value(), 0);
  EXPECT_EQ(Time(R"("2027-01-31T12:00:00Z")").value(), 1801396800);
  EXPECT_EQ(Time(R"("2027-01-31T14:00:00.250+02:00")").value(), 1801396800);
  EXPECT_EQ(Time(R"("2027-01-31T07:00:00-05:00")").value(), 1801396800);
  EXPECT_EQ(Time("1801396800").value(), 1801396800);
  EXPECT_EQ(Time("null").value(), 0);
  EXPECT_EQ(DecodeTime(Body("{}"), "t").value(), 0);
  for (const char* bad :
       {R"("2027-01-31")", R"("2027-13-01T00:00:00Z")", R"("2027-01-31 12:00:00Z")",
        R"("2027-01-31T12:00:00")", R"("2027-01-31T12:00:00+2:00")", "-5", "0", "1.5", "true"}) {
    auto time = Time(bad);
    ASSERT_FALSE(time.ok()) << bad;
    EXPECT_EQ(time.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(time.error().member, "t");
  }
}

TEST(CredentialViews, PermissionsAndSubjects) {
  auto permissions =
      DecodePermissions(Body(R"({"p":[{"feature":"users","scope":"all","action":"read"}]})"), "p");
  ASSERT_TRUE(permissions.ok());
  EXPECT_EQ(*permissions, (std::vector<core::Permission>{{"users", "all", "read"}}));
  EXPECT_FALSE(DecodePermissions(Body(R"({"p":[{"feature":"users","scope":"all"}]})"), "p").ok());
  EXPECT_FALSE(
      DecodePermissions(Body(R"({"p":[{"feature":"u","scope":"a","action":1}]})"), "p").ok());
  EXPECT_FALSE(DecodePermissions(Body(R"({"p":{}})"), "p").ok());
  EXPECT_FALSE(DecodePermissions(Body("{}"), "p").ok());

  auto subject = DecodeSubject(Body(R"({"s":{"type":"api_key","id":"k1"}})"), "s");
  ASSERT_TRUE(subject.ok());
  EXPECT_EQ(*subject, (core::GrantSubject{core::GrantSubjectType::kApiKey, "k1"}));
  EXPECT_FALSE(DecodeSubject(Body(R"({"s":{"type":"group","id":"g"}})"), "s").ok());
  EXPECT_FALSE(DecodeSubject(Body(R"({"s":{"type":"role"}})"), "s").ok());
  EXPECT_FALSE(DecodeSubject(Body(R"({"s":"role"})"), "s").ok());
}

}  // namespace
}  // namespace portcullis::api::native
