// RequestObserver: maps answered requests and reported outcomes onto Metrics.
// Lock-free (Metrics counters are atomics); called from I/O and worker threads.
#include "api/common/request_observer.h"

namespace portcullis::api {

void RequestObserver::OnOutcome(Tally tally, Outcome outcome) {
  const bool success = outcome == Outcome::kSuccess;
  switch (tally) {
    case Tally::kLogin:
      metrics_.Count(success ? Metrics::Event::kLoginSuccess : Metrics::Event::kLoginFailure);
      break;
    case Tally::kRefresh:
      metrics_.Count(success ? Metrics::Event::kRefreshSuccess : Metrics::Event::kRefreshFailure);
      break;
    case Tally::kRegistration:
      if (success) metrics_.Count(Metrics::Event::kRegistration);
      break;
    case Tally::kNone:
      break;
  }
}

void RequestObserver::OnAnswered(const http::RequestRecord& record) {
  const http::Request* request = record.request;
  const std::string_view route = request ? std::string_view(request->route) : std::string_view();
  metrics_.ObserveRequest(route, record.status, record.seconds);
}

}  // namespace portcullis::api
