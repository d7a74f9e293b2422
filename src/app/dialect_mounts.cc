// Builds and mounts the HBP, MACHHUB and Hubler dialects.
// Start-up only (one thread).
#include "app/dialect_mounts.h"

#include <string>
#include <string_view>
#include <vector>

#include "app/account_flows.h"
#include "common/status_macros.h"

namespace portcullis::app {
namespace {

// One mount of a dialect's route table, with the settings that place it and what to change when
// it collides (the one line `serve` prints before it exits with status 2).
struct DialectMount {
  api::Dialect dialect;
  std::string prefix;
  std::string placed_by;  // "dialects.hbp.prefix = \"\""
  std::string remedy;     // "change dialects.hbp.prefix or set dialects.hbp.enabled = false"
};

std::string PrefixSetting(std::string_view dialect, std::string_view prefix) {
  return "dialects." + std::string(dialect) + ".prefix = \"" + std::string(prefix) + "\"";
}

std::string DisableOrMove(std::string_view dialect) {
  const std::string section = "dialects." + std::string(dialect);
  return "change " + section + ".prefix or set " + section + ".enabled = false";
}

// kConflict naming the route, both dialects and the settings to change, for the first route two
// of `mounts` claim; checked before any is mounted.
Status CheckDialectCollisions(const std::vector<DialectMount>& mounts) {
  for (std::size_t i = 0; i < mounts.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const DialectMount& first = mounts[j];
      const DialectMount& second = mounts[i];
      if (auto route =
              api::SharedRoute(first.dialect, first.prefix, second.dialect, second.prefix)) {
        return MakeError(ErrorCode::kConflict,
                         "route collision: " + *route + " is claimed by " + first.dialect.name +
                             " (" + first.placed_by + ") and " + second.dialect.name + " (" +
                             second.placed_by + "); " + first.remedy + ", or " + second.remedy);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

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
        .permissions = &s.permission_models(),
    });
  }
  if (settings.hubler.enabled) {
    out.hubler.emplace(
        api::hubler::HublerContext{.client_tokens = s.client_tokens(), .limiter = &s.limiter()});
  }
}

Status MountDialects(http::Router& router, const api::MountContext& mount, const Settings& settings,
                     DialectContexts& contexts) {
  std::vector<DialectMount> mounts;
  if (contexts.hbp) {
    mounts.push_back({api::hbp::HbpDialect(*contexts.hbp), settings.hbp.prefix,
                      PrefixSetting("hbp", settings.hbp.prefix), DisableOrMove("hbp")});
  }
  if (contexts.machhub) {
    const std::string& prefix = settings.machhub.prefix;
    mounts.push_back({api::machhub::MachhubDialect(*contexts.machhub), prefix,
                      PrefixSetting("machhub", prefix), DisableOrMove("machhub")});
    if (settings.machhub.root_alias && !prefix.empty()) {
      mounts.push_back({api::machhub::MachhubDialect(*contexts.machhub), "",
                        "dialects.machhub.root_alias = true",
                        "set dialects.machhub.root_alias = false"});
    }
  }
  if (contexts.hubler) {
    mounts.push_back({api::hubler::HublerDialect(*contexts.hubler), settings.hubler.prefix,
                      PrefixSetting("hubler", settings.hubler.prefix), DisableOrMove("hubler")});
  }
  RETURN_IF_ERROR(CheckDialectCollisions(mounts));
  for (const DialectMount& entry : mounts) {
    Status mounted = api::Mount(router, entry.dialect, entry.prefix, mount);
    if (!mounted && mounted.error().code == ErrorCode::kConflict) {
      // Only the routes mounted before the dialects remain: the native API and the server's own.
      return MakeError(ErrorCode::kConflict,
                       mounted.error().detail +
                           " by the native API (api.native.prefix) or the server (/health, "
                           "/ready, /metrics); " +
                           entry.remedy);
    }
    RETURN_IF_ERROR(mounted);
  }
  return Status::Ok();
}

}  // namespace portcullis::app
