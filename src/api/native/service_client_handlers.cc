// The native handlers of service clients: decode, call ServiceClientService once, encode.
// Thread-safe: no state of their own.
#include "api/native/service_client_handlers.h"

#include "api/common/json_body.h"
#include "api/common/responses.h"
#include "api/native/credential_views.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

const std::string& CompanyParam(const Call& call) { return call.request.path_params.at("id"); }
const std::string& ClientParam(const Call& call) {
  return call.request.path_params.at("client_id");
}

boost::json::object SecretView(const core::ClientSecret& secret) {
  return {{"secret_id", secret.id}, {"created_at", Rfc3339(secret.created_at)}};
}

// A client as its managers see it: never a secret, only the secrets' ids and times.
boost::json::object ClientView(const core::ServiceClientDetails& details) {
  const core::ServiceClient& client = details.client;
  boost::json::array permissions;
  for (const auto& permission : details.permissions) {
    permissions.push_back(PermissionView(permission));
  }
  boost::json::array secrets;
  for (const auto& secret : details.secrets) secrets.push_back(SecretView(secret));
  return {{"client_id", client.id},
          {"company_id", client.company_id},
          {"name", client.name},
          {"allow_act_as_user", client.allow_act_as_user},
          {"disabled", client.disabled},
          {"created_by", client.created_by.empty() ? boost::json::value(nullptr)
                                                   : boost::json::value(client.created_by)},
          {"created_at", Rfc3339(client.created_at)},
          {"updated_at", Rfc3339(client.updated_at)},
          {"permissions", std::move(permissions)},
          {"secrets", std::move(secrets)}};
}

}  // namespace

Result<http::Response> CreateServiceClient(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(JsonBody body,
                   JsonBody::Parse(call.request, {"name", "permissions", "allow_act_as_user"}));
  core::ServiceClientRequest request;
  ASSIGN_OR_RETURN(request.name, body.RequiredString("name"));
  if (body.Has("permissions")) {
    ASSIGN_OR_RETURN(request.permissions, DecodePermissions(body, "permissions"));
  }
  ASSIGN_OR_RETURN(request.allow_act_as_user, body.OptionalBool("allow_act_as_user", false));
  ASSIGN_OR_RETURN(
      core::NewServiceClient made,
      context.service_clients->Create(*call.principal, CompanyParam(call), request, call.Client()));
  boost::json::object out = ClientView(made.details);
  out["client_secret"] = made.secret.secret;
  out["secret_id"] = made.secret.secret_id;
  return JsonResponse(201, out).AddHeader("Cache-Control", "no-store");
}

Result<http::Response> ListServiceClients(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(auto clients,
                   context.service_clients->List(*call.principal, CompanyParam(call)));
  boost::json::array list;
  for (const auto& details : clients) list.push_back(ClientView(details));
  return JsonResponse(200, boost::json::object{{"clients", std::move(list)}});
}

Result<http::Response> GetServiceClient(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(auto details, context.service_clients->Get(*call.principal, CompanyParam(call),
                                                              ClientParam(call)));
  return JsonResponse(200, ClientView(details));
}

Result<http::Response> PatchServiceClient(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request, {"disabled"}));
  ASSIGN_OR_RETURN(std::optional<bool> disabled, body.OptionalBool("disabled"));
  if (!disabled) return InvalidMember("disabled", "disabled (true or false) is required");
  ASSIGN_OR_RETURN(auto details, context.service_clients->SetDisabled(
                                     *call.principal, CompanyParam(call), ClientParam(call),
                                     *disabled, call.Client()));
  return JsonResponse(200, ClientView(details));
}

Result<http::Response> DeleteServiceClient(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(context.service_clients->Delete(*call.principal, CompanyParam(call),
                                                  ClientParam(call), call.Client()));
  return NoContent();
}

Result<http::Response> AddClientSecret(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::IssuedClientSecret issued,
                   context.service_clients->AddSecret(*call.principal, CompanyParam(call),
                                                      ClientParam(call), call.Client()));
  return JsonResponse(201, boost::json::object{{"secret_id", issued.secret_id},
                                               {"client_secret", issued.secret},
                                               {"created_at", Rfc3339(issued.created_at)}})
      .AddHeader("Cache-Control", "no-store");
}

Result<http::Response> DeleteClientSecret(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(context.service_clients->DeleteSecret(
      *call.principal, CompanyParam(call), ClientParam(call),
      call.request.path_params.at("secret_id"), call.Client()));
  return NoContent();
}

}  // namespace portcullis::api::native
