// Declaration of the revocation poll's setting: name, bounds and help.
// Pure functions; thread-safe.
#include "core/revocation_poll_settings.h"

namespace portcullis::core {

options::Section<RevocationPollOptions> RevocationPollSection() {
  using std::chrono::seconds;
  options::Section<RevocationPollOptions> s("", "Revocation across nodes");
  s.Add("revocation_poll", &RevocationPollOptions::period,
        "seconds between reads of the sessions revoked in the database (by any node or admin "
        "command), so a revocation whose broadcast was lost takes effect within this time")
      .Between(seconds(1), seconds(60));
  return s;
}

}  // namespace portcullis::core
