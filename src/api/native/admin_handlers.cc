// The native handlers of the admin API.
// Thread-safe: each call works on its own request; the services are thread-safe.
#include "api/native/admin_handlers.h"

#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/admin_paging.h"
#include "api/native/admin_views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct PatchBody {
  std::optional<bool> disabled;
  std::optional<std::string> instance_role;
  std::optional<bool> email_verified;
};
constexpr JsonField<PatchBody> kPatchFields[] = {
    OptionalBool("disabled", &PatchBody::disabled),
    OptionalString("instance_role", &PatchBody::instance_role),
    OptionalBool("email_verified", &PatchBody::email_verified),
};

core::AdminUserService& Users(NativeContext& context) { return *context.admin.users; }
core::AdminCompanyService& Companies(NativeContext& context) { return *context.admin.companies; }

core::AdminCaller Caller(const Call& call) {
  return core::AdminCaller::Api(*call.principal, call.Client());
}

const std::string& PathParam(const Call& call, const char* name) {
  return call.request.path_params.at(name);
}

}  // namespace

Result<http::Response> AdminSearchUsers(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(http::QueryParams params, http::ParseQuery(call.request.query));
  ASSIGN_OR_RETURN(PageRequest page, DecodePageRequest(params));
  const std::string query(http::FindParam(params, "query").value_or(""));
  ASSIGN_OR_RETURN(core::AdminUserPage found,
                   Users(context).Search(Caller(call), query, page.after_id, page.limit));
  boost::json::array items;
  for (const auto& user : found.users) items.push_back(AdminUserView(user));
  return JsonResponse(200, PageView(std::move(items), found.next_after_id));
}

Result<http::Response> AdminGetUser(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::AdminUserDetails details,
                   Users(context).Get(Caller(call), PathParam(call, "id")));
  return JsonResponse(200, AdminUserDetailsView(details));
}

Result<http::Response> AdminPatchUser(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(PatchBody body, DecodeJson(call.request, kPatchFields));
  if (body.instance_role && *body.instance_role != "admin" && *body.instance_role != "user") {
    return MakeError(ErrorCode::kInvalidRequest, "an instance role is admin or user",
                     std::string("instance_role"));
  }
  core::AdminUserPatch patch{body.disabled, body.instance_role, body.email_verified};
  ASSIGN_OR_RETURN(core::User user,
                   Users(context).Update(Caller(call), PathParam(call, "id"), patch));
  return JsonResponse(200, AdminUserView(user));
}

Result<http::Response> AdminDeleteUser(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(Users(context).Delete(Caller(call), PathParam(call, "id")));
  return NoContent();
}

Result<http::Response> AdminResetMfa(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(Users(context).ResetMfa(Caller(call), PathParam(call, "id")));
  return NoContent();
}

Result<http::Response> AdminRevokeSessions(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  ASSIGN_OR_RETURN(int64_t revoked,
                   Users(context).RevokeSessions(Caller(call), PathParam(call, "id")));
  return JsonResponse(200, boost::json::object{{"revoked", revoked}});
}

Result<http::Response> AdminListCompanies(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(http::QueryParams params, http::ParseQuery(call.request.query));
  ASSIGN_OR_RETURN(PageRequest page, DecodePageRequest(params));
  ASSIGN_OR_RETURN(core::AdminCompanyPage found,
                   Companies(context).List(Caller(call), page.after_id, page.limit));
  boost::json::array items;
  for (const auto& company : found.companies) items.push_back(AdminCompanyView(company));
  return JsonResponse(200, PageView(std::move(items), found.next_after_id));
}

Result<http::Response> AdminGetCompany(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::AdminCompanyDetails details,
                   Companies(context).Get(Caller(call), PathParam(call, "id")));
  return JsonResponse(200, AdminCompanyDetailsView(details));
}

}  // namespace portcullis::api::native
