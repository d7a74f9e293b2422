// The native /me/* handlers: the caller's profile, password and sessions.
// Thread-safe; each decodes its body, calls one service and encodes the answer.
#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/company_handlers.h"
#include "api/native/credential_handlers.h"
#include "api/native/handlers.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct ProfilePatchBody {
  std::optional<std::optional<std::string>> username;  // null clears it
  std::optional<std::string> display_name;
  std::optional<std::string> metadata;
};
constexpr JsonField<ProfilePatchBody> kProfilePatchFields[] = {
    NullableString("username", &ProfilePatchBody::username),
    OptionalString("display_name", &ProfilePatchBody::display_name),
    OptionalObject("metadata", &ProfilePatchBody::metadata, kMaxMetadataBytes),
};

struct PasswordChangeBody {
  std::string old_password;
  std::string new_password;
};
constexpr JsonField<PasswordChangeBody> kPasswordChangeFields[] = {
    RequiredString("old_password", &PasswordChangeBody::old_password),
    RequiredString("new_password", &PasswordChangeBody::new_password),
};

}  // namespace

Result<http::Response> GetProfile(NativeContext& context, Call& call) {
  if (call.principal->kind != core::PrincipalKind::kSession)
    return CredentialProfile(context, call);
  ASSIGN_OR_RETURN(core::User user, context.accounts.GetProfile(call.principal->user_id));
  return JsonResponse(200, UserView(user, CallerCompanyRole(context, *call.principal)));
}

Result<http::Response> PatchProfile(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(ProfilePatchBody body, DecodeJson(call.request, kProfilePatchFields));
  core::ProfilePatch patch;
  patch.username = std::move(body.username);
  patch.display_name = std::move(body.display_name);
  patch.metadata_json = std::move(body.metadata);
  ASSIGN_OR_RETURN(core::User user, context.accounts.UpdateProfile(call.principal->user_id, patch));
  return JsonResponse(200, UserView(user, CallerCompanyRole(context, *call.principal)));
}

Result<http::Response> ChangePassword(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(PasswordChangeBody body, DecodeJson(call.request, kPasswordChangeFields));
  RETURN_IF_ERROR(context.accounts.ChangePassword(*call.principal, body.old_password,
                                                  body.new_password, call.Client()));
  return NoContent();
}

Result<http::Response> ListSessions(NativeContext& context, Call& call) {
  const core::Principal& principal = *call.principal;
  ASSIGN_OR_RETURN(std::vector<core::Session> sessions,
                   context.sessions.ListActive(principal.user_id));
  boost::json::array list;
  for (const auto& session : sessions) {
    list.push_back(SessionView(session, session.id == principal.session_id));
  }
  return JsonResponse(200, boost::json::object{{"sessions", std::move(list)}});
}

Result<http::Response> DeleteSession(NativeContext& context, Call& call) {
  const std::string& id = call.request.path_params.at("id");
  RETURN_IF_ERROR(context.sessions.RevokeOwned(call.principal->user_id, id));
  return NoContent();
}

Result<http::Response> RevokeAllSessions(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(context.sessions.RevokeAll(call.principal->user_id, ""));
  http::Response response = NoContent();
  response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  return response;
}

}  // namespace portcullis::api::native
