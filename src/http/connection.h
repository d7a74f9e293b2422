// Connection: one accepted TCP connection serving HTTP/1.1 requests in turn (keep-alive, limits,
// timeouts, dispatch, graceful close). Internal. Thread-safety: see the class comment.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/unique_function.h"
#include "http/connection_hub.h"
#include "http/message.h"
#include "http/reply.h"
#include "http/router.h"

namespace portcullis::http {

using IoExecutor = boost::asio::io_context::executor_type;
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, IoExecutor>;

// Thread-safety: a connection lives on an io_context run by exactly one thread, so its handlers
// never overlap and need no strand. While a request is being handled (state kHandling) the
// connection does nothing but wait for its Reply, so the handler — on a worker or any thread it
// hands the Reply to — may use request_ alone until it sends the response, which Deliver posts
// back to the I/O thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Socket socket, ConnectionHub& hub);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Safe from any thread (immutable).
  const IoExecutor& executor() const { return executor_; }

  // From any thread (through Reply): writes `response` as the answer to the current request, on
  // executor() — at once when already there, otherwise posted.
  void Deliver(Response response);
  // From any thread (through Reply::Resume): runs `step` on executor() — at once when already
  // there, otherwise posted — with a new Reply for the current request.
  void Resume(UniqueFunction<void(Reply)> step);

  // Each of these must run on executor().
  void Start();
  void OnServerStop();  // closes now when waiting for a request; otherwise finishes the current one
  void ForceClose();

 private:
  using Stream = boost::beast::basic_stream<boost::asio::ip::tcp, IoExecutor,
                                            boost::beast::unlimited_rate_policy>;
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using Clock = std::chrono::steady_clock;

  enum class State {
    kIdle,      // waiting for the first byte of a request (idle timeout)
    kReading,   // part of a request has arrived (read timeout)
    kHandling,  // a handler is running or queued
    kWriting,   // the response is being written
    kClosing,   // final response sent; draining what the client still sends, then close
    kClosed,
  };

  void AwaitRequest();
  void ReadSome();
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void Parse();
  void OnParseError(boost::beast::error_code ec);
  void OnFramingError(std::string_view problem);
  void RejectAndClose(Response response);  // answers, then closes: the stream position is lost
  void SendContinue();
  void OnRequest();
  void DispatchTo(const Route& route);
  void RunHandler(const Route& route);  // on executor() (kInline) or a worker (kWorker)
  Response Invoke(const Route& route);
  void Respond(Response response);
  void OnWritten(boost::beast::error_code ec, std::size_t bytes);
  void Observe(std::size_t bytes);
  void LingeringClose();
  void Discard();
  void Close();

  ConnectionHub& hub_;
  const IoExecutor executor_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;  // bytes read but not yet parsed; reused across requests
  std::optional<Parser> parser_;      // one per request (Beast parsers are single-use)
  Request request_;                   // reused across requests to keep string capacity
  std::string remote_ip_;
  std::string head_;  // serialized response head, reused
  std::string body_;  // response body being written
  State state_ = State::kIdle;
  bool keep_alive_ = false;
  bool http10_ = false;
  bool head_request_ = false;
  bool request_filled_ = false;     // request_ describes the current request (for the observer)
  bool read_deadline_set_ = false;  // the read timeout for this request is armed
  bool continue_sent_ = false;
  bool framing_checked_ = false;  // FramingProblem ran on this request's head
  int status_ = 0;
  std::size_t discard_budget_ = 0;
  Clock::time_point started_;
};

}  // namespace portcullis::http
