// RouteSpec: one declarative entry of a dialect's route table — method, path, handler, how the
// caller authenticates, where the handler runs and which outcome counter it feeds. Value types.
#pragma once

#include <functional>
#include <string>

#include "api/common/call.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

// How Mount authenticates a request before its handler runs.
enum class Auth {
  kNone,    // the handler sees no principal (it may still look at cookies or headers itself)
  kBearer,  // "Authorization: Bearer <access token>" → Call::principal, or the dialect's 401
};

// Where a handler runs; Mount turns this into an http::Dispatch.
enum class RunsOn {
  kNonBlocking,  // on the I/O thread: no store access, no hashing, nothing that waits
  kStoreRead,    // store reads only: on the I/O thread unless the store's reads may block
  kBlocking,     // hashing, writes or long reads: on the worker executor
};

// The authentication counter of /metrics a route's outcome is added to (Call::RecordOutcome).
enum class Tally { kNone, kLogin, kRefresh, kRegistration };

using RouteHandler = std::function<Result<http::Response>(Call&)>;

struct RouteSpec {
  std::string method;  // "GET", "POST", ...
  std::string path;    // relative to the dialect's prefix: "/me/sessions/{id}"
  RouteHandler handler;
  Auth auth = Auth::kNone;
  RunsOn runs_on = RunsOn::kBlocking;
  Tally tally = Tally::kNone;
};

}  // namespace portcullis::api
