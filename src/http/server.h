// Server: the Boost.Beast HTTP/1.1 listener: keep-alive, limits, timeouts, the bounded
// "http.worker" executor and graceful shutdown. Knows nothing of authentication. Start/Stop from
// one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/executor.h"
#include "http/router.h"

namespace portcullis::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP literal ("0.0.0.0", "::") or a name to resolve
  uint16_t port = 8080;            // 0: pick a free port (see Server::port())
  int io_threads = 2;       // each runs its own io_context; connections are spread round-robin
  int worker_threads = 32;  // the "http.worker" executor for Dispatch::kWorker handlers
  std::size_t worker_queue = 1024;  // requests waiting for a worker; beyond: 503 overloaded
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;  // larger bodies get 413
  std::chrono::seconds read_timeout{30};     // to read a whole request once it has started; also
                                             // bounds writing the response
  std::chrono::seconds idle_timeout{75};     // keep-alive idle (and the wait for a first request)
  // CIDRs of the proxies whose X-Forwarded-For / Forwarded is believed (http/client_address.h);
  // empty: Request::remote_ip is always the TCP peer.
  std::vector<std::string> trusted_proxies;
  // Content-Security-Policy of text/html responses whose handler set none; empty: none.
  std::string content_security_policy =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; "
      "form-action 'self'";
  // Strict-Transport-Security max-age on every response while `https` is set; 0: no HSTS.
  std::chrono::seconds hsts_max_age{31536000};
  // Not a setting: the embedding application sets it when clients reach the server over https
  // (e.g. behind a TLS-terminating proxy); plain-http deployments must not send HSTS.
  bool https = false;
};

// Called once per answered request (from an I/O thread, possibly from several at once) after the
// response was written, for access logs and metrics. Must not block; exceptions are swallowed.
struct RequestRecord {
  // Valid only during the call. For a request refused before it could be routed (a malformed or
  // unframeable head, a body over the limit) it still carries remote_ip, and method and path as
  // far as they parsed (empty otherwise); route is empty then. Null only from hand-made records.
  const Request* request = nullptr;
  int status = 0;
  std::size_t response_bytes = 0;
  double seconds = 0;  // from the request's first byte to the end of the write
};
using RequestObserver = std::function<void(const RequestRecord&)>;

// Threading: Start and Stop from one owner thread; Stop may also come from another thread to end
// a WaitForSignal. port(), worker_queue_depth(), worker() and connection_count() are thread-safe.
class Server {
 public:
  // Throws std::invalid_argument on nonsensical options (io_threads or worker_threads < 1, zero
  // limits). `router` must outlive the server.
  Server(ServerOptions options, const Router& router, RequestObserver observer = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads; returns once listening. Throws
  // std::runtime_error on bind failure (message names the address and the reason). Once only.
  void Start();
  // Stops accepting and closes idle keep-alive connections at once; requests in flight finish
  // and are written with "Connection: close" (up to `grace`, after which connections are cut and
  // queued worker requests dropped); then joins every thread. Handlers already running are
  // waited for, and so are async requests whose Reply is still out (it holds the connection):
  // executors that hold Replies must keep running until Stop returns. Idempotent; also called by
  // the destructor.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));
  // Blocks until SIGTERM or SIGINT arrives, then calls Stop(). Returns early if Stop() is called.
  // A signal that arrived while HoldStopSignals held it is answered here.
  void WaitForSignal();
  // Holds SIGTERM and SIGINT pending in the calling thread and every thread it starts afterwards,
  // until WaitForSignal takes them: call it first thing in the main thread, so a stop requested
  // while the process starts is a graceful stop once it is serving, never a kill.
  static void HoldStopSignals();
  uint16_t port() const;
  // Requests waiting for a worker right now.
  std::size_t worker_queue_depth() const;
  // The "http.worker" executor, for its stats (metrics). Valid for the server's lifetime.
  const Executor& worker() const;
  // Open client connections right now.
  std::size_t connection_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::http
