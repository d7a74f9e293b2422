// Router: maps a method and a path to a route (handler + where it runs), with "{name}" templates.
// Built once at start (Add is not thread-safe); Match is const and thread-safe afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/executor.h"
#include "common/status.h"
#include "http/message.h"
#include "http/reply.h"

namespace portcullis::http {

// A synchronous handler: returns the response.
using Handler = std::function<Response(Request&)>;
// An asynchronous handler: answers through `reply`, from any thread, now or later (see reply.h).
// `request` stays valid and untouched by the server until the reply is sent; the handler must
// not use it afterwards.
using AsyncHandler = std::function<void(Request& request, Reply reply)>;

// Where a handler is invoked — declared per route, never implied. kInline: on the connection's
// I/O thread, so the handler must never block (no hashing, no waiting for a database or another
// queue; an async handler that only posts its work elsewhere qualifies). kWorker: on the bounded
// "http.worker" executor, for handlers that may block.
enum class Dispatch { kInline, kWorker };

// An AsyncHandler (to add with Dispatch::kInline) that runs `handler` on `executor` and replies
// with its response, or with OverloadedResponse() at once when the executor refuses. Lets a route
// be placed on any named executor — e.g. one that must be shed by the executor it mostly uses.
// `executor` must outlive the server's Stop.
AsyncHandler RunOn(Executor& executor, Handler handler);

struct Route {
  std::string method;
  std::string pattern;  // "/v1/me/sessions/{id}"
  Handler handler;      // exactly one of handler and async_handler is set
  AsyncHandler async_handler;
  Dispatch dispatch = Dispatch::kWorker;
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  bool path_matched = false;     // a route has this path but another method (405)
  std::string allow;             // when path_matched: the methods for the Allow header, "GET, HEAD"
};

// Matching rules:
//  - A pattern is "/" or "/seg/seg/..."; a segment is a literal or a whole "{name}" parameter.
//  - Segments are compared after percent-decoding each one separately (so "%2F" stays inside its
//    segment); parameter values are stored decoded.
//  - Literal segments win over parameters, left to right: with "/users/me" and "/users/{id}",
//    "/users/me" picks the first. Among routes for the request's method the most literal one wins.
//  - HEAD falls back to the GET route when no HEAD route exists (the server sends no body).
//  - Matching is exact: no trailing-slash or case folding.
class Router {
 public:
  // kInvalidRequest for a malformed method or pattern, or not exactly one handler; kConflict for a
  // method + pattern already added. The message names the method and pattern. A failed Add
  // leaves the router unchanged.
  Status Add(Route route);
  Status Add(std::string method, std::string pattern, Handler handler,
             Dispatch dispatch = Dispatch::kWorker);
  Status AddAsync(std::string method, std::string pattern, AsyncHandler handler,
                  Dispatch dispatch = Dispatch::kInline);
  // Finds the route and fills request.path_params and request.route on success.
  RouteMatch Match(Request& request) const;

  std::size_t size() const { return routes_.size(); }

 private:
  struct Node {
    std::map<std::string, uint32_t, std::less<>> literals;  // segment -> child node index
    int32_t param = -1;                                     // child node index for "{name}"
    std::vector<uint32_t> routes;                           // route indices ending here
  };
  struct Search;  // one Match call's depth-first walk (router.cc)
  // The route at `node` for `method`, with HEAD falling back to GET; null if none.
  const Route* RouteForMethod(const Node& node, std::string_view method) const;

  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> param_names_;  // per route, in segment order
  std::vector<Node> nodes_{Node{}};                    // nodes_[0] is the root
  std::size_t max_depth_ = 0;                          // segments in the longest pattern
};

}  // namespace portcullis::http
