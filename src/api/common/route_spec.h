// RouteSpec: one declarative entry of a dialect's route table — method, path, handler, how the
// caller authenticates, where the handler runs and which outcome counter it feeds. Value types.
#pragma once

#include <functional>
#include <string>
#include <variant>

#include "api/common/call.h"
#include "api/common/completion.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

// How Mount authenticates a request before its handler runs.
enum class Auth {
  kNone,    // the handler sees no principal (it may still look at cookies or headers itself)
  kBearer,  // "Authorization: Bearer <access token>" → Call::principal, or the dialect's 401
  // kBearer, or a company API key or personal access token as "Authorization: Bearer <key>",
  // "X-Api-Key: <key>" or "X-Machhub-Api-Key: <key>" (api/common/principal_auth.h). A key is
  // looked up in the store: the route must not be RunsOn::kNonBlocking.
  kPrincipal,
};

// Where a handler runs; Mount turns this into an http::Dispatch. For an async handler it says what
// the handler does before it hands the slow step over (a login reads the user: kStoreRead).
enum class RunsOn {
  kNonBlocking,  // on the I/O thread: no store access, no hashing, nothing that waits
  kStoreRead,    // store reads only: on the I/O thread unless the store's reads may block
  kBlocking,     // hashing, writes or long reads: on the worker executor
};

// A synchronous handler: answers by returning.
using RouteHandler = std::function<Result<http::Response>(Call&)>;
// An asynchronous handler: starts the slow step (a hash, a durable write) with a callback and
// returns; the callback answers through `done` from any thread (see completion.h). `call` is
// valid only until the handler returns; the request itself until `done` answers.
using AsyncRouteHandler = std::function<void(Call call, Completion done)>;
// Exactly one form per route.
using RouteHandlers = std::variant<RouteHandler, AsyncRouteHandler>;

struct RouteSpec {
  std::string method;     // "GET", "POST", ...
  std::string path;       // relative to the dialect's prefix: "/me/sessions/{id}"
  RouteHandlers handler;  // an async handler must not block: RunsOn says what it does first
  Auth auth = Auth::kNone;
  RunsOn runs_on = RunsOn::kBlocking;
  Tally tally = Tally::kNone;
};

}  // namespace portcullis::api
