// Reply: the one-shot answer to a request handled by an AsyncHandler. Move-only; call it once, from
// any thread: the response is posted back to the connection's I/O thread and written there.
#pragma once

#include <memory>

#include "common/unique_function.h"
#include "http/message.h"

namespace portcullis::http {

class Connection;

// Holds the connection alive until sent. A Reply destroyed without being sent (a handler that
// dropped it, or threw) answers 500, so a connection is never left waiting; a Reply kept forever
// holds its connection until Server::Stop's grace runs out and closes it.
class Reply {
 public:
  Reply() = default;  // empty: sending it is a no-op
  Reply(Reply&&) noexcept = default;
  Reply& operator=(Reply&& other) noexcept;
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  ~Reply();

  // Sends `response`; the Reply is empty afterwards (a second call does nothing). Never blocks.
  void operator()(Response response);
  // Hands this Reply to `step`, run on the connection's I/O thread (at once when already there):
  // for the last CPU work of an answer (signing a token, building the body) that must not run on
  // the thread that completed the slow step — a store's writer thread, a hashing thread. `step`
  // may use the request and must send the Reply or pass it on, like a handler. This Reply is
  // empty afterwards; never blocks.
  void Resume(UniqueFunction<void(Reply)> step);
  // True until sent.
  explicit operator bool() const { return connection_ != nullptr; }

 private:
  friend class Connection;
  explicit Reply(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}
  void AnswerUnsent();

  std::shared_ptr<Connection> connection_;
};

}  // namespace portcullis::http
