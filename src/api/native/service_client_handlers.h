// The native handlers of service clients (/companies/{id}/clients*) and of the OAuth 2.0 endpoints
// (/oauth/token, /oauth/introspect, /oauth/revoke), and the routes that carry them. Thread-safe
// (no state of their own).
#pragma once

#include <vector>

#include "api/common/call.h"
#include "api/common/route_spec.h"
#include "api/native/handlers.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

// service_client_handlers.cc: /companies/{id}/clients*
Result<http::Response> CreateServiceClient(NativeContext& context, Call& call);
Result<http::Response> ListServiceClients(NativeContext& context, Call& call);
Result<http::Response> GetServiceClient(NativeContext& context, Call& call);
Result<http::Response> PatchServiceClient(NativeContext& context, Call& call);
Result<http::Response> DeleteServiceClient(NativeContext& context, Call& call);
Result<http::Response> AddClientSecret(NativeContext& context, Call& call);
Result<http::Response> DeleteClientSecret(NativeContext& context, Call& call);

// oauth_handlers.cc: RFC 6749 §4.4 token, RFC 7662 introspection, RFC 7009 revocation. Their
// errors are RFC 6749 §5.2 bodies, never problem JSON: each handler answers every outcome itself.
Result<http::Response> OAuthToken(NativeContext& context, Call& call);
Result<http::Response> OAuthIntrospect(NativeContext& context, Call& call);
Result<http::Response> OAuthRevoke(NativeContext& context, Call& call);

// service_client_routes.cc: the routes above, when context.service_clients and
// context.client_tokens are set.
void AddServiceClientRoutes(NativeContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::native
