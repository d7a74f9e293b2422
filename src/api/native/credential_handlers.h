// The native handlers of company API keys, personal access tokens and the permission model, and
// the routes that carry them. Thread-safe (no state of their own).
#pragma once

#include <vector>

#include "api/common/call.h"
#include "api/common/route_spec.h"
#include "api/native/handlers.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

// credential_handlers.cc: /companies/{id}/api-keys*, /me/tokens*, GET /me/profile of a key or token
Result<http::Response> CreateApiKey(NativeContext& context, Call& call);
Result<http::Response> ListApiKeys(NativeContext& context, Call& call);
Result<http::Response> RevokeApiKey(NativeContext& context, Call& call);
Result<http::Response> CreatePersonalToken(NativeContext& context, Call& call);
Result<http::Response> ListPersonalTokens(NativeContext& context, Call& call);
Result<http::Response> RevokePersonalToken(NativeContext& context, Call& call);
// GET /me/profile when the caller is an API key or a personal token (a session's is GetProfile's).
Result<http::Response> CredentialProfile(NativeContext& context, Call& call);

// permission_handlers.cc: /companies/{id}/permissions*, /permissions/actions
Result<http::Response> GetPermissionModel(NativeContext& context, Call& call);
Result<http::Response> AddPermissionVerb(NativeContext& context, Call& call);
Result<http::Response> RemovePermissionVerb(NativeContext& context, Call& call);
Result<http::Response> AddPermissionGrant(NativeContext& context, Call& call);
Result<http::Response> ListPermissionGrants(NativeContext& context, Call& call);
Result<http::Response> RemovePermissionGrant(NativeContext& context, Call& call);
Result<http::Response> ListPermittedActions(NativeContext& context, Call& call);

// credential_routes.cc: the routes above, when context.credentials and context.permissions are set.
void AddCredentialRoutes(NativeContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::native
