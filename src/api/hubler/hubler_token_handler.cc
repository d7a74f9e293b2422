// POST /public-api/auth/: decode, check the caller's address's failures, issue the client token.
// Thread-safe: no state of its own.
#include "api/hubler/hubler_token_handler.h"

#include <string>

#include "api/common/responses.h"
#include "api/hubler/hubler_error_table.h"
#include "api/hubler/hubler_token_request.h"
#include "common/status_macros.h"
#include "core/async.h"
#include "core/rate_limiter.h"

namespace portcullis::api::hubler {
namespace {

// The rate limiter's subject: the failures of one address (an IPv6 /64) on this route. The
// native login's pairs under the same limit are `<user id, ?u:name or ?e:email>|<address>`, never
// `hubler|…`: the two never share a counter.
std::string FailureSubject(const http::Request& request) {
  return "hubler|" + core::RateLimitAddress(request.remote_ip);
}

Status CheckFailures(const HublerContext& context, const std::string& subject) {
  if (context.limiter == nullptr) return Status::Ok();
  return core::Await<Status>([&](core::RateLimiter::Done done) {
    context.limiter->Check(core::Limit::kLoginFailuresPerAccountIp, subject, std::move(done));
  });
}

}  // namespace

Result<http::Response> IssueHublerToken(const HublerContext& context, Call& call) {
  ASSIGN_OR_RETURN(HublerTokenRequest request, DecodeHublerTokenRequest(call.request));
  const std::string subject = FailureSubject(call.request);
  if (Status allowed = CheckFailures(context, subject); !allowed) {
    return HublerErrorOf(allowed.error());
  }
  core::ClientTokenRequest token_request;
  token_request.user_id = std::move(request.user_id);
  auto issued = context.client_tokens.Issue(
      core::ClientCredentials{std::move(request.account), std::move(request.secret)}, token_request,
      call.Client());
  if (!issued) {
    if (issued.error().code == ErrorCode::kUnauthorized && context.limiter != nullptr) {
      context.limiter->Fail(core::Limit::kLoginFailuresPerAccountIp, subject);
    }
    return HublerErrorOf(issued.error());
  }
  http::Response response = JsonResponse(
      200, boost::json::object{{"status", "success"}, {"token", issued->access_token}});
  response.AddHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace portcullis::api::hubler
