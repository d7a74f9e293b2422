// Server: one io_context per I/O thread (no strands), one acceptor dealing connections round-robin,
// the bounded "http.worker" executor, staged graceful shutdown. Start/Stop from one thread; getters
// any.
#include "http/server.h"

#include <pthread.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/executor_thread_pool.h"
#include "common/mutex.h"
#include "http/connection.h"
#include "http/connection_hub.h"

namespace portcullis::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
// After the grace period connections are force-closed; they normally unwind at once, this bounds
// the wait before the io_contexts are stopped outright.
constexpr std::chrono::seconds kForcedCloseWait{2};

void ValidateOptions(const ServerOptions& options) {
  if (options.io_threads < 1) throw std::invalid_argument("http::Server: io_threads must be >= 1");
  if (options.worker_threads < 1) {
    throw std::invalid_argument("http::Server: worker_threads must be >= 1");
  }
  if (options.max_header_bytes == 0 || options.max_header_bytes > UINT32_MAX) {
    throw std::invalid_argument("http::Server: max_header_bytes out of range");
  }
  if (options.read_timeout.count() <= 0 || options.idle_timeout.count() <= 0) {
    throw std::invalid_argument("http::Server: timeouts must be positive");
  }
  if (auto proxies = TrustedProxies::Parse(options.trusted_proxies); !proxies) {
    throw std::invalid_argument("http::Server: trusted_proxies: " + proxies.error().detail);
  }
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& router, RequestObserver observer)
      : options(std::move(opts)),
        worker({.name = "http.worker",
                .threads = static_cast<std::size_t>(options.worker_threads),
                .max_queued = options.worker_queue}),
        hub(options, router, std::move(observer), worker) {}

  void Accept();
  void OnAccept(boost::system::error_code ec, Socket socket);

  // Declaration order is destruction order reversed: the io_contexts (which may still hold
  // handlers that own connections) go before the hub and the executor those connections use, and
  // the acceptor and timer go before their io_context.
  const ServerOptions options;
  ThreadPoolExecutor worker;
  ConnectionHub hub;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::optional<tcp::acceptor> acceptor;           // on contexts[0]; used only by its thread
  std::optional<asio::steady_timer> accept_retry;  // on contexts[0]
  std::size_t next_context = 0;                    // contexts[0]'s thread only
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  std::atomic<uint16_t> port{0};

  enum class Phase { kNew, kRunning, kStopped };
  Phase phase = Phase::kNew;  // owner thread

  Mutex signal_mu;
  asio::io_context* signal_context GUARDED_BY(signal_mu) = nullptr;  // WaitForSignal's loop
  bool stop_called GUARDED_BY(signal_mu) = false;
};

void Server::Impl::Accept() {
  asio::io_context& target = *contexts[next_context];
  next_context = (next_context + 1) % contexts.size();
  acceptor->async_accept(
      target.get_executor(),
      [this](boost::system::error_code ec, Socket socket) { OnAccept(ec, std::move(socket)); });
}

void Server::Impl::OnAccept(boost::system::error_code ec, Socket socket) {
  if (!acceptor->is_open() || ec == asio::error::operation_aborted) return;  // stopping
  if (ec) {
    // Out of descriptors or a connection reset before accept: back off briefly, keep serving.
    accept_retry->expires_after(kAcceptRetryDelay);
    accept_retry->async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor->is_open()) Accept();
    });
    return;
  }
  auto connection = std::make_shared<Connection>(std::move(socket), hub);
  hub.Register(connection);  // before Start, so Stop either sees it or it sees `stopping`
  asio::post(connection->executor(), [connection] { connection->Start(); });
  Accept();
}

Server::Server(ServerOptions options, const Router& router, RequestObserver observer) {
  ValidateOptions(options);
  impl_ = std::make_unique<Impl>(std::move(options), router, std::move(observer));
}

Server::~Server() { Stop(); }

void Server::Start() {
  Impl& s = *impl_;
  if (s.phase != Impl::Phase::kNew) throw std::logic_error("http::Server: Start called twice");
  for (int i = 0; i < s.options.io_threads; ++i) {
    s.contexts.push_back(std::make_unique<asio::io_context>(1));
  }
  asio::io_context& first = *s.contexts.front();
  const std::string where = s.options.host + ":" + std::to_string(s.options.port);
  try {
    tcp::endpoint endpoint;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(s.options.host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(address, s.options.port);
    } else {
      tcp::resolver resolver(first);
      const auto results = resolver.resolve(s.options.host, std::to_string(s.options.port));
      if (results.empty()) throw std::runtime_error("no address");
      endpoint = results.begin()->endpoint();
    }
    s.acceptor.emplace(first);
    s.acceptor->open(endpoint.protocol());
    s.acceptor->set_option(tcp::acceptor::reuse_address(true));
    s.acceptor->bind(endpoint);
    s.acceptor->listen(asio::socket_base::max_listen_connections);
    s.port = s.acceptor->local_endpoint().port();
  } catch (const std::exception& e) {
    // For socket errors the code's message ("Address already in use") reads better than what(),
    // which carries Boost's source location.
    const auto* system_error = dynamic_cast<const boost::system::system_error*>(&e);
    const std::string reason = system_error ? system_error->code().message() : e.what();
    s.acceptor.reset();
    s.contexts.clear();
    throw std::runtime_error("http::Server: cannot listen on " + where + ": " + reason);
  }
  s.accept_retry.emplace(first);
  asio::post(first, [&s] { s.Accept(); });
  for (auto& context : s.contexts) {
    s.guards.push_back(asio::make_work_guard(*context));
    s.threads.emplace_back([ctx = context.get()] {
      while (true) {
        try {
          ctx->run();
          return;
        } catch (...) {
          // A handler threw past every catch: keep the thread (and the process) serving.
        }
      }
    });
  }
  s.phase = Impl::Phase::kRunning;
}

void Server::Stop(std::chrono::milliseconds grace) {
  Impl& s = *impl_;
  {
    MutexLock lock(s.signal_mu);
    s.stop_called = true;
    if (s.signal_context != nullptr) s.signal_context->stop();
  }
  if (s.phase != Impl::Phase::kRunning) {
    s.phase = Impl::Phase::kStopped;
    return;
  }
  s.phase = Impl::Phase::kStopped;
  const auto deadline = std::chrono::steady_clock::now() + grace;

  // 1. No new connections; connections idle between requests close now, the others finish their
  //    current request and answer it with "Connection: close".
  s.hub.stopping.store(true, std::memory_order_release);
  asio::post(*s.contexts.front(), [&s] {
    boost::system::error_code ignored;
    s.acceptor->close(ignored);
    s.accept_retry->cancel();
  });
  s.hub.ForEach([](const std::shared_ptr<Connection>& c) {
    asio::post(c->executor(), [c] { c->OnServerStop(); });
  });

  // 2. Wait for in-flight requests (including queued worker requests) up to the grace period.
  if (!s.hub.WaitUntilEmpty(deadline)) {
    s.hub.ForEach([](const std::shared_ptr<Connection>& c) {
      asio::post(c->executor(), [c] { c->ForceClose(); });
    });
  }

  // 3. Workers: drop what is still queued (only possible after the grace ran out), wait for
  //    running handlers, join.
  s.worker.Shutdown(ThreadPoolExecutor::Drain::kDiscard);

  // 4. Let the io threads unwind what is left, then stop them.
  s.hub.WaitUntilEmpty(std::chrono::steady_clock::now() + kForcedCloseWait);
  s.guards.clear();
  for (auto& context : s.contexts) context->stop();
  for (auto& thread : s.threads) thread.join();
  s.threads.clear();
}

void Server::WaitForSignal() {
  Impl& s = *impl_;
  asio::io_context context(1);
  asio::signal_set signals(context, SIGINT, SIGTERM);
  bool signaled = false;
  signals.async_wait([&signaled](boost::system::error_code ec, int) {
    if (!ec) signaled = true;
  });
  // The handler is installed: let a held signal through, to this thread only.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  {
    MutexLock lock(s.signal_mu);
    if (s.stop_called) return;
    s.signal_context = &context;
  }
  context.run();  // until a signal arrives or Stop() stops this context
  {
    MutexLock lock(s.signal_mu);
    s.signal_context = nullptr;
  }
  if (signaled) Stop();
}

void Server::HoldStopSignals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
}

uint16_t Server::port() const { return impl_->port.load(); }

std::size_t Server::worker_queue_depth() const { return impl_->worker.stats().queued; }

const Executor& Server::worker() const { return impl_->worker; }

std::size_t Server::connection_count() const { return impl_->hub.size(); }

}  // namespace portcullis::http
