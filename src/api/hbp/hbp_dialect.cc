// The HBP dialect's route table: each route of document 002 over the core services.
// Built once at start; the handlers are thread-safe.
#include "api/hbp/hbp_dialect.h"

#include "api/hbp/boom_error_writer.h"
#include "api/hbp/hbp_routes.h"

namespace portcullis::api::hbp {

Dialect HbpDialect(HbpContext& context) {
  Dialect dialect{"hbp", &WriteBoomError, {}};
  AppendSessionRoutes(context, dialect.routes);
  AppendAccountRoutes(context, dialect.routes);
  return dialect;
}

}  // namespace portcullis::api::hbp
