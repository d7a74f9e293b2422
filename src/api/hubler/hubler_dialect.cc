// The Hubler dialect's route table.
// Built once at start; the handlers are thread-safe.
#include "api/hubler/hubler_dialect.h"

#include "api/hubler/hubler_error_writer.h"
#include "api/hubler/hubler_token_handler.h"

namespace portcullis::api::hubler {

Dialect HublerDialect(HublerContext& context) {
  const RouteHandler issue = [&context](Call& call) { return IssueHublerToken(context, call); };
  Dialect dialect{.name = "hubler", .write_error = &WriteHublerError, .routes = {}};
  // On the workers: the rate limiter's shared store is waited for (the issuing itself is one
  // store read, two keyed hashes and a signature, as on POST /v1/oauth/token).
  for (const char* path : {"/auth/", "/auth"}) {
    dialect.routes.push_back({"POST", path, issue, Auth::kNone, RunsOn::kBlocking, Tally::kNone});
  }
  return dialect;
}

}  // namespace portcullis::api::hubler
