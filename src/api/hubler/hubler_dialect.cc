// The Hubler dialect's route table.
// Built once at start; the handlers are thread-safe.
#include "api/hubler/hubler_dialect.h"

#include "api/hubler/hubler_error_writer.h"

namespace portcullis::api::hubler {

Dialect HublerDialect(HublerContext& context) {
  (void)context;
  return Dialect{"hubler", &WriteHublerError, {}};
}

}  // namespace portcullis::api::hubler
