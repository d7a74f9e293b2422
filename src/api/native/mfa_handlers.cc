// The native /me/mfa/* handlers: TOTP enrolment (setup, verify), disabling and recovery-code
// regeneration; the last two pass MfaService's step-up guard. Thread-safe; decode, call, encode.
#include "api/common/json_fields.h"
#include "api/common/qr_code.h"
#include "api/common/responses.h"
#include "api/native/handlers.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct CodeBody {
  std::string code;
};
constexpr JsonField<CodeBody> kCodeFields[] = {RequiredString("code", &CodeBody::code)};

}  // namespace

Result<http::Response> MfaSetup(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  ASSIGN_OR_RETURN(core::MfaEnrolment enrolment,
                   context.mfa->BeginSetup(*call.principal, call.Client()));
  boost::json::object out;
  out["secret"] = enrolment.secret;
  out["otpauth_uri"] = enrolment.otpauth_uri;
  out["qr_code"] = QrDataUrl(enrolment.otpauth_uri);
  return JsonResponse(200, out);
}

Result<http::Response> MfaVerify(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(CodeBody body, DecodeJson(call.request, kCodeFields));
  ASSIGN_OR_RETURN(std::vector<std::string> codes,
                   context.mfa->ConfirmSetup(*call.principal, body.code, call.Client()));
  boost::json::object out = RecoveryCodesView(codes);
  out["mfa_enabled"] = true;
  return JsonResponse(200, out);
}

Result<http::Response> MfaDisable(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(CodeBody body, DecodeJson(call.request, kCodeFields));
  RETURN_IF_ERROR(context.mfa->Disable(*call.principal, body.code, call.Client()));
  return NoContent();
}

Result<http::Response> MfaRecoveryCodes(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  ASSIGN_OR_RETURN(std::vector<std::string> codes,
                   context.mfa->RegenerateRecoveryCodes(*call.principal, call.Client()));
  return JsonResponse(200, RecoveryCodesView(codes));
}

}  // namespace portcullis::api::native
