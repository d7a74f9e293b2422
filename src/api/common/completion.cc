// Completion: the error writer, the outcome tally and the Reply, in that order, for an async route.
// Move-only, used by one thread at a time (handed over by posting).
#include "api/common/completion.h"

#include <utility>

#include "api/common/request_observer.h"

namespace portcullis::api {

struct Completion::State {
  http::Reply reply;
  ErrorWriter write_error;
  Tally tally;
  RequestObserver* observer;
  std::optional<core::Principal> principal;
  std::optional<Outcome> outcome;
  std::vector<std::pair<std::string, std::string>> headers;  // added to the answer
};

Completion::Completion(http::Reply reply, ErrorWriter write_error, Tally tally,
                       RequestObserver& observer, std::optional<core::Principal> principal)
    : state_(std::make_unique<State>(State{std::move(reply),
                                           write_error,
                                           tally,
                                           &observer,
                                           std::move(principal),
                                           std::nullopt,
                                           {}})) {}

Completion::Completion(std::unique_ptr<State> state) : state_(std::move(state)) {}
Completion::Completion(Completion&&) noexcept = default;
Completion& Completion::operator=(Completion&&) noexcept = default;
Completion::~Completion() = default;

const core::Principal* Completion::principal() const {
  return state_ && state_->principal ? &*state_->principal : nullptr;
}

void Completion::RecordOutcome(bool success) {
  if (state_) state_->outcome = success ? Outcome::kSuccess : Outcome::kFailure;
}

void Completion::AddHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  if (!state_) return;
  for (auto& header : headers) state_->headers.push_back(std::move(header));
}

void Completion::operator()(Result<http::Response> result) {
  if (!state_) return;
  std::unique_ptr<State> state = std::move(state_);
  if (state->tally != Tally::kNone && state->outcome) {
    state->observer->OnOutcome(state->tally, *state->outcome);
  }
  http::Response response = result ? std::move(result).value() : state->write_error(result.error());
  for (auto& [name, value] : state->headers) response.AddHeader(std::move(name), std::move(value));
  state->reply(std::move(response));
}

void Completion::Resume(UniqueFunction<void(Completion)> step) {
  if (!state_) return;
  http::Reply reply = std::move(state_->reply);
  reply.Resume([state = std::move(state_), step = std::move(step)](http::Reply again) mutable {
    state->reply = std::move(again);
    step(Completion(std::move(state)));
  });
}

}  // namespace portcullis::api
