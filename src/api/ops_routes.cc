// Operational endpoints: /health, /ready, /metrics and /.well-known/jwks.json.
// Handlers are thread-safe.
#include "api/error_mapping.h"
#include "api/handler_adapters.h"
#include "api/native_routes.h"
#include "api/views.h"

namespace portcullis::api {

void AddOpsRoutes(http::Router& router, ApiContext& context) {
  Metrics& metrics = context.metrics;
  AddRoute(
      router, metrics, "GET", "/health", [](http::Request&) { return NoContent(); },
      http::Dispatch::kInline);
  AddRoute(router, metrics, "GET", "/ready", [&context](http::Request&) {
    if (Status s = context.store.Ping(); !s) {
      return ErrorResponse(MakeError(ErrorCode::kUnavailable, "the database does not answer"));
    }
    return JsonResponse(200, boost::json::object{{"status", "ready"}});
  });
  AddRoute(
      router, metrics, "GET", "/metrics",
      [&metrics](http::Request&) {
        http::Response response;
        response.content_type = "text/plain; version=0.0.4";
        response.body = metrics.RenderPrometheus();
        return response;
      },
      http::Dispatch::kInline);
  AddRoute(
      router, metrics, "GET", "/.well-known/jwks.json",
      [&context](http::Request&) {
        http::Response response;
        response.content_type = "application/json";
        response.body = context.jwks_json;
        response.AddHeader("Cache-Control", "public, max-age=300");
        return response;
      },
      http::Dispatch::kInline);
}

}  // namespace portcullis::api
