// The MACHHUB dialect's route table.
// Built once at start; the handlers are thread-safe.
#include "api/machhub/machhub_dialect.h"

#include "api/machhub/machhub_error_writer.h"

namespace portcullis::api::machhub {

Dialect MachhubDialect(MachhubContext& context) {
  (void)context;
  return Dialect{"machhub", &WriteMachhubError, {}};
}

}  // namespace portcullis::api::machhub
