// /v1/me/mfa/*: TOTP enrolment (setup, verify), disabling and recovery-code regeneration; the
// last two pass MfaService's step-up guard. Handlers are thread-safe; decode, call, encode.
#include "api/handler_adapters.h"
#include "api/json_body.h"
#include "api/native_routes.h"
#include "api/qr_code.h"
#include "api/views.h"

namespace portcullis::api {
namespace {

using Fn = Result<http::Response> (*)(ApiContext&, http::Request&, const core::Principal&);

boost::json::object RecoveryCodesView(const std::vector<std::string>& codes) {
  boost::json::array list;
  for (const auto& code : codes) list.emplace_back(code);
  boost::json::object out;
  out["recovery_codes"] = std::move(list);
  return out;
}

Result<http::Response> Setup(ApiContext& context, http::Request& request,
                             const core::Principal& principal) {
  if (auto body = JsonBody::Parse(request, {}); !body) return body.error();
  auto enrolment = context.mfa->BeginSetup(principal, ClientOf(request));
  if (!enrolment) return enrolment.error();
  boost::json::object out;
  out["secret"] = enrolment->secret;
  out["otpauth_uri"] = enrolment->otpauth_uri;
  out["qr_code"] = QrDataUrl(enrolment->otpauth_uri);
  return JsonResponse(200, out);
}

Result<http::Response> Verify(ApiContext& context, http::Request& request,
                              const core::Principal& principal) {
  auto body = JsonBody::Parse(request, {"code"});
  if (!body) return body.error();
  auto code = body->RequiredString("code");
  if (!code) return code.error();
  auto codes = context.mfa->ConfirmSetup(principal, *code, ClientOf(request));
  if (!codes) return codes.error();
  boost::json::object out = RecoveryCodesView(*codes);
  out["mfa_enabled"] = true;
  return JsonResponse(200, out);
}

Result<http::Response> Disable(ApiContext& context, http::Request& request,
                               const core::Principal& principal) {
  auto body = JsonBody::Parse(request, {"code"});
  if (!body) return body.error();
  auto code = body->RequiredString("code");
  if (!code) return code.error();
  if (Status s = context.mfa->Disable(principal, *code, ClientOf(request)); !s) return s.error();
  return NoContent();
}

Result<http::Response> RecoveryCodes(ApiContext& context, http::Request& request,
                                     const core::Principal& principal) {
  if (auto body = JsonBody::Parse(request, {}); !body) return body.error();
  auto codes = context.mfa->RegenerateRecoveryCodes(principal, ClientOf(request));
  if (!codes) return codes.error();
  return JsonResponse(200, RecoveryCodesView(*codes));
}

}  // namespace

void AddMfaRoutes(http::Router& router, ApiContext& context) {
  const auto bind = [&context](Fn fn) {
    return WithPrincipal(context.sessions,
                         [&context, fn](http::Request& request, const core::Principal& principal) {
                           return fn(context, request, principal);
                         });
  };
  AddRoute(router, context.metrics, "POST", "/v1/me/mfa/setup", bind(Setup));
  AddRoute(router, context.metrics, "POST", "/v1/me/mfa/verify", bind(Verify));
  AddRoute(router, context.metrics, "POST", "/v1/me/mfa/disable", bind(Disable));
  AddRoute(router, context.metrics, "POST", "/v1/me/mfa/recovery-codes", bind(RecoveryCodes));
}

}  // namespace portcullis::api
