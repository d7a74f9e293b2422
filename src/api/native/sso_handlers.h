// The native single sign-on handlers, one per route of AddSsoRoutes. Thread-safe (no state).
#pragma once

#include "api/common/call.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

// GET /auth/{provider}/start[?redirect_uri=&invite=&code_challenge=]: 302 to the provider.
Result<http::Response> StartSso(NativeContext& context, Call& call);
// GET /auth/{provider}/callback?code=&state= (or ?error=): 302 to where the flow ends.
Result<http::Response> SsoCallback(NativeContext& context, Call& call);
// GET /me/identities.
Result<http::Response> ListIdentities(NativeContext& context, Call& call);
// POST /me/identities/{provider}/link [{"redirect_uri": ...}]: step-up; 200 with the
// authorization_url to navigate to (and the binding cookie).
Result<http::Response> LinkIdentity(NativeContext& context, Call& call);
// DELETE /me/identities/{id}: 204; 409 when it is the last way to log in.
Result<http::Response> UnlinkIdentity(NativeContext& context, Call& call);

}  // namespace portcullis::api::native
