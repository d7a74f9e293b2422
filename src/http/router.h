// Router: maps a method and a path to a handler, with "{name}" path templates.
// Built once at start (Add is not thread-safe); Match is const and thread-safe afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace portcullis::http {

using Handler = std::function<Response(Request&)>;

// Where a handler runs. kInline: on the I/O thread (only for handlers that never block: no
// password hashing, no database writes). kWorker: on the bounded blocking pool.
enum class Dispatch { kInline, kWorker };

struct Route {
  std::string method;
  std::string pattern;  // "/v1/me/sessions/{id}"
  Handler handler;
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
  // Throws std::invalid_argument on a malformed pattern or a duplicate method + pattern.
  void Add(std::string method, std::string pattern, Handler handler,
           Dispatch dispatch = Dispatch::kWorker);
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
