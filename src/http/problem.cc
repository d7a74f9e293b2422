// Problem details responses, serialized with Boost.JSON.
// Pure functions; thread-safe.
#include "http/problem.h"

#include <boost/beast/http/message.hpp>  // for status.hpp, which is not self-contained in 1.81
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

namespace portcullis::http {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid (overlongs,
// surrogates and code points above U+10FFFF are invalid).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const std::size_t left = s.size() - i;
  const auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// JSON text must be UTF-8: replace every invalid byte with U+FFFD so echoed input cannot break it.
boost::json::string_view ValidUtf8(std::string_view s, std::string& scratch) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) break;
    i += n;
  }
  if (i == s.size()) return s;
  scratch.assign(s.substr(0, i));
  while (i < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      scratch.append("\xEF\xBF\xBD");
      ++i;
    } else {
      scratch.append(s.substr(i, n));
      i += n;
    }
  }
  return scratch;
}

}  // namespace

Response ProblemResponse(int status, std::string_view type, std::string_view title,
                         std::string_view detail, const ProblemMembers& members) {
  std::string scratch[3];
  boost::json::object body;
  body.reserve(4 + members.size());
  body.emplace("type", ValidUtf8(type, scratch[0]));
  body.emplace("title", ValidUtf8(title, scratch[1]));
  body.emplace("status", status);
  body.emplace("detail", ValidUtf8(detail, scratch[2]));
  for (const auto& [name, value] : members) {
    std::string name_scratch;
    std::string value_scratch;
    body.insert_or_assign(ValidUtf8(name, name_scratch), ValidUtf8(value, value_scratch));
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
