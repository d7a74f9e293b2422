// The operational endpoints' route tables and handlers.
// Built once at start; the handlers are thread-safe.
#include "api/native/ops_routes.h"

#include "api/common/bearer_auth.h"
#include "api/common/responses.h"
#include "api/native/error_writer.h"
#include "common/secret_bytes.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

RouteHandler HealthHandler() {
  return [](Call&) -> Result<http::Response> { return NoContent(); };
}

RouteHandler ReadyHandler(const OpsContext& context) {
  return [&context](Call&) -> Result<http::Response> {
    if (Status s = context.store.Ping(); !s) {
      return MakeError(ErrorCode::kUnavailable, "the database does not answer");
    }
    return JsonResponse(200, boost::json::object{{"status", "ready"}});
  };
}

http::Response MetricsResponse(const OpsContext& context) {
  http::Response response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = context.metrics.RenderPrometheus();
  return response;
}

}  // namespace

Dialect OpsDialect(const OpsContext& context) {
  const RouteHandler guarded_metrics = [&context](Call& call) -> Result<http::Response> {
    ASSIGN_OR_RETURN(const std::string_view token, BearerToken(call.request));
    if (!ConstantTimeEquals(token, context.metrics_token)) {
      return MakeError(ErrorCode::kUnauthorized, "the metrics token is not valid");
    }
    return MetricsResponse(context);
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
              {"GET", "/health", HealthHandler(), Auth::kNone, RunsOn::kNonBlocking},
              {"GET", "/ready", ReadyHandler(context), Auth::kNone,
               RunsOn::kBlocking},  // a round trip
              {"GET", "/.well-known/jwks.json", jwks, Auth::kNone, RunsOn::kNonBlocking},
          },
  };
  if (!context.metrics_token.empty()) {
    dialect.routes.push_back(
        {"GET", "/metrics", guarded_metrics, Auth::kNone, RunsOn::kNonBlocking});
  }
  if (!context.oauth_metadata_json.empty()) {
    dialect.routes.push_back({"GET", "/.well-known/oauth-authorization-server", oauth_metadata,
                              Auth::kNone, RunsOn::kNonBlocking});
  }
  return dialect;
}

Dialect OperatorDialect(const OpsContext& context) {
  const RouteHandler metrics = [&context](Call&) -> Result<http::Response> {
    return MetricsResponse(context);
  };
  return Dialect{
      .name = "operator",
      .write_error = WriteNativeError,
      .routes =
          {
              {"GET", "/health", HealthHandler(), Auth::kNone, RunsOn::kNonBlocking},
              {"GET", "/ready", ReadyHandler(context), Auth::kNone,
               RunsOn::kBlocking},  // a round trip
              {"GET", "/metrics", metrics, Auth::kNone, RunsOn::kNonBlocking},
          },
  };
}

}  // namespace portcullis::api::native
