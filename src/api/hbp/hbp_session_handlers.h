// HBP's session handlers, one per route of AppendSessionRoutes: each decodes HBP's request, calls
// the core service the native API calls for the same flow and shapes HBP's answer. Thread-safe.
#pragma once

#include "api/common/call.h"
#include "api/common/completion.h"
#include "api/hbp/hbp_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hbp {

// hbp_session_handlers.cc: POST /auth/register, /auth/login, /auth/mfa/totp,
// GET /auth/token/refresh, POST /auth/logout, POST /auth/token/revoke.
void HbpRegister(HbpContext& context, Call call, Completion done);
void HbpLogin(HbpContext& context, Call call, Completion done);
void HbpMfaTotp(HbpContext& context, Call call, Completion done);
void HbpRefresh(HbpContext& context, Call call, Completion done);
void HbpLogout(HbpContext& context, Call call, Completion done);
Result<http::Response> HbpRevoke(HbpContext& context, Call& call);  // Call::principal is set

// hbp_link_handlers.cc: GET /auth/activate, GET /auth/magic-link (302 with refresh_token=).
Result<http::Response> HbpActivate(HbpContext& context, Call& call);
Result<http::Response> HbpMagicLink(HbpContext& context, Call& call);

}  // namespace portcullis::api::hbp
