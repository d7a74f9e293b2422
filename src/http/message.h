// Request and Response: the transport-neutral HTTP messages that handlers see and return.
// Plain value types; a Request is owned by one handler call at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::http {

struct Request {
  std::string method;  // upper-case: GET, POST, ...
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  // The request-target in origin form, still percent-encoded, with any "?query". The router splits
  // its path part into segments before decoding each, so "%2F" inside a segment stays in that
  // segment. Empty for hand-built requests: then the router splits `path` as-is.
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> path_params;  // filled by the router from "{name}" segments
  std::string route;  // the matched route pattern, e.g. "/v1/me/sessions/{id}" (for logs/metrics)

  // First header with that (lower-case) name.
  std::optional<std::string_view> Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return std::string_view(value);
    }
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::string content_type;  // empty: no Content-Type header (e.g. 204)
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Set-Cookie
  std::string body;

  Response& AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace portcullis::http
