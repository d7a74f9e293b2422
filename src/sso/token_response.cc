// A token endpoint's answer mapped to the port's errors. Pure function; thread-safe.
#include "sso/token_response.h"

#include "sso/json_members.h"

namespace portcullis::sso {
namespace {

// The provider's error code, safe for a log line: printable ASCII, at most 64 characters.
std::string Printable(std::string_view code) {
  std::string out;
  for (char c : code.substr(0, 64)) out += (c >= 0x21 && c <= 0x7e) ? c : '?';
  return out;
}

}  // namespace

Result<boost::json::object> ReadTokenResponse(const HttpResponse& response) {
  const std::string status = "HTTP " + std::to_string(response.status);
  if (response.status >= 500) {
    return MakeError(ErrorCode::kUnavailable, "token endpoint answered " + status);
  }
  Result<boost::json::object> answer =
      ParseJsonObject(response.body, ErrorCode::kUnavailable, "token endpoint answer");
  if (!answer) return answer.error();
  bool ok = true;
  const std::optional<std::string> error = StringMember(*answer, "error", ok);
  if (error || response.status != 200) {
    const std::string code = Printable(error.value_or("no error code"));
    // GitHub calls a bad, used or expired code bad_verification_code.
    if (code == "invalid_grant" || code == "bad_verification_code") {
      return MakeError(ErrorCode::kInvalidRequest, "the provider refused the code (" + code + ")");
    }
    return MakeError(ErrorCode::kUnavailable,
                     "token endpoint refused the request (" + status + ", " + code + ")");
  }
  const std::optional<std::string> access_token = StringMember(*answer, "access_token", ok);
  if (!ok || !access_token || access_token->empty()) {
    return MakeError(ErrorCode::kUnavailable, "token endpoint answered no access_token");
  }
  return answer;
}

}  // namespace portcullis::sso
