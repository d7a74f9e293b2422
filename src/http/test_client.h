// Client: a small blocking-style HTTP/1.1 test client over Beast with deadlines, so a broken server
// fails a test instead of hanging it. Test-only; one thread per Client.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::http::testing {

namespace test_asio = boost::asio;
namespace test_beast = boost::beast;
using HttpResponse = test_beast::http::response<test_beast::http::string_body>;

// A blocking-style client built on async operations with deadlines, so a broken server fails the
// test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(test_asio::ip::tcp::endpoint(test_asio::ip::make_address("127.0.0.1"), port));
  }

  void Send(std::string_view bytes) { test_asio::write(socket_, test_asio::buffer(bytes)); }

  // Reads one response; nullopt on EOF, error or timeout.
  std::optional<HttpResponse> Read(bool head_request = false,
                                   std::chrono::seconds timeout = std::chrono::seconds(10)) {
    test_beast::http::response_parser<test_beast::http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    if (head_request) parser.skip(true);
    test_beast::error_code result = test_asio::error::timed_out;
    test_beast::http::async_read(socket_, buffer_, parser,
                                 [&](test_beast::error_code ec, std::size_t) { result = ec; });
    if (!Run(timeout)) return std::nullopt;
    if (result) return std::nullopt;
    return parser.release();
  }

  std::optional<HttpResponse> Get(std::string_view target, std::string_view extra = "") {
    Send(std::string("GET ") + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" +
         std::string(extra) + "\r\n");
    return Read();
  }

  // True when the server closes the connection (EOF or reset) within `timeout`.
  bool WaitClosed(std::chrono::seconds timeout = std::chrono::seconds(10)) {
    buffer_.clear();
    bool closed = false;
    std::function<void()> read_more;
    read_more = [&] {
      socket_.async_read_some(buffer_.prepare(4096), [&](test_beast::error_code ec, std::size_t n) {
        if (ec) {
          closed = true;
          return;
        }
        buffer_.commit(n);
        buffer_.clear();
        read_more();
      });
    };
    read_more();
    Run(timeout);
    return closed;
  }

 private:
  bool Run(std::chrono::seconds timeout) {
    io_.restart();
    io_.run_for(timeout);
    if (!io_.stopped()) {  // timed out: cancel and let the handler finish
      socket_.cancel();
      io_.restart();
      io_.run();
      return false;
    }
    return true;
  }

  test_asio::io_context io_;
  test_asio::ip::tcp::socket socket_;
  test_beast::flat_buffer buffer_;
};

}  // namespace portcullis::http::testing
