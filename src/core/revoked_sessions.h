// RevokedSessions: the in-memory set of sessions revoked while their access tokens may still be
// alive, so token checks never read the database. Thread-safe (shared_mutex; readers don't block).
#pragma once

#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace portcullis::core {

class RevokedSessions {
 public:
  // Remembers `session_id` as revoked until `forget_after` (epoch seconds); every so often also
  // forgets the entries whose time is before `now`.
  void Add(std::string_view session_id, int64_t forget_after, int64_t now);
  bool Contains(std::string_view session_id) const;
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> forget_after_;  // by mutex_
  std::size_t adds_since_prune_ = 0;  // guarded by mutex_
};

}  // namespace portcullis::core
