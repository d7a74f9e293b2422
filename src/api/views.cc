// JSON encodings of users, sessions and token pairs.
// Pure functions; thread-safe.
#include "api/views.h"

#include <ctime>

namespace portcullis::api {

std::string Rfc3339(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

boost::json::object UserView(const core::User& user) {
  boost::json::object out;
  out["id"] = user.id;
  out["email"] = user.email;
  out["username"] =
      user.username ? boost::json::value(*user.username) : boost::json::value(nullptr);
  out["display_name"] = user.display_name;
  boost::system::error_code ec;
  boost::json::value metadata = boost::json::parse(user.metadata_json, ec);
  out["metadata"] = (!ec && metadata.is_object()) ? metadata : boost::json::object();
  out["role"] = user.role;
  out["mfa_enabled"] = user.mfa_enabled;
  out["created_at"] = Rfc3339(user.created_at);
  out["updated_at"] = Rfc3339(user.updated_at);
  return out;
}

boost::json::object SessionView(const core::Session& session, bool current) {
  boost::json::object out;
  out["id"] = session.id;
  out["created_at"] = Rfc3339(session.created_at);
  out["last_refreshed_at"] = Rfc3339(session.last_refreshed_at);
  out["expires_at"] = Rfc3339(session.expires_at);
  out["auth_time"] = Rfc3339(session.auth_time);
  out["user_agent"] = session.user_agent;
  out["ip"] = session.ip;
  out["current"] = current;
  return out;
}

boost::json::object TokenPairView(const core::IssuedTokens& issued, bool refresh_in_body) {
  boost::json::object out;
  out["access_token"] = issued.access_token;
  out["token_type"] = "Bearer";
  out["expires_in"] = issued.access_expires_in;
  if (refresh_in_body) out["refresh_token"] = issued.refresh_token;
  out["refresh_expires_in"] = issued.refresh_expires_in;
  out["user"] = UserView(issued.user);
  return out;
}

boost::json::object AccessTokenView(const core::IssuedTokens& issued) {
  boost::json::object out;
  out["access_token"] = issued.access_token;
  out["token_type"] = "Bearer";
  out["expires_in"] = issued.access_expires_in;
  return out;
}

http::Response JsonResponse(int status, const boost::json::value& body) {
  http::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(body);
  return response;
}

http::Response NoContent() {
  http::Response response;
  response.status = 204;
  return response;
}

}  // namespace portcullis::api
