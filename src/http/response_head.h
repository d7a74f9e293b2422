// Response head serialization: status line and header fields, framing headers under server control.
// Pure functions (a per-thread cache for the Date header); thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace portcullis::http {

struct HeadOptions {
  bool keep_alive = true;     // the server wants to keep the connection open
  bool http10 = false;        // the request was HTTP/1.0: keep-alive must be announced
  bool head_request = false;  // HEAD: Content-Length of the body, but no body on the wire
  // Content-Security-Policy for text/html responses that set none; empty: not added.
  std::string_view content_security_policy;
  // Strict-Transport-Security for every response (e.g. "max-age=31536000"); empty: not added.
  std::string_view strict_transport_security;
};

struct HeadResult {
  bool valid = false;       // false: the handler set a bad status or header (a bug: answer 500)
  bool send_body = false;   // write response.body after the head
  bool keep_alive = false;  // final decision (a handler's "Connection: close" turns it off)
};

// Replaces `out` with "HTTP/1.1 <status> <reason>\r\n...\r\n\r\n". Adds Server: portcullis, Date,
// Content-Type (if set), Content-Length (not for 1xx/204/304), Cache-Control: no-store unless the
// handler set one, Pragma: no-cache whenever Cache-Control says no-store (for HTTP/1.0 caches),
// X-Content-Type-Options: nosniff, the options' Content-Security-Policy on text/html and
// Strict-Transport-Security — each security header only when the handler set none of that name —
// and Connection as needed. Handler headers named Content-Length,
// Transfer-Encoding or Connection are not copied. Names must be tokens and values free of CR, LF
// and NUL.
HeadResult SerializeResponseHead(const Response& response, const HeadOptions& options,
                                 std::string& out);

}  // namespace portcullis::http
