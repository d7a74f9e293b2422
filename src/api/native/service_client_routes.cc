// The native routes of service clients and the OAuth 2.0 endpoints.
// Built once at start; the bound handlers are thread-safe.
#include <utility>

#include "api/native/service_client_handlers.h"

namespace portcullis::api::native {

void AddServiceClientRoutes(NativeContext& context, std::vector<RouteSpec>& routes) {
  if (context.service_clients == nullptr || context.client_tokens == nullptr) return;
  const auto add = [&](std::string method, std::string path, Handler handler, Auth auth,
                       RunsOn runs_on = RunsOn::kBlocking) {
    routes.push_back(
        {std::move(method), std::move(path),
         RouteHandler([&context, handler](Call& call) { return handler(context, call); }), auth,
         runs_on, Tally::kNone});
  };
  // A company's clients: owners and admins (creating a client or a secret needs a session with a
  // recent authentication). Writes and unbounded lists: on the workers.
  add("POST", "/companies/{id}/clients", CreateServiceClient, Auth::kPrincipal);
  add("GET", "/companies/{id}/clients", ListServiceClients, Auth::kPrincipal);
  add("GET", "/companies/{id}/clients/{client_id}", GetServiceClient, Auth::kPrincipal);
  add("PATCH", "/companies/{id}/clients/{client_id}", PatchServiceClient, Auth::kPrincipal);
  add("DELETE", "/companies/{id}/clients/{client_id}", DeleteServiceClient, Auth::kPrincipal);
  add("POST", "/companies/{id}/clients/{client_id}/secrets", AddClientSecret, Auth::kPrincipal);
  add("DELETE", "/companies/{id}/clients/{client_id}/secrets/{secret_id}", DeleteClientSecret,
      Auth::kPrincipal);
  // The token endpoint is a hot path: a few indexed reads, two keyed hashes and a signature, no
  // write — on the I/O thread unless the store's reads may block. Introspection likewise;
  // revocation writes.
  add("POST", "/oauth/token", OAuthToken, Auth::kNone, RunsOn::kStoreRead);
  add("POST", "/oauth/introspect", OAuthIntrospect, Auth::kNone, RunsOn::kStoreRead);
  add("POST", "/oauth/revoke", OAuthRevoke, Auth::kNone, RunsOn::kBlocking);
}

}  // namespace portcullis::api::native
