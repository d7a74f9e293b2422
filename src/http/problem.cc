// Problem details responses, serialized with Boost.JSON.
// Pure functions; thread-safe.
#include "http/problem.h"

#include <boost/beast/http/message.hpp>  // for status.hpp, which is not self-contained in 1.81
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "common/utf8.h"

namespace portcullis::http {
namespace {

// JSON text must be UTF-8: every invalid byte becomes U+FFFD so echoed input cannot break it.
boost::json::string_view JsonText(std::string_view s, std::string& scratch) {
  const std::string_view valid = ValidUtf8(s, scratch);
  return {valid.data(), valid.size()};
}

}  // namespace
Response ProblemResponse(int status, std::string_view type, std::string_view title,
                         std::string_view detail, const ProblemMembers& members) {
  std::string scratch[3];
  boost::json::object body;
  body.reserve(4 + members.size());
  body.emplace("type", JsonText(type, scratch[0]));
  body.emplace("title", JsonText(title, scratch[1]));
  body.emplace("status", status);
  body.emplace("detail", JsonText(detail, scratch[2]));
  for (const auto& [name, value] : members) {
    std::string name_scratch;
    std::string value_scratch;
    body.insert_or_assign(JsonText(name, name_scratch), JsonText(value, value_scratch));
  }
  Response response;
  response.status = status;
  response.content_type = kProblemContentType;
  response.body = boost::json::serialize(body);
  return response;
}

Response OverloadedResponse() {
  Response response =
      ProblemResponse(503, "overloaded", "Overloaded", "The server is busy; retry in a moment.");
  response.AddHeader("Retry-After", std::to_string(kRetryAfterSeconds));
  return response;
}

std::string_view StatusTitle(int status) {
  if (status < 100 || status > 999) return "Unknown";
  const std::string_view reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  return reason.empty() || reason.front() == '<' ? std::string_view("Unknown") : reason;
}

}  // namespace portcullis::http
