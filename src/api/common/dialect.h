// Dialect: one API surface — its route table, and the writer that turns an Error into the
// dialect's own error response. Built once at start; handlers and writer must be thread-safe.
#pragma once

#include <string>
#include <vector>

#include "api/common/error_writer.h"
#include "api/common/route_spec.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

struct Dialect {
  std::string name;  // for messages: "native", "hbp", ...
  ErrorWriter write_error = nullptr;
  std::vector<RouteSpec> routes;
};

}  // namespace portcullis::api
