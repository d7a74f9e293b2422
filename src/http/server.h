// Server: the Boost.Beast HTTP/1.1 listener: keep-alive, limits, timeouts, a bounded worker pool
// and graceful shutdown. Knows nothing of authentication. Start/Stop from one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/router.h"

namespace portcullis::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port (see Server::port())
  int io_threads = 2;
  int worker_threads = 32;          // the blocking pool for Dispatch::kWorker handlers
  std::size_t worker_queue = 1024;  // queued requests beyond this get 503 overloaded
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;  // larger bodies get 413
  std::chrono::seconds read_timeout{30};     // to read a whole request once it has started
  std::chrono::seconds idle_timeout{75};     // keep-alive idle
};

// Called once per answered request (from an I/O thread) for access logs and metrics.
struct RequestRecord {
  const Request* request = nullptr;  // may be null when the head could not be parsed
  int status = 0;
  std::size_t response_bytes = 0;
  double seconds = 0;
};
using RequestObserver = std::function<void(const RequestRecord&)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, RequestObserver observer = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads; returns once listening. Throws on bind failure.
  void Start();
  // Stops accepting, lets in-flight requests finish (up to `grace`), then joins every thread.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));
  // Blocks until SIGTERM or SIGINT arrives (then calls Stop).
  void WaitForSignal();
  uint16_t port() const;
  // Requests waiting for a worker right now.
  std::size_t worker_queue_depth() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::http
