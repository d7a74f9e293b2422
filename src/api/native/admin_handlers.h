// The native handlers of the admin API: users (search, read, change, delete, MFA reset, session
// revocation) and companies (list, read). Thread-safe; each decodes, calls the admin service (which
// authorizes and audits) and encodes the answer.
#pragma once

#include "api/common/call.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

Result<http::Response> AdminSearchUsers(NativeContext& context, Call& call);
Result<http::Response> AdminGetUser(NativeContext& context, Call& call);
Result<http::Response> AdminPatchUser(NativeContext& context, Call& call);
Result<http::Response> AdminDeleteUser(NativeContext& context, Call& call);
Result<http::Response> AdminResetMfa(NativeContext& context, Call& call);
Result<http::Response> AdminRevokeSessions(NativeContext& context, Call& call);
Result<http::Response> AdminListCompanies(NativeContext& context, Call& call);
Result<http::Response> AdminGetCompany(NativeContext& context, Call& call);

}  // namespace portcullis::api::native
