// JSON and empty responses.
// Pure functions; thread-safe.
#include "api/common/responses.h"

namespace portcullis::api {

http::Response JsonResponse(int status, const boost::json::value& body) {
  http::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(body);
  return response;
}

http::Response NoContent() {
  http::Response response;
  response.status = 204;
  return response;
}

}  // namespace portcullis::api
