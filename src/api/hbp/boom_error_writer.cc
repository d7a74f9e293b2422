// The Boom error body: status from the error code, the status's reason phrase, the detail.
// Pure functions; thread-safe.
#include "api/hbp/boom_error_writer.h"

#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

#include "api/common/error_status.h"

namespace portcullis::api::hbp {

http::Response WriteBoomError(const Error& error) {
  const int status = HttpStatusOf(error.code);
  http::Response response;
  response.status = status;
  response.content_type = "application/json; charset=utf-8";
  response.body = boost::json::serialize(
      boost::json::object{{"statusCode", status},
                          {"error", std::string(boost::beast::http::obsolete_reason(
                                        static_cast<boost::beast::http::status>(status)))},
                          {"message", error.detail}});
  return response;
}

}  // namespace portcullis::api::hbp
