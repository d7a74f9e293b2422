// Connection: the per-connection HTTP/1.1 state machine over a Beast tcp-stream with manual
// parsing (so the idle and read timeouts each cost one expires_after). Runs on one io thread.
#include "http/connection.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "http/framing.h"
#include "http/problem.h"
#include "http/request_head.h"
#include "http/response_head.h"

namespace portcullis::http {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;

constexpr std::size_t kHeadReadSize = 4096;   // typical request heads fit in one read
constexpr std::size_t kBodyReadSize = 16384;  // larger reads once a body is coming
constexpr std::size_t kDiscardBudget = 256 * 1024;
constexpr std::chrono::seconds kLingerTimeout{1};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

Response Problem(int status, ErrorCode code, std::string_view detail) {
  return ProblemResponse(status, ErrorCodeName(code), StatusTitle(status), detail);
}

}  // namespace

Connection::Connection(Socket socket, ConnectionHub& hub)
    : hub_(hub), executor_(socket.get_executor()), stream_(std::move(socket)) {}

Connection::~Connection() { hub_.Unregister(this); }

void Connection::Start() {
  beast::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ip_ = endpoint.address().to_string();
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  stream_.socket().non_blocking(true, ec);  // for the synchronous first write attempt in Respond
  AwaitRequest();
}

void Connection::OnServerStop() {
  if (state_ == State::kIdle) Close();
}

void Connection::ForceClose() { Close(); }

void Connection::AwaitRequest() {
  if (hub_.stopping.load(std::memory_order_acquire)) {
    Close();
    return;
  }
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_.options.max_header_bytes));
  parser_->body_limit(hub_.options.max_body_bytes);
  parser_->eager(true);
  request_filled_ = false;
  continue_sent_ = false;
  framing_checked_ = false;
  if (buffer_.size() > 0) {  // a pipelined request is already here
    state_ = State::kReading;
    started_ = Clock::now();
    stream_.expires_after(hub_.options.read_timeout);
    read_deadline_set_ = true;
    // Posted rather than called: responses can complete synchronously, and a long pipeline must
    // not turn into deep recursion.
    asio::post(executor_, [self = shared_from_this()] {
      if (self->state_ != State::kClosed) self->Parse();
    });
    return;
  }
  state_ = State::kIdle;
  read_deadline_set_ = false;
  stream_.expires_after(hub_.options.idle_timeout);
  ReadSome();
}

void Connection::ReadSome() {
  const std::size_t size = parser_ && parser_->is_header_done() ? kBodyReadSize : kHeadReadSize;
  stream_.async_read_some(buffer_.prepare(size),
                          [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                            self->OnRead(ec, bytes);
                          });
}

void Connection::OnRead(beast::error_code ec, std::size_t bytes) {
  if (state_ == State::kClosed) return;
  if (ec) {
    // EOF, reset, timeout (the stream already closed the socket) or cancellation: nothing to
    // answer. A request cut off mid-way cannot be answered either.
    Close();
    return;
  }
  buffer_.commit(bytes);
  if (state_ == State::kIdle) {
    state_ = State::kReading;
    started_ = Clock::now();
  }
  Parse();
}

void Connection::Parse() {
  beast::error_code ec;
  while (buffer_.size() > 0 && !parser_->is_done()) {
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec || used == 0) break;
  }
  if (ec == beast::http::error::need_more) ec = {};
  if (ec) {
    OnParseError(ec);
    return;
  }
  if (parser_->is_header_done() && !framing_checked_) {
    // Before the body is trusted or another request is looked for (RFC 9112 §6.3).
    framing_checked_ = true;
    if (const std::string_view problem = FramingProblem(parser_->get().base(), parser_->chunked());
        !problem.empty()) {
      OnFramingError(problem);
      return;
    }
  }
  if (parser_->is_done()) {
    OnRequest();
    return;
  }
  // Incomplete. The idle deadline covered the wait for the first byte; from here on the rest of
  // the request must arrive within read_timeout (armed once per request, not per read).
  if (!read_deadline_set_) {
    stream_.expires_after(hub_.options.read_timeout);
    read_deadline_set_ = true;
  }
  if (buffer_.size() > hub_.options.max_header_bytes + kBodyReadSize) {  // cannot happen: Beast
    OnParseError(beast::http::error::header_limit);                      // bounds the head
    return;
  }
  if (parser_->is_header_done() && !continue_sent_ && parser_->get().version() >= 11) {
    const auto expect = parser_->get()[beast::http::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      SendContinue();
      return;
    }
  }
  ReadSome();
}

void Connection::SendContinue() {
  continue_sent_ = true;
  asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (self->state_ == State::kClosed) return;
                      if (ec) {
                        self->Close();
                        return;
                      }
                      self->ReadSome();
                    });
}

void Connection::OnParseError(beast::error_code ec) {
  if (ec == beast::http::error::body_limit) {
    // The head is complete (Beast checks Content-Length as soon as the head ends, before any body
    // byte is read; chunked bodies stop at the limit).
    RejectAndClose(Problem(
        413, ErrorCode::kPayloadTooLarge,
        "The request body exceeds " + std::to_string(hub_.options.max_body_bytes) + " bytes."));
  } else if (ec == beast::http::error::header_limit) {
    RejectAndClose(Problem(
        431, ErrorCode::kInvalidRequest,
        "The request head exceeds " + std::to_string(hub_.options.max_header_bytes) + " bytes."));
  } else {
    RejectAndClose(Problem(400, ErrorCode::kInvalidRequest, "The request is not valid HTTP/1.1."));
  }
}

void Connection::OnFramingError(std::string_view problem) {
  RejectAndClose(Problem(400, ErrorCode::kInvalidRequest, problem));
}

void Connection::RejectAndClose(Response response) {
  state_ = State::kHandling;
  // Where this request ends is unknown or untrusted: nothing after it is read as a request.
  keep_alive_ = false;
  http10_ = false;
  head_request_ = false;
  // For the access log: the client's address always; method and path as far as Beast parsed them
  // (it fills the request line and the fields before a failing one once the head has ended).
  request_filled_ = true;
  if (!FillRequestHead(parser_->get().base(), request_)) {
    request_.path.clear();
    request_.target.clear();
    request_.query.clear();
  }
  request_.body.clear();
  request_.remote_ip.assign(remote_ip_);
  request_.path_params.clear();
  request_.route.clear();
  Respond(std::move(response));
}

namespace {

// Every line of header `lower_name`, joined with commas in order (a proxy may add its own line).
std::string JoinedHeader(const Request& request, std::string_view lower_name) {
  std::string joined;
  for (const auto& [name, value] : request.headers) {
    if (name != lower_name) continue;
    if (!joined.empty()) joined += ',';
    joined += value;
  }
  return joined;
}

}  // namespace

void Connection::OnRequest() {
  state_ = State::kHandling;
  auto& message = parser_->get();
  keep_alive_ = message.keep_alive();
  http10_ = message.version() < 11;
  head_request_ = message.method() == beast::http::verb::head;
  request_.body = std::move(message.body());
  request_.remote_ip.assign(remote_ip_);
  request_filled_ = true;
  if (!FillRequestHead(message.base(), request_)) {
    request_.path_params.clear();
    request_.route.clear();
    Respond(Problem(400, ErrorCode::kInvalidRequest, "The request target is malformed."));
    return;
  }
  if (!hub_.trusted_proxies.empty()) {
    request_.remote_ip = hub_.trusted_proxies.ClientAddress(
        remote_ip_, JoinedHeader(request_, "x-forwarded-for"), JoinedHeader(request_, "forwarded"));
  }
  RouteMatch match = hub_.router.Match(request_);
  if (match.route == nullptr) {
    if (match.path_matched) {
      // "method_not_allowed" is the transport's own type: no domain error code stands behind it.
      Response response =
          ProblemResponse(405, "method_not_allowed", StatusTitle(405),
                          "This resource does not support the " + request_.method + " method.");
      response.AddHeader("Allow", std::move(match.allow));
      Respond(std::move(response));
    } else {
      Respond(Problem(404, ErrorCode::kNotFound, "No resource matches the request path."));
    }
    return;
  }
  DispatchTo(*match.route);
}

void Connection::DispatchTo(const Route& route) {
  if (route.dispatch == Dispatch::kInline) {
    RunHandler(route);
    return;
  }
  Executor::Task task = [self = shared_from_this(), route = &route] { self->RunHandler(*route); };
  if (!hub_.worker.TryPost(task)) Respond(OverloadedResponse());
}

void Connection::RunHandler(const Route& route) {
  if (route.async_handler) {
    try {
      route.async_handler(request_, Reply(shared_from_this()));
    } catch (...) {
      // The Reply, unless the handler kept it, answered 500 as the exception left the call.
    }
    return;
  }
  Deliver(Invoke(route));
}

void Connection::Deliver(Response response) {
  if (executor_.running_in_this_thread()) {
    Respond(std::move(response));
    return;
  }
  asio::post(executor_, [self = shared_from_this(), response = std::move(response)]() mutable {
    self->Respond(std::move(response));
  });
}

void Connection::Resume(UniqueFunction<void(Reply)> step) {
  if (executor_.running_in_this_thread()) {
    step(Reply(shared_from_this()));  // an exception leaves the Reply unsent: it answers 500
    return;
  }
  asio::post(executor_, [self = shared_from_this(), step = std::move(step)]() mutable {
    try {
      step(Reply(self));
    } catch (...) {
      // The Reply, unless the step kept it, answered 500 as the exception left the call.
    }
  });
}

Response Connection::Invoke(const Route& route) {
  try {
    return route.handler(request_);
  } catch (...) {
    // The exception text may carry internal details or secrets: it is not sent, nor logged here.
    return Problem(500, ErrorCode::kInternal, "The server failed to handle the request.");
  }
}

void Connection::Respond(Response response) {
  if (state_ == State::kClosed) return;  // force-closed while the handler ran
  HeadOptions options;
  options.keep_alive = keep_alive_ && !hub_.stopping.load(std::memory_order_acquire);
  options.http10 = http10_;
  options.head_request = head_request_;
  options.content_security_policy = hub_.options.content_security_policy;
  options.strict_transport_security = hub_.strict_transport_security;
  HeadResult head = SerializeResponseHead(response, options, head_);
  if (!head.valid) {  // the handler produced a bad status or header: a bug, not the client's
    response = Problem(500, ErrorCode::kInternal, "The server produced an invalid response.");
    head = SerializeResponseHead(response, options, head_);
  }
  status_ = response.status;
  keep_alive_ = head.keep_alive;
  body_ = std::move(response.body);
  state_ = State::kWriting;

  // Most responses fit in the socket's send buffer: write at once on the non-blocking socket,
  // without arming the timer or queueing a completion. Only a remainder goes through async_write.
  const std::size_t body_size = head.send_body ? body_.size() : 0;
  const std::size_t total = head_.size() + body_size;
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                                  asio::buffer(body_.data(), body_size)};
  beast::error_code ec;
  std::size_t written = stream_.socket().write_some(buffers, ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    ec = {};
    written = 0;
  }
  if (ec || written == total) {
    OnWritten(ec, written);
    return;
  }
  std::array<asio::const_buffer, 2> rest = buffers;
  if (written < head_.size()) {
    rest[0] += written;
  } else {
    rest[0] = asio::const_buffer();
    rest[1] += written - head_.size();
  }
  stream_.expires_after(hub_.options.read_timeout);  // a client that stops reading is cut off
  asio::async_write(stream_, rest,
                    [self = shared_from_this(), written](beast::error_code ec, std::size_t bytes) {
                      self->OnWritten(ec, written + bytes);
                    });
}

void Connection::OnWritten(beast::error_code ec, std::size_t bytes) {
  if (state_ == State::kClosed) return;
  Observe(bytes);
  if (ec) {
    Close();
    return;
  }
  if (!keep_alive_) {
    LingeringClose();
    return;
  }
  AwaitRequest();
}

void Connection::Observe(std::size_t bytes) {
  if (!hub_.observer) return;
  RequestRecord record;
  record.request = request_filled_ ? &request_ : nullptr;
  record.status = status_;
  record.response_bytes = bytes;
  record.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  try {
    hub_.observer(record);
  } catch (...) {
    // An observer failure must not take the connection down.
  }
}

void Connection::LingeringClose() {
  // Half-close, then read and drop whatever the client is still sending (e.g. the body of a
  // request refused with 413) until it closes: closing with unread data would send a reset that
  // can destroy the response before the client reads it.
  state_ = State::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) {
    Close();
    return;
  }
  buffer_.clear();
  discard_budget_ = kDiscardBudget;
  stream_.expires_after(kLingerTimeout);
  Discard();
}

void Connection::Discard() {
  stream_.async_read_some(buffer_.prepare(kBodyReadSize),
                          [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                            if (self->state_ == State::kClosed) return;
                            if (ec || bytes >= self->discard_budget_) {
                              self->Close();
                              return;
                            }
                            self->discard_budget_ -= bytes;
                            self->Discard();
                          });
}

void Connection::Close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  stream_.close();  // cancels the pending operation and the timer
}

}  // namespace portcullis::http
