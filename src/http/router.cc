// Router: a segment trie over path templates, searched literal-first with backtracking.
// Add is not thread-safe; Match is const and thread-safe.
#include "http/router.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "http/problem.h"
#include "http/target.h"

namespace portcullis::http {
namespace {

constexpr std::size_t kMaxSegments = 64;  // Add rejects deeper patterns; longer paths never match

bool IsParamSegment(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// Splits "/a/b/c" into {"a","b","c"} and "/" into {""}. Returns the count, or kMaxSegments + 1 when
// there are too many. `path` starts with '/'.
std::size_t SplitPath(std::string_view path, std::array<std::string_view, kMaxSegments>& out) {
  std::size_t count = 0;
  std::size_t start = 1;
  while (true) {
    if (count == kMaxSegments) return kMaxSegments + 1;
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out[count++] = path.substr(start, end - start);
    if (end == path.size()) return count;
    start = end + 1;
  }
}

}  // namespace

struct Router::Search {
  const Router& router;
  const std::array<std::string_view, kMaxSegments>& segments;
  std::size_t count;
  std::string_view method;
  std::array<std::size_t, kMaxSegments> param_at{};  // segment index of each parameter, in order
  std::size_t params = 0;

  // Finds the most literal route for `method`; returns its index or -1.
  int64_t Find(uint32_t node_index, std::size_t depth) {
    const Node& node = router.nodes_[node_index];
    if (depth == count) {
      const Route* route = router.RouteForMethod(node, method);
      return route == nullptr ? -1 : route - router.routes_.data();
    }
    if (auto it = node.literals.find(segments[depth]); it != node.literals.end()) {
      if (int64_t found = Find(it->second, depth + 1); found >= 0) return found;
    }
    if (node.param >= 0 && !segments[depth].empty()) {
      param_at[params++] = depth;
      if (int64_t found = Find(static_cast<uint32_t>(node.param), depth + 1); found >= 0) {
        return found;
      }
      --params;
    }
    return -1;
  }

  // Collects the methods of every route whose template matches the path (any method).
  void CollectMethods(uint32_t node_index, std::size_t depth, std::vector<std::string_view>& out) {
    const Node& node = router.nodes_[node_index];
    if (depth == count) {
      for (uint32_t r : node.routes) out.push_back(router.routes_[r].method);
      return;
    }
    if (auto it = node.literals.find(segments[depth]); it != node.literals.end()) {
      CollectMethods(it->second, depth + 1, out);
    }
    if (node.param >= 0 && !segments[depth].empty()) {
      CollectMethods(static_cast<uint32_t>(node.param), depth + 1, out);
    }
  }
};

AsyncHandler RunOn(Executor& executor, Handler handler) {
  auto shared = std::make_shared<const Handler>(std::move(handler));
  return [&executor, shared](Request& request, Reply reply) {
    // Shared so that a refused task's Reply can still answer 503.
    auto pending = std::make_shared<Reply>(std::move(reply));
    Executor::Task task = [shared, &request, pending] {
      Response response;
      try {
        response = (*shared)(request);
      } catch (...) {
        return;  // the unsent Reply answers 500 when the last holder lets go
      }
      (*pending)(std::move(response));
    };
    if (!executor.TryPost(task)) (*pending)(OverloadedResponse());
  };
}

Status Router::Add(std::string method, std::string pattern, Handler handler, Dispatch dispatch) {
  return Add(Route{std::move(method), std::move(pattern), std::move(handler), {}, dispatch});
}

Status Router::AddAsync(std::string method, std::string pattern, AsyncHandler handler,
                        Dispatch dispatch) {
  return Add(Route{std::move(method), std::move(pattern), {}, std::move(handler), dispatch});
}

Status Router::Add(Route route) {
  const std::string& pattern = route.pattern;
  const auto invalid = [&](std::string_view why) -> Status {
    return MakeError(ErrorCode::kInvalidRequest,
                     "route " + route.method + " " + pattern + ": " + std::string(why));
  };
  if (!IsToken(route.method)) return invalid("bad method");
  if (pattern.empty() || pattern.front() != '/') return invalid("the pattern must start with '/'");
  if (static_cast<bool>(route.handler) == static_cast<bool>(route.async_handler)) {
    return invalid("needs exactly one handler");
  }
  std::array<std::string_view, kMaxSegments> segments;
  const std::size_t count = SplitPath(pattern, segments);
  if (count > kMaxSegments) return invalid("the pattern is too deep");

  // Validate every segment before touching the trie, so a failed Add changes nothing.
  std::vector<std::string> names;
  std::vector<std::string> literals(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view segment = segments[i];
    if (IsParamSegment(segment)) {
      std::string name(segment.substr(1, segment.size() - 2));
      if (name.find_first_of("{}/") != std::string::npos) return invalid("bad parameter");
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        return invalid("repeated parameter");
      }
      names.push_back(std::move(name));
      continue;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) {
      return invalid("a parameter must be a whole segment");
    }
    // Literal segments are stored decoded, the way request segments are compared.
    auto decoded = PercentDecodeSegment(segment);
    if (!decoded) return invalid("bad escape");
    literals[i] = std::move(*decoded);
  }

  // Walk (without creating) as far as the trie goes, to find a duplicate before changing it.
  std::optional<uint32_t> end_node = 0;
  for (std::size_t i = 0; i < count && end_node; ++i) {
    const Node& node = nodes_[*end_node];
    if (IsParamSegment(segments[i])) {
      end_node = node.param >= 0 ? std::optional<uint32_t>(node.param) : std::nullopt;
    } else if (auto it = node.literals.find(literals[i]); it != node.literals.end()) {
      end_node = it->second;
    } else {
      end_node.reset();
    }
  }
  if (end_node) {
    for (uint32_t r : nodes_[*end_node].routes) {
      if (routes_[r].method == route.method) {
        return MakeError(ErrorCode::kConflict,
                         "route " + route.method + " " + pattern + " is already defined");
      }
    }
  }

  uint32_t node = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (IsParamSegment(segments[i])) {
      if (nodes_[node].param < 0) {
        nodes_.push_back(Node{});
        nodes_[node].param = static_cast<int32_t>(nodes_.size() - 1);
      }
      node = static_cast<uint32_t>(nodes_[node].param);
      continue;
    }
    auto it = nodes_[node].literals.find(literals[i]);
    if (it == nodes_[node].literals.end()) {
      nodes_.push_back(Node{});
      it = nodes_[node].literals.emplace(std::move(literals[i]), nodes_.size() - 1).first;
    }
    node = it->second;
  }
  nodes_[node].routes.push_back(static_cast<uint32_t>(routes_.size()));
  routes_.push_back(std::move(route));
  param_names_.push_back(std::move(names));
  if (count > max_depth_) max_depth_ = count;
  return Status::Ok();
}

const Route* Router::RouteForMethod(const Node& node, std::string_view method) const {
  const Route* get = nullptr;
  for (uint32_t r : node.routes) {
    if (routes_[r].method == method) return &routes_[r];
    if (routes_[r].method == "GET") get = &routes_[r];
  }
  return method == "HEAD" ? get : nullptr;
}

RouteMatch Router::Match(Request& request) const {
  RouteMatch result;
  request.path_params.clear();
  request.route.clear();

  // Route on the raw segments of the target so that an escaped '/' stays inside its segment; a
  // hand-built request without a target is routed on its (already decoded) path.
  const std::string_view raw_path =
      request.target.empty() ? request.path : TargetPath(request.target);
  const bool decode = !request.target.empty() && raw_path.find('%') != std::string_view::npos;
  if (raw_path.empty() || raw_path.front() != '/') return result;

  std::array<std::string_view, kMaxSegments> segments;
  const std::size_t count = SplitPath(raw_path, segments);
  if (count > max_depth_ || routes_.empty()) return result;

  std::string decoded;  // only used (and allocated) when the path has escapes
  if (decode) {
    decoded.reserve(raw_path.size());
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t begin = decoded.size();
      if (!AppendDecodedSegment(segments[i], decoded)) return result;  // malformed: no route
      segments[i] = std::string_view(decoded).substr(begin);           // no reallocation: reserved
    }
  }

  Search search{*this, segments, count, request.method};
  const int64_t found = search.Find(0, 0);
  if (found >= 0) {
    const Route& route = routes_[static_cast<std::size_t>(found)];
    const auto& names = param_names_[static_cast<std::size_t>(found)];
    for (std::size_t i = 0; i < search.params; ++i) {
      request.path_params.emplace(names[i], segments[search.param_at[i]]);
    }
    request.route = route.pattern;
    result.route = &route;
    return result;
  }

  std::vector<std::string_view> methods;
  search.CollectMethods(0, 0, methods);
  if (methods.empty()) return result;
  result.path_matched = true;
  bool has_get = false;
  bool has_head = false;
  for (std::string_view m : methods) {
    has_get = has_get || m == "GET";
    has_head = has_head || m == "HEAD";
  }
  if (has_get && !has_head) methods.push_back("HEAD");
  std::sort(methods.begin(), methods.end());
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  for (std::string_view m : methods) {
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += m;
  }
  return result;
}

}  // namespace portcullis::http
