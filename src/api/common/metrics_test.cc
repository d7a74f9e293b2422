// Tests for the Prometheus rendering of request and authentication metrics.
#include "api/common/metrics.h"

#include <gtest/gtest.h>

namespace portcullis::api {
namespace {

TEST(Metrics, CountsRequestsByRouteAndStatus) {
  Metrics metrics;
  metrics.AddRoute("/v1/auth/login");
  metrics.ObserveRequest("/v1/auth/login", 200, 0.02);
  metrics.ObserveRequest("/v1/auth/login", 401, 0.02);
  metrics.ObserveRequest("/nope", 404, 0.0001);
  metrics.Count(Metrics::Event::kLoginSuccess);
  metrics.AddGauge("portcullis_queue", "queue", [] { return 3.0; });
  const std::string text = metrics.RenderPrometheus();
  EXPECT_NE(text.find(R"(portcullis_http_requests_total{route="/v1/auth/login",status="200"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(portcullis_http_requests_total{route="unmatched",status="404"} 1)"),
            std::string::npos);
  EXPECT_NE(
      text.find(R"(portcullis_http_request_duration_seconds_count{route="/v1/auth/login"} 2)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(portcullis_logins_total{result="success"} 1)"), std::string::npos);
  EXPECT_NE(text.find("portcullis_queue 3"), std::string::npos);
}

TEST(Metrics, ExecutorStatsByName) {
  Metrics metrics;
  metrics.AddExecutor("http.worker", [] { return ExecutorStats{4, 2, 7}; });
  metrics.AddExecutor("argon2", [] { return ExecutorStats{1, 2, 0}; });
  const std::string text = metrics.RenderPrometheus();
  EXPECT_NE(text.find(R"(portcullis_executor_queued{executor="http.worker"} 4)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(portcullis_executor_running{executor="argon2"} 2)"), std::string::npos);
  EXPECT_NE(text.find(R"(portcullis_executor_rejected_total{executor="http.worker"} 7)"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE portcullis_executor_rejected_total counter"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::api
