// JSON encodings of users, sessions and token pairs.
// Pure functions; thread-safe.
#include "api/native/views.h"

#include <cstdio>

namespace portcullis::api::native {

std::string Rfc3339(int64_t epoch_seconds) {
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm); cheaper than gmtime+strftime
  // on a path that formats two times for every profile read.
  const int64_t days = epoch_seconds >= 0 ? epoch_seconds / 86400 : (epoch_seconds - 86399) / 86400;
  const int64_t secs = epoch_seconds - days * 86400;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year >= 0 && year <= 9999) {
    // The common case without printf: "YYYY-MM-DDTHH:MM:SSZ", written digit by digit.
    std::string out = "0000-00-00T00:00:00Z";
    auto put = [&out](std::size_t at, int64_t value, int digits) {
      for (int i = digits - 1; i >= 0; --i, value /= 10) {
        out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      }
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, secs / 3600, 2);
    put(14, secs / 60 % 60, 2);
    put(17, secs % 60, 2);
    return out;
  }
  char buffer[96];  // room for any int64 year, so the output is never cut
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buffer;
}

boost::json::object UserView(const core::User& user, std::string_view company_role) {
  boost::json::object out;
  out["id"] = user.id;
  out["email"] = user.email;
  out["username"] =
      user.username ? boost::json::value(*user.username) : boost::json::value(nullptr);
  out["display_name"] = user.display_name;
  if (user.metadata_json == "{}") {
    out["metadata"] = boost::json::object();  // the common case needs no parse
  } else {
    boost::system::error_code ec;
    boost::json::value metadata = boost::json::parse(user.metadata_json, ec);
    out["metadata"] = (!ec && metadata.is_object()) ? metadata : boost::json::object();
  }
  out["role"] = company_role;
  out["instance_role"] = user.instance_role;
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

std::string_view CompanyRoleOf(const core::IssuedTokens& issued) {
  return core::CompanyRoleName(issued.company ? issued.company->role : core::CompanyRole::kMember);
}

boost::json::object TokenPairView(const core::IssuedTokens& issued, bool refresh_in_body) {
  boost::json::object out;
  out["access_token"] = issued.access_token;
  out["token_type"] = "Bearer";
  out["expires_in"] = issued.access_expires_in;
  if (refresh_in_body) out["refresh_token"] = issued.refresh_token;
  out["refresh_expires_in"] = issued.refresh_expires_in;
  out["user"] = UserView(issued.user, CompanyRoleOf(issued));
  return out;
}

boost::json::object AccessTokenView(const core::IssuedTokens& issued) {
  boost::json::object out;
  out["access_token"] = issued.access_token;
  out["token_type"] = "Bearer";
  out["expires_in"] = issued.access_expires_in;
  return out;
}

boost::json::object RecoveryCodesView(const std::vector<std::string>& codes) {
  boost::json::array list;
  for (const auto& code : codes) list.emplace_back(code);
  boost::json::object out;
  out["recovery_codes"] = std::move(list);
  return out;
}

}  // namespace portcullis::api::native
