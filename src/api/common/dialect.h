// Dialect: one API surface — its route table, and the writer that turns an Error into the
// dialect's own error response. Built once at start; handlers and writer must be thread-safe.
#pragma once

#include <string>
#include <vector>

#include "api/common/route_spec.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

// Error → the dialect's status, headers and body (problem JSON for the native API).
using ErrorWriter = http::Response (*)(const Error& error);

struct Dialect {
  std::string name;  // for messages: "native", "hbp", ...
  ErrorWriter write_error = nullptr;
  std::vector<RouteSpec> routes;
};

}  // namespace portcullis::api
