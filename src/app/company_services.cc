// Builds the company services from Settings and hands the native dialect its view.
// Called once at start from one thread.
#include "app/company_services.h"

#include "app/account_flows.h"

namespace portcullis::app {
namespace {

core::InviteOptions InviteOptionsFor(const Settings& settings) {
  core::InviteOptions options;
  options.ttl = settings.ticket_ttls.invite;
  // The app reads `ticket` from the link and posts it to /invites/accept (signed in) or with a
  // registration ({..., invite}).
  options.link_base = PublicUrl(settings) + settings.native_api.prefix + "/invites/accept?ticket=";
  return options;
}

}  // namespace

CompanyServices::CompanyServices(const Settings& settings, CompanyServiceParts parts)
    : enrollment_(settings.companies, parts.tokens, parts.random),
      companies_(parts.store, authorizer_, parts.guard, parts.random, parts.clock),
      invites_(InviteOptionsFor(settings), parts.store, authorizer_, parts.tokens, parts.outbox,
               parts.random, parts.clock),
      switcher_(parts.store, authorizer_, parts.sessions) {}

api::native::NativeCompanies CompanyServices::Native() {
  return {.companies = &companies_, .invites = &invites_, .switcher = &switcher_};
}

}  // namespace portcullis::app
