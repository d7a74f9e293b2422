// Request framing checks over a parsed Beast head: Transfer-Encoding, Content-Length and Host.
// Pure functions; thread-safe.
#include "http/framing.h"

#include <boost/beast/core/string.hpp>
#include <cstddef>

namespace portcullis::http {
namespace {

namespace beast = boost::beast;
using beast::http::field;

constexpr std::string_view kOptionalWhitespace = " \t";

std::string_view Trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(kOptionalWhitespace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kOptionalWhitespace) - first + 1);
}

// True when the Transfer-Encoding lines, taken together as one list, name exactly one coding and
// it is "chunked" (empty list elements are allowed by the list rule and skipped). Anything else —
// "xchunked", "gzip", "chunked, identity", "chunked, chunked", an empty value — is refused: the
// server decodes no other coding, and a body length it cannot determine must not be guessed.
bool OnlyChunked(const beast::http::request_header<>& head) {
  std::size_t codings = 0;
  bool chunked = false;
  for (const auto& line : head) {  // every line in order (Beast's ranges by name are not)
    if (line.name() != field::transfer_encoding) continue;
    std::string_view rest = line.value();
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view coding = Trim(rest.substr(0, comma));
      if (!coding.empty()) {
        ++codings;
        chunked = beast::iequals(coding, "chunked");
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return codings == 1 && chunked;
}

}  // namespace

std::string_view FramingProblem(const beast::http::request_header<>& head, bool chunked) {
  const bool has_transfer_encoding = head.count(field::transfer_encoding) > 0;
  if (has_transfer_encoding) {
    if (head.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request.";
    if (head.count(field::content_length) > 0) {
      return "A request must not carry both Transfer-Encoding and Content-Length.";
    }
    if (!OnlyChunked(head) || !chunked) {
      return "The only supported Transfer-Encoding is chunked.";
    }
  }
  const std::size_t hosts = head.count(field::host);
  if (hosts > 1) return "A request must carry one Host header.";
  if (hosts == 0 && head.version() >= 11) return "An HTTP/1.1 request must carry a Host header.";
  return {};
}

}  // namespace portcullis::http
