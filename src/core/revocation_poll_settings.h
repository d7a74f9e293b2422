// Declaration of the revocation poll's setting (revocation_poll, top level).
// Pure functions; thread-safe.
#pragma once

#include "common/options.h"
#include "core/revocation_poller.h"

namespace portcullis::core {

options::Section<RevocationPollOptions> RevocationPollSection();

}  // namespace portcullis::core
