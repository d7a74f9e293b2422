// The native handlers of a company's permission model and of a principal's permitted actions.
// Thread-safe; each decodes its input, calls PermissionModelService once and encodes the answer.
#include "api/common/json_body.h"
#include "api/common/responses.h"
#include "api/native/credential_handlers.h"
#include "api/native/credential_views.h"
#include "api/native/link_answers.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

const std::string& CompanyParam(const Call& call) { return call.request.path_params.at("id"); }

}  // namespace

Result<http::Response> GetPermissionModel(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::PermissionModel model,
                   context.permissions->Describe(*call.principal, CompanyParam(call)));
  return JsonResponse(200, PermissionModelView(model));
}

Result<http::Response> AddPermissionVerb(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request, {"name"}));
  ASSIGN_OR_RETURN(std::string name, body.RequiredString("name"));
  RETURN_IF_ERROR(context.permissions->AddVerb(*call.principal, CompanyParam(call), name));
  return JsonResponse(201, boost::json::object{{"name", name}});
}

Result<http::Response> RemovePermissionVerb(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(context.permissions->RemoveVerb(*call.principal, CompanyParam(call),
                                                  call.request.path_params.at("name")));
  return NoContent();
}

Result<http::Response> AddPermissionGrant(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(JsonBody body,
                   JsonBody::Parse(call.request, {"subject", "feature", "scope", "action"}));
  ASSIGN_OR_RETURN(core::GrantSubject subject, DecodeSubject(body, "subject"));
  core::Permission permission;
  ASSIGN_OR_RETURN(permission.feature, body.RequiredString("feature"));
  ASSIGN_OR_RETURN(permission.scope, body.RequiredString("scope"));
  ASSIGN_OR_RETURN(permission.action, body.RequiredString("action"));
  ASSIGN_OR_RETURN(
      core::PermissionGrant grant,
      context.permissions->AddGrant(*call.principal, CompanyParam(call), subject, permission));
  return JsonResponse(201, GrantView(grant));
}

Result<http::Response> ListPermissionGrants(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::string type, QueryValue(call.request, "subject_type"));
  ASSIGN_OR_RETURN(std::string id, QueryValue(call.request, "subject_id"));
  std::optional<core::GrantSubject> subject;
  if (!type.empty() || !id.empty()) {
    auto parsed = core::GrantSubjectTypeFromName(type);
    if (!parsed || id.empty()) {
      return InvalidMember(
          "subject_type", "subject_type (role, user, api_key or token) and subject_id go together");
    }
    subject = core::GrantSubject{*parsed, id};
  }
  ASSIGN_OR_RETURN(auto grants,
                   context.permissions->ListGrants(*call.principal, CompanyParam(call), subject));
  boost::json::array list;
  for (const auto& grant : grants) list.push_back(GrantView(grant));
  return JsonResponse(200, boost::json::object{{"grants", std::move(list)}});
}

Result<http::Response> RemovePermissionGrant(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(context.permissions->RemoveGrant(*call.principal, CompanyParam(call),
                                                   call.request.path_params.at("grant_id")));
  return NoContent();
}

Result<http::Response> ListPermittedActions(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::string feature, QueryValue(call.request, "feature"));
  ASSIGN_OR_RETURN(std::string scope, QueryValue(call.request, "scope"));
  if (feature.empty() || scope.empty()) {
    return InvalidMember(feature.empty() ? "feature" : "scope",
                         "the query parameters feature and scope are required");
  }
  ASSIGN_OR_RETURN(auto actions, context.permissions->Actions(*call.principal, feature, scope));
  boost::json::array list;
  for (const auto& action : actions) list.push_back(boost::json::value(action));
  return JsonResponse(200, boost::json::object{{"actions", std::move(list)}});
}

}  // namespace portcullis::api::native
