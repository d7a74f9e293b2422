// Builds the account-lifecycle services from Settings and hands the native dialect its view.
// Called once at start from one thread.
#include "app/account_flows.h"

#include "app/logging.h"

namespace portcullis::app {
namespace {

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string WithTicketParam(const std::string& url) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "ticket=";
}

std::string PublicUrl(const Settings& settings) {
  if (!settings.flows.public_url.empty()) return WithoutTrailingSlash(settings.flows.public_url);
  const std::string& host = settings.http.host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(settings.http.port);
}

core::MailLinks LinksFor(const Settings& settings) {
  const std::string api = PublicUrl(settings) + settings.native_api.prefix;
  const std::string& reset_url = settings.flows.password_reset_url;
  core::MailLinks links;
  links.activation = api + "/auth/activate?ticket=";
  links.magic_link = api + "/auth/magic-link?token=";
  links.password_reset =
      reset_url.empty() ? api + "/auth/password/reset?ticket=" : WithTicketParam(reset_url);
  links.email_change = api + "/me/email/confirm?ticket=";
  // The built-in reset page needs a ticket: without an app page, the notice carries no link.
  if (settings.flows.lost_password_enabled) links.password_reset_start = reset_url;
  // [dialects.hbp] mail_links: activation and magic-link mails open HBP's own routes, which end
  // in a redirect with refresh_token= (docs/dialects/hbp.md); the tickets are the same.
  if (settings.hbp.enabled && settings.hbp.mail_links) {
    const std::string hbp = PublicUrl(settings) + settings.hbp.prefix;
    links.activation = hbp + "/auth/activate?ticket=";
    links.magic_link = hbp + "/auth/magic-link?action=log-in&token=";
  }
  return links;
}

AccountFlows::AccountFlows(const Settings& settings, AccountFlowParts parts)
    : policy_(settings.flows),
      redirects_(settings.flows.allowed_redirect_urls),
      tickets_(settings.ticket_ttls, parts.tokens, parts.clock),
      mailed_(tickets_, parts.outbox, parts.limiter),
      sign_in_(parts.sessions, parts.mfa),
      codes_(parts.store, tickets_, sign_in_, parts.challenges, parts.clock) {
  const core::FlowDeps deps{
      policy_, LinksFor(settings), parts.store,  mailed_,          sign_in_,
      codes_,  parts.clock,        parts.random, parts.enrollment, parts.audit};
  if (!policy_.auto_activate_new_users) {
    activation_ = std::make_unique<core::ActivationService>(deps);
  }
  if (policy_.magic_link_enabled) {
    magic_links_ = std::make_unique<core::MagicLinkService>(deps, redirects_);
  }
  if (policy_.lost_password_enabled) {
    password_resets_ =
        std::make_unique<core::PasswordResetService>(deps, parts.hasher, parts.sessions);
  }
  email_changes_ = std::make_unique<core::EmailChangeService>(deps, parts.guard, parts.sessions);
  if (policy_.allow_user_self_delete) {
    deletions_ = std::make_unique<core::AccountDeletionService>(deps, parts.guard, parts.sessions);
  }
  if (!parts.providers.empty() && parts.ephemeral != nullptr && parts.enrollment != nullptr &&
      parts.audit != nullptr) {
    core::SsoPolicy sso_policy = settings.sso_policy;
    for (const auto& [name, provider] : settings.sso.providers) {
      sso_policy.trust_mfa[name] = provider.trust_mfa;
    }
    sso_ = std::make_unique<core::SsoFlowService>(core::SsoDeps{
        .policy = std::move(sso_policy),
        .providers = std::move(parts.providers),
        .store = parts.store,
        .ephemeral = *parts.ephemeral,
        .redirects = redirects_,
        .tokens = parts.tokens,
        .challenges = parts.challenges,
        .sign_in = sign_in_,
        .mfa = parts.mfa,
        .codes = codes_,
        .enrollment = *parts.enrollment,
        .audit = *parts.audit,
        .clock = parts.clock,
        .random = parts.random,
        .log_failure = [](std::string_view line) { LogWarn("sso: " + std::string(line)); },
    });
  }
}

api::native::NativeFlows AccountFlows::Native() {
  api::native::NativeFlows flows;
  flows.activation = activation_.get();
  flows.magic_links = magic_links_.get();
  flows.password_resets = password_resets_.get();
  flows.email_changes = email_changes_.get();
  flows.deletions = deletions_.get();
  // Exchange codes come from activation, magic links and single sign-on; without them, the route
  // is out.
  if (activation_ || magic_links_ || sso_) flows.exchange_codes = &codes_;
  flows.redirects = &redirects_;
  flows.redirect_url_success = policy_.redirect_url_success;
  flows.redirect_url_error = policy_.redirect_url_error;
  flows.reset_page = password_resets_ != nullptr && policy_.password_reset_url.empty();
  return flows;
}

}  // namespace portcullis::app
