// Tests for HBP's request reading: Joi-style messages, the cookie query flag, redirects.
#include "api/hbp/hbp_request.h"

#include <gtest/gtest.h>

#include "api/common/json_body.h"

namespace portcullis::api::hbp {
namespace {

struct Body {
  std::string email;
  std::optional<bool> cookie;
};
constexpr JsonField<Body> kFields[] = {RequiredString("email", &Body::email),
                                       OptionalBool("cookie", &Body::cookie)};

http::Request Json(std::string body) {
  http::Request request;
  request.method = "POST";
  request.headers.emplace_back("content-type", "application/json");
  request.body = std::move(body);
  return request;
}

TEST(HbpRequest, DecodingErrorsQuoteTheMemberAsJoiDid) {
  EXPECT_EQ(DecodeHbpJson(Json("{}"), kFields).error().detail, "\"email\" is required");
  EXPECT_EQ(DecodeHbpJson(Json(R"({"email":"a@b.c","nick":1})"), kFields).error().detail,
            "\"nick\" is not allowed");
  const Error wrong_type = DecodeHbpJson(Json(R"({"email":5})"), kFields).error();
  EXPECT_EQ(wrong_type.code, ErrorCode::kInvalidRequest);
  EXPECT_TRUE(wrong_type.detail.starts_with("\"email\" must be")) << wrong_type.detail;
  EXPECT_EQ(DecodeHbpJson(Json(R"({"email":"a@b.c"})"), kFields)->email, "a@b.c");
}

TEST(HbpRequest, AnErrorWithoutAMemberPassesUnchanged) {
  const Error error = JoiStyle(MakeError(ErrorCode::kInvalidRequest, "the body is not valid JSON"));
  EXPECT_EQ(error.detail, "the body is not valid JSON");
}

TEST(HbpRequest, TheCookieQueryFlagIsTrueUnlessSaidOtherwise) {
  http::Request request;
  EXPECT_TRUE(*CookieQueryFlag(request));
  request.query = "cookie=true";
  EXPECT_TRUE(*CookieQueryFlag(request));
  request.query = "ticket=x&cookie=false";
  EXPECT_FALSE(*CookieQueryFlag(request));
  request.query = "cookie=%zz";
  EXPECT_FALSE(CookieQueryFlag(request).ok());
}

TEST(HbpRequest, ARedirectIsNeverCached) {
  const http::Response response = Redirect("https://app.example/done?refresh_token=x");
  EXPECT_EQ(response.status, 302);
  bool location = false, no_store = false;
  for (const auto& [name, value] : response.headers) {
    location |= name == "Location" && value == "https://app.example/done?refresh_token=x";
    no_store |= name == "Cache-Control" && value == "no-store";
  }
  EXPECT_TRUE(location);
  EXPECT_TRUE(no_store);
}

}  // namespace
}  // namespace portcullis::api::hbp
