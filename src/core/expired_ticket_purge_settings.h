// Declaration of the expired-ticket purge's setting (ticket_purge_interval, top level).
// Pure functions; thread-safe.
#pragma once

#include "common/options.h"
#include "core/expired_ticket_purger.h"

namespace portcullis::core {

options::Section<ExpiredTicketPurgeOptions> ExpiredTicketPurgeSection();

}  // namespace portcullis::core
