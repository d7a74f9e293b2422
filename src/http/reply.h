// Reply: the one-shot answer to a request handled by an AsyncHandler. Move-only; call it once, from
// any thread: the response is posted back to the connection's I/O thread and written there.
#pragma once

#include <memory>

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
  // True until sent.
  explicit operator bool() const { return connection_ != nullptr; }

 private:
  friend class Connection;
  explicit Reply(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}
  void AnswerUnsent();

  std::shared_ptr<Connection> connection_;
};

}  // namespace portcullis::http
