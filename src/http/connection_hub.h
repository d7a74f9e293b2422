// ConnectionHub: what the connections of one Server share, plus the live-connection registry.
// Thread-safe: the registry is mutex-guarded; the rest is immutable or atomic. Internal.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/executor.h"
#include "common/mutex.h"
#include "http/client_address.h"
#include "http/router.h"
#include "http/server.h"

namespace portcullis::http {

class Connection;

class ConnectionHub {
 public:
  ConnectionHub(const ServerOptions& options, const Router& router, RequestObserver observer,
                Executor& worker)
      : options(options),
        trusted_proxies(TrustedProxies::Parse(options.trusted_proxies).value()),
        router(router),
        observer(std::move(observer)),
        worker(worker),
        strict_transport_security(options.https && options.hsts_max_age.count() > 0
                                      ? "max-age=" + std::to_string(options.hsts_max_age.count())
                                      : std::string()) {}
  ConnectionHub(const ConnectionHub&) = delete;
  ConnectionHub& operator=(const ConnectionHub&) = delete;

  const ServerOptions& options;
  const TrustedProxies trusted_proxies;  // parsed from options (the Server checked them)
  const Router& router;
  const RequestObserver observer;               // may be empty
  Executor& worker;                             // runs Dispatch::kWorker handlers
  const std::string strict_transport_security;  // the header's value; empty: not sent
  // Set once by Server::Stop before it notifies connections; connections check it before waiting
  // for another request and when choosing keep-alive.
  std::atomic<bool> stopping{false};

  // Called by the acceptor after make_shared and before the connection starts.
  void Register(const std::shared_ptr<Connection>& connection) EXCLUDES(mu_);
  // Called from ~Connection.
  void Unregister(const Connection* connection) EXCLUDES(mu_);
  // Calls fn with every connection still alive (fn should only post to its executor).
  void ForEach(const std::function<void(const std::shared_ptr<Connection>&)>& fn) EXCLUDES(mu_);
  // Blocks until no connection is alive or `deadline` passes; true when none is left.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) EXCLUDES(mu_);
  std::size_t size() const EXCLUDES(mu_);

 private:
  mutable Mutex mu_;
  std::condition_variable empty_cv_;  // notified when live_ becomes empty
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> live_ GUARDED_BY(mu_);
};

}  // namespace portcullis::http
