// JSON and empty responses; JSON text is always valid UTF-8.
// Pure functions; thread-safe.
#include "api/common/responses.h"

#include <algorithm>

#include "common/utf8.h"

namespace portcullis::api {
namespace {

std::string ValidText(std::string_view s) {
  std::string scratch;
  const std::string_view valid = ValidUtf8(s, scratch);
  return std::string(valid);
}

// A copy of `value` with every string and member name made valid UTF-8 (invalid bytes become
// U+FFFD). For text stored before it was checked on the way in.
boost::json::value WithValidUtf8(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::string: {
      const boost::json::string& s = value.get_string();
      return boost::json::value(ValidText(std::string_view(s.data(), s.size())));
    }
    case boost::json::kind::array: {
      boost::json::array out;
      for (const auto& element : value.get_array()) out.push_back(WithValidUtf8(element));
      return out;
    }
    case boost::json::kind::object: {
      boost::json::object out;
      for (const auto& member : value.get_object()) {
        const std::string key = ValidText(std::string_view(member.key()));
        out.insert_or_assign(boost::json::string_view(key), WithValidUtf8(member.value()));
      }
      return out;
    }
    default:
      return value;
  }
}

bool IsAscii(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return (c & 0x80) != 0; });
}

bool IsValidUtf8(std::string_view s) {
  if (IsAscii(s)) return true;  // nearly every answer: one vectorised pass
  std::string scratch;
  return ValidUtf8(s, scratch).data() == s.data();
}

}  // namespace

http::Response JsonResponse(int status, const boost::json::value& body) {
  http::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(body);
  // Boost.JSON writes string bytes as they are: strict clients would reject invalid UTF-8.
  if (!IsValidUtf8(response.body)) response.body = boost::json::serialize(WithValidUtf8(body));
  return response;
}

http::Response NoContent() {
  http::Response response;
  response.status = 204;
  return response;
}

}  // namespace portcullis::api
