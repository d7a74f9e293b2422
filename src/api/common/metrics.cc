// Prometheus text rendering of request, latency and authentication metrics.
// ObserveRequest/Count are lock-free; registration happens before serving.
#include "api/common/metrics.h"

#include <sstream>

namespace portcullis::api {
namespace {
constexpr std::string_view kUnmatched = "unmatched";

// The labels every request sample of `route` starts with: `dialect="…",route="…"`.
std::string RouteLabels(const std::string& route, const std::string& dialect) {
  std::string labels;
  if (!dialect.empty()) labels = "dialect=\"" + dialect + "\",";
  return labels + "route=\"" + route + "\"";
}
}  // namespace

Metrics::Metrics() { AddRoute(kUnmatched); }

void Metrics::AddRoute(std::string_view route, std::string_view dialect) {
  if (routes_.find(route) == routes_.end()) {
    auto stats = std::make_unique<RouteStats>();
    stats->dialect = std::string(dialect);
    routes_.emplace(std::string(route), std::move(stats));
  }
}

Metrics::RouteStats& Metrics::StatsFor(std::string_view route) {
  auto it = routes_.find(route.empty() ? kUnmatched : route);
  if (it == routes_.end()) it = routes_.find(kUnmatched);
  return *it->second;
}

void Metrics::ObserveRequest(std::string_view route, int status, double seconds) {
  RouteStats& stats = StatsFor(route);
  if (status >= 100 && status < 600)
    stats.by_status[status].fetch_add(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  stats.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  stats.count.fetch_add(1, std::memory_order_relaxed);
  stats.micros_sum.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::AddExecutor(std::string name, std::function<ExecutorStats()> read) {
  executors_.push_back({std::move(name), std::move(read)});
}

std::string Metrics::RenderPrometheus() const {
  std::ostringstream out;
  out << "# HELP portcullis_http_requests_total HTTP requests answered, by dialect, route and "
         "status.\n"
      << "# TYPE portcullis_http_requests_total counter\n";
  for (const auto& [route, stats] : routes_) {
    const std::string labels = RouteLabels(route, stats->dialect);
    for (int status = 100; status < 600; ++status) {
      const uint64_t n = stats->by_status[status].load(std::memory_order_relaxed);
      if (n) {
        out << "portcullis_http_requests_total{" << labels << ",status=\"" << status << "\"} " << n
            << "\n";
      }
    }
  }
  out << "# HELP portcullis_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE portcullis_http_request_duration_seconds histogram\n";
  for (const auto& [route, stats] : routes_) {
    const uint64_t count = stats->count.load(std::memory_order_relaxed);
    if (!count) continue;
    const std::string labels = RouteLabels(route, stats->dialect);
    uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += stats->buckets[i].load(std::memory_order_relaxed);
      out << "portcullis_http_request_duration_seconds_bucket{" << labels << ",le=\"";
      if (i < kBuckets.size()) {
        out << kBuckets[i];
      } else {
        out << "+Inf";
      }
      out << "\"} " << cumulative << "\n";
    }
    out << "portcullis_http_request_duration_seconds_sum{" << labels << "} "
        << static_cast<double>(stats->micros_sum.load(std::memory_order_relaxed)) / 1e6 << "\n"
        << "portcullis_http_request_duration_seconds_count{" << labels << "} " << count << "\n";
  }
  const auto event = [&](Event e) { return events_[static_cast<int>(e)].load(); };
  out << "# HELP portcullis_logins_total Password logins, by result.\n"
      << "# TYPE portcullis_logins_total counter\n"
      << "portcullis_logins_total{result=\"success\"} " << event(Event::kLoginSuccess) << "\n"
      << "portcullis_logins_total{result=\"failure\"} " << event(Event::kLoginFailure) << "\n"
      << "# HELP portcullis_refreshes_total Refresh-token rotations, by result.\n"
      << "# TYPE portcullis_refreshes_total counter\n"
      << "portcullis_refreshes_total{result=\"success\"} " << event(Event::kRefreshSuccess) << "\n"
      << "portcullis_refreshes_total{result=\"failure\"} " << event(Event::kRefreshFailure) << "\n"
      << "# HELP portcullis_registrations_total Accounts registered.\n"
      << "# TYPE portcullis_registrations_total counter\n"
      << "portcullis_registrations_total " << event(Event::kRegistration) << "\n";
  for (const auto& gauge : gauges_) {
    out << "# HELP " << gauge.name << " " << gauge.help << "\n# TYPE " << gauge.name << " gauge\n"
        << gauge.name << " " << gauge.read() << "\n";
  }
  if (!executors_.empty()) {
    std::vector<ExecutorStats> stats;
    stats.reserve(executors_.size());
    for (const auto& source : executors_) stats.push_back(source.read());
    const auto family = [&](std::string_view name, std::string_view type, std::string_view help,
                            auto value) {
      out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
      for (std::size_t i = 0; i < executors_.size(); ++i) {
        out << name << "{executor=\"" << executors_[i].name << "\"} " << value(stats[i]) << "\n";
      }
    };
    family("portcullis_executor_queued", "gauge", "Tasks waiting for a thread, by executor.",
           [](const ExecutorStats& s) { return s.queued; });
    family("portcullis_executor_running", "gauge", "Tasks running now, by executor.",
           [](const ExecutorStats& s) { return s.running; });
    family("portcullis_executor_rejected_total", "counter",
           "Tasks refused because the executor was full or stopped (answered 503), by executor.",
           [](const ExecutorStats& s) { return s.rejected; });
    family("portcullis_executor_accepted_total", "counter",
           "Tasks accepted since start, by executor (a password hash is one argon2 task).",
           [](const ExecutorStats& s) { return s.accepted; });
  }
  return out.str();
}

}  // namespace portcullis::api
