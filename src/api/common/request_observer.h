// RequestObserver: the one feed of request metrics — answered requests by dialect, route, status
// and latency, and the auth counters from the outcomes handlers report. Thread-safe (atomic
// counters).
#pragma once

#include <string_view>

#include "api/common/call.h"
#include "api/common/metrics.h"
#include "api/common/route_spec.h"
#include "http/server.h"

namespace portcullis::api {

class RequestObserver {
 public:
  explicit RequestObserver(Metrics& metrics) : metrics_(metrics) {}

  // Registers a route pattern and its dialect as metrics labels; Mount calls it for each route,
  // before serving.
  void AddRoute(std::string_view pattern, std::string_view dialect = {}) {
    metrics_.AddRoute(pattern, dialect);
  }
  // After a handler ran: its reported outcome, counted under the route's tally.
  void OnOutcome(Tally tally, Outcome outcome);
  // After the response was written (the http::RequestObserver hook): route, status and latency.
  void OnAnswered(const http::RequestRecord& record);

 private:
  Metrics& metrics_;
};

}  // namespace portcullis::api
