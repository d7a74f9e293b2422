// `portcullis bench-responder --beast`: a plain Boost.Beast server answering the fixed JSON, with
// none of the http/ layer (no router, limits, timeouts or observer): the floor under that layer's
// own cost. Each connection is one chain of async operations; io_threads threads run one context.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "app/bench_commands.h"

namespace portcullis::app {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::string_view body) : stream_(std::move(socket)), body_(body) {}

  void Read() {
    request_ = {};
    beast::http::async_read(stream_, buffer_, request_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) self->Write();
                            });
  }

 private:
  void Write() {
    response_ = {beast::http::status::ok, request_.version()};
    response_.set(beast::http::field::content_type, "application/json");
    response_.keep_alive(request_.keep_alive());
    response_.body() = body_;
    response_.prepare_payload();
    beast::http::async_write(stream_, response_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (!ec && self->response_.keep_alive()) self->Read();
                             });
  }

  beast::tcp_stream stream_;
  std::string_view body_;
  beast::flat_buffer buffer_;
  beast::http::request<beast::http::string_body> request_;
  beast::http::response<beast::http::string_body> response_;
};

void Accept(tcp::acceptor& acceptor, std::string_view body) {
  acceptor.async_accept([&acceptor, body](beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket), body)->Read();
    if (acceptor.is_open()) Accept(acceptor, body);
  });
}

}  // namespace

int BeastResponder(const Settings& settings, const ResponderOptions& options,
                   std::string_view body) {
  asio::io_context io(settings.http.io_threads);
  tcp::acceptor acceptor(io);
  try {
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), options.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
  } catch (const std::exception& e) {
    std::cerr << "portcullis: bench-responder --beast: " << e.what() << "\n";
    return 2;
  }
  Accept(acceptor, body);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { io.stop(); });
  std::cout << "listening 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  std::vector<std::thread> threads;
  for (int i = 1; i < settings.http.io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  return 0;
}

}  // namespace portcullis::app
