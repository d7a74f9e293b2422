// The route table entries of single sign-on.
// Built once at start; the bound handlers are thread-safe.
#include "api/native/sso_routes.h"

#include <string>

#include "api/native/native_dialect.h"
#include "api/native/sso_handlers.h"

namespace portcullis::api::native {

void AddSsoRoutes(NativeContext& context, std::vector<RouteSpec>& routes) {
  if (context.sso.service == nullptr) return;
  using Handler = Result<http::Response> (*)(NativeContext&, Call&);
  // Every route runs on the workers: the start may fetch a discovery document, the callback
  // redeems the code at the provider (network, with timeouts), the others read or write.
  const auto add = [&](std::string method, std::string path, Handler handler, Auth auth,
                       Tally tally = Tally::kNone) {
    routes.push_back(
        {std::move(method), std::move(path),
         RouteHandler([&context, handler](Call& call) { return handler(context, call); }), auth,
         RunsOn::kBlocking, tally});
  };
  add("GET", "/auth/{provider}/start", StartSso, Auth::kNone);
  add("GET", "/auth/{provider}/callback", SsoCallback, Auth::kNone, Tally::kLogin);
  add("GET", "/me/identities", ListIdentities, Auth::kBearer);
  add("POST", "/me/identities/{provider}/link", LinkIdentity, Auth::kBearer);
  add("DELETE", "/me/identities/{id}", UnlinkIdentity, Auth::kBearer);
}

}  // namespace portcullis::api::native
