// Declaration of the expired-ticket purge's setting: name, bounds and help.
// Pure functions; thread-safe.
#include "core/expired_ticket_purge_settings.h"

namespace portcullis::core {

options::Section<ExpiredTicketPurgeOptions> ExpiredTicketPurgeSection() {
  using std::chrono::seconds;
  options::Section<ExpiredTicketPurgeOptions> s("", "Expired tickets");
  s.Add("ticket_purge_interval", &ExpiredTicketPurgeOptions::interval,
        "seconds between two deletions of expired one-time tickets (emailed links, exchange "
        "codes) and MFA login tickets; an expired ticket is refused either way")
      .Between(seconds(10), seconds(24 * 3600));
  return s;
}

}  // namespace portcullis::core
