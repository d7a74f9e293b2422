// The MACHHUB handlers: the login (machhub_login.cc) and the permission check
// (machhub_permission.cc). Thread-safe; each decodes, calls one core service and shapes the answer.
#pragma once

#include "api/common/call.h"
#include "api/common/completion.h"
#include "api/machhub/machhub_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::machhub {

// The name this dialect gives its logins in the audit log (ClientInfo::via).
inline constexpr std::string_view kDialectName = "machhub";

// POST /auth/login {username, password, totp_code?} → 200 {"success": true, "tkn": "<jwt>"}.
// `username` is a username, or an email when it contains '@' (usernames never do).
void Login(MachhubContext& context, Call call, Completion done);

// GET /auth/permission/action/feature/{feature}/scope/{scope} → 200 {"actions": [...]}: the
// caller's own actions on feature/scope in its company ([] for none).
Result<http::Response> PermittedActions(MachhubContext& context, Call& call);

}  // namespace portcullis::api::machhub
