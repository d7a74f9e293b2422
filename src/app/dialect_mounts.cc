// Builds and mounts the HBP, MACHHUB and Hubler dialects.
// Start-up only (one thread).
#include "app/dialect_mounts.h"

#include "app/account_flows.h"
#include "common/status_macros.h"

namespace portcullis::app {

void BuildDialectContexts(const Settings& settings, Services& s, DialectContexts& out) {
  if (settings.hbp.enabled) {
    const api::native::NativeFlows flows = s.flows().Native();
    api::CookieOptions cookie = settings.cookie;
    cookie.name = "refresh_token";
    cookie.path = "/";
    out.hbp.emplace(api::hbp::HbpContext{
        .accounts = s.accounts(),
        .sessions = s.sessions(),
        .mfa = settings.mfa_feature.enabled ? &s.mfa() : nullptr,
        .limiter = &s.limiter(),
        .step_up = &s.step_up_guard(),
        .activation = flows.activation,
        .magic_links = flows.magic_links,
        .password_resets = flows.password_resets,
        .deletions = flows.deletions,
        .email_changes = flows.email_changes,
        .verify_emails = settings.flows.verify_emails,
        .cookie = cookie,
        .jwks_json = s.jwks_json(),
        .redirect_url_success = settings.flows.redirect_url_success,
        .redirect_url_error = settings.flows.redirect_url_error,
        .options = settings.hbp,
        .registration_custom_fields = settings.hasura.registration_custom_fields,
    });
  }
  if (settings.machhub.enabled) {
    out.machhub.emplace(api::machhub::MachhubContext{
        .accounts = s.accounts(),
        .sessions = s.sessions(),
        .permissions = &s.permission_models(),
        .limiter = &s.limiter(),
    });
  }
  if (settings.hubler.enabled) {
    out.hubler.emplace(api::hubler::HublerContext{.client_tokens = s.client_tokens()});
  }
}

Status MountDialects(http::Router& router, const api::MountContext& mount, const Settings& settings,
                     DialectContexts& contexts) {
  if (contexts.hbp) {
    RETURN_IF_ERROR(
        api::Mount(router, api::hbp::HbpDialect(*contexts.hbp), settings.hbp.prefix, mount));
  }
  if (contexts.machhub) {
    const api::Dialect machhub = api::machhub::MachhubDialect(*contexts.machhub);
    RETURN_IF_ERROR(api::Mount(router, machhub, settings.machhub.prefix, mount));
    if (settings.machhub.root_alias && !settings.machhub.prefix.empty()) {
      RETURN_IF_ERROR(api::Mount(router, machhub, "", mount));
    }
  }
  if (contexts.hubler) {
    RETURN_IF_ERROR(api::Mount(router, api::hubler::HublerDialect(*contexts.hubler),
                               settings.hubler.prefix, mount));
  }
  return Status::Ok();
}

}  // namespace portcullis::app
