// Tests for the request observer: answered requests by route and status, and outcome tallies.
#include "api/common/request_observer.h"

#include <gtest/gtest.h>

namespace portcullis::api {
namespace {

bool Has(const std::string& text, std::string_view line) {
  return text.find(line) != std::string::npos;
}

TEST(RequestObserver, CountsAnsweredRequestsByRouteAndStatus) {
  Metrics metrics;
  RequestObserver observer(metrics);
  observer.AddRoute("/v1/me/profile");
  http::Request request;
  request.route = "/v1/me/profile";
  observer.OnAnswered({&request, 200, 10, 0.001});
  observer.OnAnswered({&request, 401, 10, 0.001});
  observer.OnAnswered({nullptr, 400, 10, 0.001});  // the head could not be parsed
  const std::string text = metrics.RenderPrometheus();
  EXPECT_TRUE(
      Has(text, R"(portcullis_http_requests_total{route="/v1/me/profile",status="200"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(portcullis_http_requests_total{route="/v1/me/profile",status="401"} 1)"));
  EXPECT_TRUE(Has(text, R"(portcullis_http_requests_total{route="unmatched",status="400"} 1)"));
}

TEST(RequestObserver, OutcomesFeedTheAuthenticationCounters) {
  Metrics metrics;
  RequestObserver observer(metrics);
  observer.OnOutcome(Tally::kLogin, Outcome::kSuccess);
  observer.OnOutcome(Tally::kLogin, Outcome::kFailure);
  observer.OnOutcome(Tally::kLogin, Outcome::kFailure);
  observer.OnOutcome(Tally::kRefresh, Outcome::kSuccess);
  observer.OnOutcome(Tally::kRegistration, Outcome::kSuccess);
  observer.OnOutcome(Tally::kRegistration, Outcome::kFailure);  // not counted
  observer.OnOutcome(Tally::kNone, Outcome::kSuccess);
  const std::string text = metrics.RenderPrometheus();
  EXPECT_TRUE(Has(text, "portcullis_logins_total{result=\"success\"} 1\n"));
  EXPECT_TRUE(Has(text, "portcullis_logins_total{result=\"failure\"} 2\n"));
  EXPECT_TRUE(Has(text, "portcullis_refreshes_total{result=\"success\"} 1\n"));
  EXPECT_TRUE(Has(text, "portcullis_refreshes_total{result=\"failure\"} 0\n"));
  EXPECT_TRUE(Has(text, "portcullis_registrations_total 1\n"));
}

}  // namespace
}  // namespace portcullis::api
