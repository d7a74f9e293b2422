// Reply: hands the response to its connection, which writes it on its own I/O thread.
// Thread-safe to send from any thread (once).
#include "http/reply.h"

#include "common/status.h"
#include "http/connection.h"
#include "http/problem.h"

namespace portcullis::http {

Reply& Reply::operator=(Reply&& other) noexcept {
  if (this != &other) {
    AnswerUnsent();
    connection_ = std::move(other.connection_);
  }
  return *this;
}

Reply::~Reply() { AnswerUnsent(); }

void Reply::operator()(Response response) {
  if (!connection_) return;
  std::shared_ptr<Connection> connection = std::move(connection_);
  connection->Deliver(std::move(response));
}

void Reply::Resume(UniqueFunction<void(Reply)> step) {
  if (!connection_) return;
  std::shared_ptr<Connection> connection = std::move(connection_);
  connection->Resume(std::move(step));
}

void Reply::AnswerUnsent() {
  if (!connection_) return;
  (*this)(ProblemResponse(500, ErrorCodeName(ErrorCode::kInternal), StatusTitle(500),
                          "The server failed to handle the request."));
}

}  // namespace portcullis::http
