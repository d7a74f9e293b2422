// Cookie authentication's token lookup and its origin and double-submit checks.
// Pure functions; thread-safe.
#include "api/common/cookie_auth.h"

#include "api/common/session_cookie.h"
#include "common/secret_bytes.h"
#include "common/status_macros.h"

namespace portcullis::api {
namespace {

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool PresentsCredentialHeader(const http::Request& request) {
  for (std::string_view name : {"authorization", "x-api-key", "x-machhub-api-key"}) {
    if (request.Header(name)) return true;
  }
  return false;
}

}  // namespace

Result<std::optional<std::string>> CookieAccessToken(const CookieAuthPolicy& policy,
                                                     const http::Request& request) {
  if (policy.cookie_name.empty() || PresentsCredentialHeader(request)) {
    return std::optional<std::string>();
  }
  return ReadCookie(request, policy.cookie_name);
}

Status CheckCookieRequest(const CookieAuthPolicy& policy, const OriginRule* origins,
                          const http::Request& request) {
  if (IsSafeMethod(request.method)) return Status::Ok();
  static const OriginRule kTrustsNone("", {});
  RETURN_IF_ERROR((origins != nullptr ? *origins : kTrustsNone).Check(request));
  if (!policy.csrf_double_submit) return Status::Ok();
  ASSIGN_OR_RETURN(const std::optional<std::string> cookie, ReadCookie(request, kCsrfCookieName));
  const std::optional<std::string_view> header = request.Header(kCsrfHeader);
  if (!cookie || !header || !ConstantTimeEquals(*cookie, *header)) {
    return MakeError(ErrorCode::kForbidden,
                     "a cookie-authenticated request needs X-CSRF-Token equal to the "
                     "portcullis_csrf cookie");
  }
  return Status::Ok();
}

}  // namespace portcullis::api
