// The native handlers of company invites: invite (mails the ticket), list pending, revoke, preview
// (what the mailed link shows), accept.
// Thread-safe; each decodes, calls the InviteService (which asks the Authorizer) and encodes.
#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/company_handlers.h"
#include "api/native/company_views.h"
#include "api/native/link_answers.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct InviteBody {
  std::string email;
  std::optional<std::string> role;  // absent: member
};
constexpr JsonField<InviteBody> kInviteFields[] = {
    RequiredString("email", &InviteBody::email),
    OptionalString("role", &InviteBody::role),
};

struct AcceptBody {
  std::string ticket;
};
constexpr JsonField<AcceptBody> kAcceptFields[] = {RequiredString("ticket", &AcceptBody::ticket)};

core::InviteService& Invites(NativeContext& context) { return *context.companies.invites; }

}  // namespace

Result<http::Response> CreateInvite(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(InviteBody body, DecodeJson(call.request, kInviteFields));
  ASSIGN_OR_RETURN(core::CompanyRole role, DecodeRole(body.role.value_or("member"), "role"));
  ASSIGN_OR_RETURN(core::CompanyInvite invite,
                   Invites(context).Invite(*call.principal, call.request.path_params.at("id"),
                                           body.email, role, call.Client()));
  return JsonResponse(201, InviteView(invite));
}

Result<http::Response> ListInvites(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::vector<core::CompanyInvite> invites,
                   Invites(context).Pending(*call.principal, call.request.path_params.at("id")));
  boost::json::array list;
  for (const auto& invite : invites) list.push_back(InviteView(invite));
  return JsonResponse(200, boost::json::object{{"invites", std::move(list)}});
}

Result<http::Response> RevokeInvite(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(Invites(context).Revoke(*call.principal, call.request.path_params.at("id"),
                                          call.request.path_params.at("invite_id"), call.Client()));
  return NoContent();
}

Result<http::Response> PreviewInvite(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::string ticket, QueryValue(call.request, "ticket"));
  ASSIGN_OR_RETURN(core::InvitePreview preview, Invites(context).Preview(ticket));
  boost::json::object out = InviteView(preview.invite);
  out["company"] = boost::json::object{{"id", preview.company.id}, {"name", preview.company.name}};
  return JsonResponse(200, std::move(out));
}

Result<http::Response> AcceptInvite(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(AcceptBody body, DecodeJson(call.request, kAcceptFields));
  ASSIGN_OR_RETURN(core::CompanyOfUser joined,
                   Invites(context).Accept(*call.principal, body.ticket, call.Client()));
  return JsonResponse(200, CompanyView(joined));
}

}  // namespace portcullis::api::native
