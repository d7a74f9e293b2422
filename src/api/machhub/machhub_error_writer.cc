// MACHHUB's error answers.
// Pure functions; thread-safe.
#include "api/machhub/machhub_error_writer.h"

#include "api/common/error_status.h"

namespace portcullis::api::machhub {

http::Response WriteMachhubError(const Error& error) {
  http::Response response;
  response.status = HttpStatusOf(error.code);
  response.content_type = "text/plain; charset=utf-8";
  response.body = error.detail;
  return response;
}

}  // namespace portcullis::api::machhub
