// ConnectionHub: the registry of live connections (mutex-guarded map of weak pointers).
// Thread-safe.
#include "http/connection_hub.h"

#include <vector>

namespace portcullis::http {

void ConnectionHub::Register(const std::shared_ptr<Connection>& connection) {
  MutexLock lock(mu_);
  live_.emplace(connection.get(), connection);
}

void ConnectionHub::Unregister(const Connection* connection) {
  MutexLock lock(mu_);
  live_.erase(connection);
  if (live_.empty()) empty_cv_.notify_all();
}

void ConnectionHub::ForEach(const std::function<void(const std::shared_ptr<Connection>&)>& fn) {
  std::vector<std::shared_ptr<Connection>> alive;
  {
    MutexLock lock(mu_);
    alive.reserve(live_.size());
    for (const auto& [raw, weak] : live_) {
      // Empty when the connection is being destroyed (its destructor waits for mu_).
      if (auto strong = weak.lock()) alive.push_back(std::move(strong));
    }
  }
  for (const auto& connection : alive) fn(connection);
}

bool ConnectionHub::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) {
  MutexLock lock(mu_);
  return lock.WaitFor(empty_cv_, deadline - std::chrono::steady_clock::now(), [this] {
    mu_.AssertHeld();
    return live_.empty();
  });
}

std::size_t ConnectionHub::size() const {
  MutexLock lock(mu_);
  return live_.size();
}

}  // namespace portcullis::http
