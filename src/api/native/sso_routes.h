// The native single sign-on routes: /auth/{provider}/start and /callback (a browser's redirects
// to and from an outside identity provider) and the signed-in user's /me/identities. The services
// and pages they use, and the route table entries they add. Built at start; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "api/common/route_spec.h"
#include "common/random.h"
#include "core/sso_service.h"
#include "core/step_up_guard.h"

namespace portcullis::api::native {

struct NativeContext;

// Where a browser-mode flow ends ([sso] sso_success_url, sso_error_url, sso_mfa_url).
struct SsoPages {
  std::string success_url = "/app";      // signed in (or an identity linked: ?linked=<provider>)
  std::string error_url = "/app/login";  // ?error=<sso_error code>
  std::string mfa_url = "/app/mfa";      // ?ticket=<MFA ticket> for POST /auth/mfa/totp
};

struct NativeSso {
  core::SsoService* service = nullptr;  // null: no provider configured, the routes are left out
  const core::StepUpGuard* step_up = nullptr;  // linking an identity is a sensitive operation
  Random* random = nullptr;                    // the double-submit CSRF cookie's value
  // public_url + the native prefix ("https://auth.example.com/v1"): a provider's callback URL is
  // this + "/auth/{provider}/callback", as registered at the provider.
  std::string public_base;
  SsoPages pages;
};

// Appends the single sign-on routes when `context.sso.service` is set.
void AddSsoRoutes(NativeContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::native
