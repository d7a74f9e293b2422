// Router: maps a method and a path to a handler, with "{name}" path templates.
// Built once at start (Add is not thread-safe); Match is const and thread-safe afterwards.
#pragma once

#include <functional>
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
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler,
           Dispatch dispatch = Dispatch::kWorker);
  // Finds the route and fills request.path_params and request.route on success.
  RouteMatch Match(Request& request) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace portcullis::http
