// Tests for HBP's session and user views.
#include "api/hbp/hbp_views.h"

#include <gtest/gtest.h>

namespace portcullis::api::hbp {
namespace {

core::IssuedTokens Issued() {
  core::IssuedTokens issued;
  issued.access_token = "jwt";
  issued.access_expires_in = 900;
  issued.refresh_token = "rt";
  issued.refresh_expires_in = 3600;
  issued.user.id = "u1";
  issued.user.email = "ada@example.com";
  return issued;
}

TEST(HbpViews, ExpiresInIsInMillisecondsAndDisplayNameDefaultsToTheEmail) {
  const boost::json::object view = SessionView(Issued(), false);
  EXPECT_EQ(view.at("jwt_expires_in").as_int64(), 900000);
  EXPECT_FALSE(view.contains("refresh_token"));
  const boost::json::object& user = view.at("user").as_object();
  EXPECT_EQ(user.at("display_name").as_string(), "ada@example.com");
  EXPECT_TRUE(user.at("avatar_url").is_null());
  EXPECT_EQ(SessionView(Issued(), true).at("refresh_token").as_string(), "rt");
}

TEST(HbpViews, TheUsersOwnNameAndTheMetadatasAvatar) {
  core::User user = Issued().user;
  user.display_name = "Ada";
  user.metadata_json = R"({"avatar_url":"https://img.example/a.png"})";
  const boost::json::object view = HbpUserView(user);
  EXPECT_EQ(view.at("display_name").as_string(), "Ada");
  EXPECT_EQ(view.at("avatar_url").as_string(), "https://img.example/a.png");
  user.metadata_json = R"({"avatar_url":5})";
  EXPECT_TRUE(HbpUserView(user).at("avatar_url").is_null());
}

}  // namespace
}  // namespace portcullis::api::hbp
