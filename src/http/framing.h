// The request-framing checks Beast leaves to its user (RFC 9112 §3.2, §6.1, §6.3): a
// Transfer-Encoding other than a lone final "chunked", Transfer-Encoding beside Content-Length or
// in HTTP/1.0, and a missing or repeated Host. Pure functions; thread-safe.
#pragma once

#include <boost/beast/http/message.hpp>
#include <string_view>

namespace portcullis::http {

// Why a request head cannot be served, or empty when it can. `chunked` is the parser's own view
// (request_parser::chunked()), so the check and the body reader never disagree. A non-empty answer
// means the end of this request is unknown (or untrusted): answer 400 and close the connection
// without reading another request from it.
std::string_view FramingProblem(const boost::beast::http::request_header<>& head, bool chunked);

}  // namespace portcullis::http
