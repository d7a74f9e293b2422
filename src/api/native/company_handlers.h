// The native handlers of companies, members, invites and the active company (company_routes.h
// mounts them). Each decodes its body, calls one service and encodes the answer. Thread-safe.
#pragma once

#include "api/common/call.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

// company_handlers.cc: /companies, /companies/{id}, /companies/{id}/members*, .../leave
Result<http::Response> CreateCompany(NativeContext& context, Call& call);
Result<http::Response> ListCompanies(NativeContext& context, Call& call);
Result<http::Response> GetCompany(NativeContext& context, Call& call);
Result<http::Response> RenameCompany(NativeContext& context, Call& call);
Result<http::Response> DeleteCompany(NativeContext& context, Call& call);
Result<http::Response> ListMembers(NativeContext& context, Call& call);
Result<http::Response> ChangeMemberRole(NativeContext& context, Call& call);
Result<http::Response> RemoveMember(NativeContext& context, Call& call);
Result<http::Response> LeaveCompany(NativeContext& context, Call& call);

// invite_handlers.cc: /companies/{id}/invites*, /invites/accept
Result<http::Response> CreateInvite(NativeContext& context, Call& call);
Result<http::Response> ListInvites(NativeContext& context, Call& call);
Result<http::Response> RevokeInvite(NativeContext& context, Call& call);
Result<http::Response> AcceptInvite(NativeContext& context, Call& call);
// GET /invites/accept?ticket=: what the mailed link opens, without using the ticket.
Result<http::Response> PreviewInvite(NativeContext& context, Call& call);

// switch_company_handler.cc: /auth/switch-company
Result<http::Response> SwitchCompany(NativeContext& context, Call& call);

// The caller's role in its active company (the token's `cid`), read now: "member" when it has
// none, is no longer a member, or the company routes are off. What `user.role` shows.
std::string CallerCompanyRole(NativeContext& context, const core::Principal& principal);

// A company role as the request spelled it; kInvalidRequest naming `member` otherwise.
Result<core::CompanyRole> DecodeRole(std::string_view name, std::string_view member);

}  // namespace portcullis::api::native
