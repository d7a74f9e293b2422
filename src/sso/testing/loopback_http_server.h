// LoopbackHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 for the fetcher's tests — one thread,
// one connection at a time, answers from a handler by path (with an optional delay), closes a
// connection that opens with a TLS handshake. Start in the constructor, stop in the destructor.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace portcullis::sso::testing {

struct CannedReply {
  int status = 200;
  std::string body;
  std::string extra_headers;  // "Name: value\r\n" lines
  std::chrono::milliseconds delay{0};
};

struct SeenRequest {
  std::string head;  // request line and headers
  std::string body;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<CannedReply(const std::string& path, const SeenRequest& request)>;

  explicit LoopbackHttpServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~LoopbackHttpServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void Serve() {
    while (!stopping_) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      Handle(fd);
      ::close(fd);
    }
  }

  void Handle(int fd) {
    std::string data;
    char buffer[4096];
    std::size_t head_end = std::string::npos;
    while (head_end == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      data.append(buffer, static_cast<std::size_t>(n));
      if (data[0] == '\x16') return;  // a TLS ClientHello: no TLS here
      head_end = data.find("\r\n\r\n");
    }
    SeenRequest request{data.substr(0, head_end), data.substr(head_end + 4)};
    std::size_t length = 0;
    if (const auto at = request.head.find("Content-Length: "); at != std::string::npos) {
      length = std::stoul(request.head.substr(at + 16));
    }
    while (request.body.size() < length) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      request.body.append(buffer, static_cast<std::size_t>(n));
    }
    const auto first_space = request.head.find(' ');
    const std::string path = request.head.substr(
        first_space + 1, request.head.find(' ', first_space + 1) - first_space - 1);
    const CannedReply reply = handler_(path, request);
    const auto until = std::chrono::steady_clock::now() + reply.delay;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const std::string out = "HTTP/1.1 " + std::to_string(reply.status) +
                            " X\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(reply.body.size()) + "\r\nConnection: close\r\n" +
                            reply.extra_headers + "\r\n" + reply.body;
    std::size_t sent = 0;
    while (sent < out.size()) {
      const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace portcullis::sso::testing
