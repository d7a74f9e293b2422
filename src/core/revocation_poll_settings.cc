// Declaration of the revocation poll's setting: name, bounds and help.
// Pure functions; thread-safe.
#include "core/revocation_poll_settings.h"

namespace portcullis::core {

options::Section<RevocationPollOptions> RevocationPollSection() {
  using std::chrono::seconds;
  options::Section<RevocationPollOptions> s("", "Revocation across nodes");
  s.Add("revocation_poll", &RevocationPollOptions::period,
        "seconds within which a session revoked in the database (by any node or admin command) "
        "is refused here even when its broadcast was lost (the database is read twice per period)")
      .Between(seconds(1), seconds(60));
  return s;
}

}  // namespace portcullis::core
