// The operational endpoints' route table and handlers.
// Built once at start; the handlers are thread-safe.
#include "api/native/ops_routes.h"

#include "api/common/responses.h"
#include "api/native/error_writer.h"

namespace portcullis::api::native {

Dialect OpsDialect(const OpsContext& context) {
  const RouteHandler health = [](Call&) -> Result<http::Response> { return NoContent(); };
  const RouteHandler ready = [&context](Call&) -> Result<http::Response> {
    if (Status s = context.store.Ping(); !s) {
      return MakeError(ErrorCode::kUnavailable, "the database does not answer");
    }
    return JsonResponse(200, boost::json::object{{"status", "ready"}});
  };
  const RouteHandler metrics = [&context](Call&) -> Result<http::Response> {
    http::Response response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = context.metrics.RenderPrometheus();
    return response;
  };
  const RouteHandler jwks = [&context](Call&) -> Result<http::Response> {
    http::Response response;
    response.content_type = "application/json";
    response.body = context.jwks_json;
    response.AddHeader("Cache-Control", "public, max-age=300");
    return response;
  };
  const RouteHandler oauth_metadata = [&context](Call&) -> Result<http::Response> {
    http::Response response;
    response.content_type = "application/json";
    response.body = context.oauth_metadata_json;
    response.AddHeader("Cache-Control", "public, max-age=300");
    return response;
  };
  Dialect dialect{
      .name = "ops",
      .write_error = WriteNativeError,
      .routes =
          {
              {"GET", "/health", health, Auth::kNone, RunsOn::kNonBlocking},
              {"GET", "/ready", ready, Auth::kNone, RunsOn::kBlocking},  // a round trip
              {"GET", "/metrics", metrics, Auth::kNone, RunsOn::kNonBlocking},
              {"GET", "/.well-known/jwks.json", jwks, Auth::kNone, RunsOn::kNonBlocking},
          },
  };
  if (!context.oauth_metadata_json.empty()) {
    dialect.routes.push_back({"GET", "/.well-known/oauth-authorization-server", oauth_metadata,
                              Auth::kNone, RunsOn::kNonBlocking});
  }
  return dialect;
}

}  // namespace portcullis::api::native
