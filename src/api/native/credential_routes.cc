// The native routes of company API keys, personal access tokens and the permission model.
// Built once at start; the bound handlers are thread-safe.
#include <utility>

#include "api/native/credential_handlers.h"

namespace portcullis::api::native {

void AddCredentialRoutes(NativeContext& context, std::vector<RouteSpec>& routes) {
  if (context.credentials == nullptr || context.permissions == nullptr) return;
  const auto add = [&](std::string method, std::string path, Handler handler, Auth auth,
                       RunsOn runs_on = RunsOn::kBlocking) {
    routes.push_back(
        {std::move(method), std::move(path),
         RouteHandler([&context, handler](Call& call) { return handler(context, call); }), auth,
         runs_on, Tally::kNone});
  };
  // A company's keys: owners, admins and its own keys (issuing needs a session with a recent
  // authentication). Lists are unbounded reads: on the workers.
  add("POST", "/companies/{id}/api-keys", CreateApiKey, Auth::kPrincipal);
  add("GET", "/companies/{id}/api-keys", ListApiKeys, Auth::kPrincipal);
  add("DELETE", "/companies/{id}/api-keys/{key_id}", RevokeApiKey, Auth::kPrincipal);
  // A user's personal tokens: sessions only.
  add("POST", "/me/tokens", CreatePersonalToken, Auth::kBearer);
  add("GET", "/me/tokens", ListPersonalTokens, Auth::kBearer);
  add("DELETE", "/me/tokens/{id}", RevokePersonalToken, Auth::kBearer);
  // The permission model: owners, admins and the company's keys.
  add("GET", "/companies/{id}/permissions", GetPermissionModel, Auth::kPrincipal);
  add("POST", "/companies/{id}/permissions/verbs", AddPermissionVerb, Auth::kPrincipal);
  add("DELETE", "/companies/{id}/permissions/verbs/{name}", RemovePermissionVerb, Auth::kPrincipal);
  add("POST", "/companies/{id}/permissions/grants", AddPermissionGrant, Auth::kPrincipal);
  add("GET", "/companies/{id}/permissions/grants", ListPermissionGrants, Auth::kPrincipal);
  add("DELETE", "/companies/{id}/permissions/grants/{grant_id}", RemovePermissionGrant,
      Auth::kPrincipal);
  // Any principal's own actions: a few indexed reads.
  add("GET", "/permissions/actions", ListPermittedActions, Auth::kPrincipal, RunsOn::kStoreRead);
}

}  // namespace portcullis::api::native
