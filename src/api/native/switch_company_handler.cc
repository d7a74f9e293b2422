// The native handler of POST /auth/switch-company: a new access token for the caller's session in
// another of its user's companies (the refresh token stays; later refreshes keep the choice).
// Thread-safe; decodes, calls the CompanySwitch and encodes.
#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/company_handlers.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct SwitchBody {
  std::string company_id;
};
constexpr JsonField<SwitchBody> kSwitchFields[] = {
    RequiredString("company_id", &SwitchBody::company_id)};

}  // namespace

Result<http::Response> SwitchCompany(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(SwitchBody body, DecodeJson(call.request, kSwitchFields));
  ASSIGN_OR_RETURN(core::IssuedTokens issued, context.companies.switcher->Switch(
                                                  *call.principal, body.company_id, call.Client()));
  boost::json::object answer = AccessTokenView(issued);
  answer["user"] = UserView(issued.user, CompanyRoleOf(issued));
  return JsonResponse(200, answer);
}

}  // namespace portcullis::api::native
