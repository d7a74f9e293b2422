// HBP's session and user views.
// Pure functions; thread-safe.
#include "api/hbp/hbp_views.h"

#include "api/common/refresh_cookie.h"
#include "api/common/responses.h"

namespace portcullis::api::hbp {
namespace {

boost::json::value AvatarUrlOf(const std::string& metadata_json) {
  boost::system::error_code ec;
  const boost::json::value metadata = boost::json::parse(metadata_json, ec);
  if (ec || !metadata.is_object()) return nullptr;
  const boost::json::value* avatar = metadata.as_object().if_contains("avatar_url");
  if (avatar == nullptr || !avatar->is_string()) return nullptr;
  return *avatar;
}

}  // namespace

boost::json::object HbpUserView(const core::User& user) {
  return boost::json::object{
      {"id", user.id},
      {"email", user.email},
      {"display_name", user.display_name.empty() ? user.email : user.display_name},
      {"avatar_url", AvatarUrlOf(user.metadata_json)},
  };
}

boost::json::object SessionView(const core::IssuedTokens& issued, bool refresh_in_body) {
  boost::json::object view{
      {"jwt_token", issued.access_token},
      {"jwt_expires_in", issued.access_expires_in * 1000},
  };
  if (refresh_in_body) view["refresh_token"] = issued.refresh_token;
  view["user"] = HbpUserView(issued.user);
  return view;
}

http::Response SessionResponse(const HbpContext& context, const core::IssuedTokens& issued,
                               CookieMode mode) {
  http::Response response = JsonResponse(200, SessionView(issued, mode != CookieMode::kSet));
  if (mode == CookieMode::kSet) {
    response.AddHeader("Set-Cookie", SetRefreshCookie(context.cookie, issued.refresh_token,
                                                      issued.refresh_expires_in));
  } else if (mode == CookieMode::kBodyAndClear) {
    response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  }
  response.AddHeader("Cache-Control", "no-store");
  return response;
}

http::Response PendingSessionResponse(const core::User* user) {
  return JsonResponse(200, boost::json::object{
                               {"jwt_token", nullptr},
                               {"jwt_expires_in", nullptr},
                               {"user", user != nullptr ? boost::json::value(HbpUserView(*user))
                                                        : boost::json::value(nullptr)},
                           });
}

}  // namespace portcullis::api::hbp
