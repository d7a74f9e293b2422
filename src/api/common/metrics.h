// Metrics: Prometheus counters and a latency histogram for requests by dialect, route and status,
// plus the authentication counters. Lock-free after construction (routes are registered before
// serving).
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/executor.h"

namespace portcullis::api {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  enum class Event {
    kLoginSuccess,
    kLoginFailure,
    kRefreshSuccess,
    kRefreshFailure,
    kRegistration,
    kCount
  };

  Metrics();
  // Registers a route label and the dialect that serves it ("native", "machhub", ...; the first
  // registration of a pattern names it); call for every route before serving. Requests to a route
  // carry both labels: {dialect="machhub",route="/machhub/auth/login",status="200"}; a route
  // without a dialect (and "unmatched") carries no dialect label.
  void AddRoute(std::string_view route, std::string_view dialect = {});
  void ObserveRequest(std::string_view route, int status, double seconds);
  void Count(Event event) {
    events_[static_cast<int>(event)].fetch_add(1, std::memory_order_relaxed);
  }
  // Gauges read when /metrics is scraped.
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // An executor's (or queue's) stats, read when scraped, as portcullis_executor_{queued,running,
  // rejected_total}{executor="<name>"}.
  void AddExecutor(std::string name, std::function<ExecutorStats()> read);

  std::string RenderPrometheus() const;

 private:
  struct RouteStats {
    std::string dialect;  // "" for none
    std::array<std::atomic<uint64_t>, 600> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> micros_sum{0};
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  RouteStats& StatsFor(std::string_view route);

  std::map<std::string, std::unique_ptr<RouteStats>, std::less<>> routes_;  // fixed after start
  std::array<std::atomic<uint64_t>, static_cast<int>(Event::kCount)> events_{};
  struct ExecutorSource {
    std::string name;
    std::function<ExecutorStats()> read;
  };
  std::vector<Gauge> gauges_;              // fixed after start
  std::vector<ExecutorSource> executors_;  // fixed after start
};

}  // namespace portcullis::api
