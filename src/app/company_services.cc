// Builds the company services from Settings and hands the native dialect its view.
// Called once at start from one thread.
#include "app/company_services.h"

#include "app/account_flows.h"

namespace portcullis::app {
namespace {

core::InviteOptions InviteOptionsFor(const Settings& settings) {
  core::InviteOptions options;
  options.ttl = settings.ticket_ttls.invite;
  // The app's page (invite_url) or GET /invites/accept shows what the ticket opens; the app posts
  // the ticket to /invites/accept (signed in) or with a registration ({..., invite}).
  const std::string& page = settings.flows.invite_url;
  options.link_base =
      page.empty() ? PublicUrl(settings) + settings.native_api.prefix + "/invites/accept?ticket="
                   : WithTicketParam(page);
  return options;
}

}  // namespace

CompanyServices::CompanyServices(const Settings& settings, CompanyServiceParts parts)
    : enrollment_(settings.companies, parts.tokens, parts.random, parts.audit),
      companies_(parts.store, parts.authorizer, parts.guard, parts.random, parts.clock,
                 parts.audit),
      invites_(InviteOptionsFor(settings), parts.store, parts.authorizer, parts.tokens,
               parts.outbox, parts.limiter, parts.random, parts.clock, parts.audit),
      switcher_(parts.store, parts.authorizer, parts.sessions, parts.audit) {}

api::native::NativeCompanies CompanyServices::Native() {
  return {.companies = &companies_, .invites = &invites_, .switcher = &switcher_};
}

}  // namespace portcullis::app
