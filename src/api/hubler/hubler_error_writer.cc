// Hubler's error answers.
// Pure functions; thread-safe.
#include "api/hubler/hubler_error_writer.h"

#include <boost/json.hpp>

#include "api/common/error_status.h"

namespace portcullis::api::hubler {

http::Response WriteHublerError(const Error& error) {
  const int status = HttpStatusOf(error.code);
  http::Response response;
  response.status = status;
  response.content_type = "application/json; charset=utf-8";
  response.body = boost::json::serialize(boost::json::object{
      {"error", status >= 500 ? "Error" : "Validation"}, {"error_description", error.detail}});
  return response;
}

}  // namespace portcullis::api::hubler
