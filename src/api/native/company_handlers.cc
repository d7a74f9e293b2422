// The native handlers of companies and their members: found, list, read, rename, delete, the
// member list, a member's role, removal and leaving. Thread-safe; each decodes, calls the
// CompanyService (which asks the Authorizer) and encodes the answer.
#include "api/native/company_handlers.h"

#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/company_views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct NameBody {
  std::string name;
};
constexpr JsonField<NameBody> kNameFields[] = {RequiredString("name", &NameBody::name)};

struct RoleBody {
  std::string role;
};
constexpr JsonField<RoleBody> kRoleFields[] = {RequiredString("role", &RoleBody::role)};

core::CompanyService& Companies(NativeContext& context) { return *context.companies.companies; }

const std::string& PathParam(const Call& call, const char* name) {
  return call.request.path_params.at(name);
}

}  // namespace

Result<core::CompanyRole> DecodeRole(std::string_view name, std::string_view member) {
  if (auto role = core::CompanyRoleFromName(name)) return *role;
  return MakeError(ErrorCode::kInvalidRequest, "a role is member, admin or owner",
                   std::string(member));
}

std::string CallerCompanyRole(NativeContext& context, const core::Principal& principal) {
  if (principal.company_id.empty() || context.companies.companies == nullptr) return "member";
  auto company = Companies(context).Get(principal, principal.company_id);
  return std::string(core::CompanyRoleName(company ? company->role : core::CompanyRole::kMember));
}

Result<http::Response> CreateCompany(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(NameBody body, DecodeJson(call.request, kNameFields));
  ASSIGN_OR_RETURN(core::CompanyOfUser created,
                   Companies(context).Create(*call.principal, body.name));
  return JsonResponse(201, CompanyView(created));
}

Result<http::Response> ListCompanies(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::vector<core::CompanyOfUser> companies,
                   Companies(context).ListMine(*call.principal));
  boost::json::array list;
  for (const auto& company : companies) list.push_back(CompanyView(company));
  return JsonResponse(200, boost::json::object{{"companies", std::move(list)}});
}

Result<http::Response> GetCompany(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::CompanyOfUser company,
                   Companies(context).Get(*call.principal, PathParam(call, "id")));
  return JsonResponse(200, CompanyView(company));
}

Result<http::Response> RenameCompany(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(NameBody body, DecodeJson(call.request, kNameFields));
  ASSIGN_OR_RETURN(core::CompanyOfUser company,
                   Companies(context).Rename(*call.principal, PathParam(call, "id"), body.name));
  return JsonResponse(200, CompanyView(company));
}

Result<http::Response> DeleteCompany(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(Companies(context).Delete(*call.principal, PathParam(call, "id")));
  return NoContent();
}

Result<http::Response> ListMembers(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::vector<core::Member> members,
                   Companies(context).Members(*call.principal, PathParam(call, "id")));
  boost::json::array list;
  for (const auto& member : members) list.push_back(MemberView(member));
  return JsonResponse(200, boost::json::object{{"members", std::move(list)}});
}

Result<http::Response> ChangeMemberRole(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(RoleBody body, DecodeJson(call.request, kRoleFields));
  ASSIGN_OR_RETURN(core::CompanyRole role, DecodeRole(body.role, "role"));
  ASSIGN_OR_RETURN(core::Membership membership,
                   Companies(context).ChangeRole(*call.principal, PathParam(call, "id"),
                                                 PathParam(call, "user_id"), role));
  return JsonResponse(200, MembershipView(membership));
}

Result<http::Response> RemoveMember(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(Companies(context).RemoveMember(*call.principal, PathParam(call, "id"),
                                                  PathParam(call, "user_id")));
  return NoContent();
}

Result<http::Response> LeaveCompany(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(Companies(context).Leave(*call.principal, PathParam(call, "id")));
  return NoContent();
}

}  // namespace portcullis::api::native
