// Parsing and display of the Redis URL. Pure functions; thread-safe.
#include "store/redis/redis_options.h"

#include <charconv>

namespace portcullis::store::redis {
namespace {

Error Invalid(std::string why) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "must be redis://[:PASSWORD@]HOST[:PORT][/DB]: " + std::move(why));
}

bool ParseInt(std::string_view text, int min, int max, int& out) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  out = value;
  return true;
}

}  // namespace

Status ParseRedisUrl(std::string_view url, Options& out) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) return Invalid("unknown scheme");
  std::string_view rest = url.substr(kScheme.size());
  Options parsed = out;
  parsed.password.clear();
  parsed.db = 0;
  parsed.port = 6379;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view user_info = rest.substr(0, at);
    if (!user_info.starts_with(':')) return Invalid("give the password as :PASSWORD@ (no user)");
    parsed.password = std::string(user_info.substr(1));
    if (parsed.password.empty()) return Invalid("empty password");
    rest = rest.substr(at + 1);
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !ParseInt(db, 0, 15, parsed.db)) return Invalid("DB must be 0..15");
    rest = rest.substr(0, slash);
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!ParseInt(rest.substr(colon + 1), 1, 65535, parsed.port)) {
      return Invalid("PORT must be 1..65535");
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return Invalid("no host");
  parsed.host = std::string(rest);
  out = std::move(parsed);
  return Status::Ok();
}

std::string RedisUrlForDisplay(const Options& options) {
  return "redis://" + std::string(options.password.empty() ? "" : ":***@") + options.host + ":" +
         std::to_string(options.port) + "/" + std::to_string(options.db);
}

}  // namespace portcullis::store::redis
