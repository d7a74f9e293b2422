// The native handlers of company API keys and personal access tokens.
// Thread-safe; each decodes its body, calls CredentialService once and encodes the answer.
#include "api/native/credential_handlers.h"

#include "api/common/json_body.h"
#include "api/common/responses.h"
#include "api/native/credential_views.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

const std::string& CompanyParam(const Call& call) { return call.request.path_params.at("id"); }

boost::json::array ListView(const std::vector<core::Credential>& credentials) {
  boost::json::array list;
  for (const auto& credential : credentials) list.push_back(CredentialView(credential));
  return list;
}

}  // namespace

Result<http::Response> CreateApiKey(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request, {"name", "expires_at", "prefix"}));
  core::ApiKeyRequest request;
  ASSIGN_OR_RETURN(request.name, body.RequiredString("name"));
  ASSIGN_OR_RETURN(request.expires_at, DecodeTime(body, "expires_at"));
  ASSIGN_OR_RETURN(auto prefix, body.OptionalString("prefix"));
  request.prefix = prefix.value_or("");
  ASSIGN_OR_RETURN(core::IssuedCredential issued,
                   context.credentials->CreateApiKey(*call.principal, CompanyParam(call), request));
  return JsonResponse(201, IssuedCredentialView(issued));
}

Result<http::Response> ListApiKeys(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(auto keys,
                   context.credentials->ListApiKeys(*call.principal, CompanyParam(call)));
  return JsonResponse(200, boost::json::object{{"api_keys", ListView(keys)}});
}

Result<http::Response> RevokeApiKey(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(context.credentials->RevokeApiKey(*call.principal, CompanyParam(call),
                                                    call.request.path_params.at("key_id")));
  return NoContent();
}

Result<http::Response> CreatePersonalToken(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(JsonBody body,
                   JsonBody::Parse(call.request, {"name", "expires_at", "permissions"}));
  core::PersonalTokenRequest request;
  ASSIGN_OR_RETURN(request.name, body.RequiredString("name"));
  ASSIGN_OR_RETURN(request.expires_at, DecodeTime(body, "expires_at"));
  ASSIGN_OR_RETURN(request.permissions, DecodePermissions(body, "permissions"));
  ASSIGN_OR_RETURN(core::IssuedCredential issued,
                   context.credentials->CreatePersonalToken(*call.principal, request));
  return JsonResponse(201, IssuedCredentialView(issued));
}

Result<http::Response> ListPersonalTokens(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(auto tokens, context.credentials->ListPersonalTokens(*call.principal));
  return JsonResponse(200, boost::json::object{{"tokens", ListView(tokens)}});
}

Result<http::Response> RevokePersonalToken(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(
      context.credentials->RevokePersonalToken(*call.principal, call.request.path_params.at("id")));
  return NoContent();
}

Result<http::Response> CredentialProfile(NativeContext& context, Call& call) {
  const core::Principal& principal = *call.principal;
  ASSIGN_OR_RETURN(core::CompanyAccess access, context.credentials->CallerCompany(principal));
  boost::json::object credential{{"id", principal.credential_id},
                                 {"name", principal.credential_name}};
  boost::json::object company{{"id", access.company.id}, {"name", access.company.name}};
  const std::string_view role = core::CompanyRoleName(access.role);
  if (principal.kind == core::PrincipalKind::kApiKey) {
    return JsonResponse(200, boost::json::object{{"principal", "api_key"},
                                                 {"company", std::move(company)},
                                                 {"role", role},
                                                 {"key", std::move(credential)}});
  }
  ASSIGN_OR_RETURN(core::User user, context.accounts.GetProfile(principal.user_id));
  boost::json::object out = UserView(user, role);
  out["principal"] = "token";
  out["company"] = std::move(company);
  out["token"] = std::move(credential);
  return JsonResponse(200, out);
}

}  // namespace portcullis::api::native
