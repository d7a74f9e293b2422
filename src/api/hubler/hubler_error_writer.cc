// Hubler's error answers.
// Pure functions; thread-safe.
#include "api/hubler/hubler_error_writer.h"

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "api/common/error_status.h"
#include "api/common/responses.h"
#include "api/hubler/hubler_error_table.h"

namespace portcullis::api::hubler {

http::Response WriteHublerError(const Error& error) {
  const int status = HttpStatusOf(error.code);
  http::Response response = JsonResponse(
      status, boost::json::object{{"error", status >= 500 ? kServerError : kValidation},
                                  {"error_description", error.detail}});
  response.AddHeader("Cache-Control", "no-store");
  if (status == 429 || status == 503) {
    response.AddHeader("Retry-After", std::to_string(std::max<int64_t>(1, error.retry_after)));
  }
  return response;
}

}  // namespace portcullis::api::hubler
