// Completion: how an asynchronous route handler answers — once, from any thread. It carries the
// http::Reply, the dialect's error writer and the route's outcome tally. Move-only; one owner.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/common/call.h"
#include "api/common/error_writer.h"
#include "common/status.h"
#include "common/unique_function.h"
#include "core/async.h"
#include "core/auth_types.h"
#include "http/message.h"
#include "http/reply.h"

namespace portcullis::api {

class RequestObserver;

class Completion {
 public:
  // What Mount hands an async handler: `reply` for the request, errors through `write_error`,
  // the recorded outcome counted under `tally` by `observer` (which must outlive the answer).
  Completion(http::Reply reply, ErrorWriter write_error, Tally tally, RequestObserver& observer,
             std::optional<core::Principal> principal);
  Completion(Completion&&) noexcept;
  Completion& operator=(Completion&&) noexcept;
  Completion(const Completion&) = delete;
  Completion& operator=(const Completion&) = delete;
  // Unanswered: the Reply answers 500 and no outcome is counted.
  ~Completion();

  // The authenticated caller of an Auth::kBearer route (null otherwise); valid until answered.
  const core::Principal* principal() const;
  // Reports the outcome of the service call this route is counted by (RouteSpec::tally).
  void RecordOutcome(bool success);

  // Headers every answer of this Completion carries (CORS), whatever the handler answers.
  void AddHeaders(std::vector<std::pair<std::string, std::string>> headers);

  // Answers: counts the recorded outcome, turns an error into the dialect's response and sends
  // it; the I/O thread writes it. Never blocks. The Completion is empty afterwards.
  void operator()(Result<http::Response> result);
  // Hands this Completion to `step` on the connection's I/O thread: for the CPU work that must not
  // run on the thread that completed the slow step (signing a token after a commit on the store's
  // writer thread). `step` answers through the Completion it is given.
  void Resume(UniqueFunction<void(Completion)> step);

 private:
  struct State;
  explicit Completion(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

// The callback to give an async service (core/async.h): it takes the service's Deferred back to
// the connection's I/O thread, runs its last step there (signing) and answers with what
// `answer(result, done)` returns — `answer` may record the outcome on `done` first.
template <class T, class Answer>
core::Then<T> AnswerOnIoThread(Completion done, Answer answer) {
  return [done = std::move(done), answer = std::move(answer)](core::Deferred<T> deferred) mutable {
    done.Resume(
        [deferred = std::move(deferred), answer = std::move(answer)](Completion resumed) mutable {
          Result<http::Response> response = answer(deferred(), resumed);
          resumed(std::move(response));
        });
  };
}

}  // namespace portcullis::api
