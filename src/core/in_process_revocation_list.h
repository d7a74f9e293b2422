// InProcessRevocationList: RevocationList in this process's memory. Thread-safe: Contains takes no
// lock between Adds (a bit filter, then the calling thread's own copy of an immutable snapshot);
// Add copies, changes and republishes the snapshot under a writer lock.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/mutex.h"
#include "core/revocation_list.h"

namespace portcullis::core {

// Contains is one atomic load in the common case: a fixed bit filter over the revoked ids answers
// "not revoked" for almost every session. Only a set bit leads to the snapshot (an immutable map):
// each thread keeps a shared_ptr to the snapshot it last saw and the version it had, and takes the
// publication mutex only to pick up a newer version, once per thread after an Add. Add is
// copy-on-write: O(entries) per call, so batch many revocations into one call (entries live only
// access_ttl + leeway, so the map stays small).
class InProcessRevocationList final : public RevocationList {
 public:
  InProcessRevocationList();

  using RevocationList::Add;
  void Add(std::span<const Revocation> revocations, int64_t now) override;
  bool Contains(std::string_view session_id) const override;
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Entries = std::unordered_map<std::string, int64_t, Hash, std::equal_to<>>;
  static constexpr std::size_t kFilterWords = 64;  // 4096 bits
  static constexpr std::size_t kPruneEvery = 256;  // added entries between scans for expired ones

  // The calling thread's copy of the snapshot, refreshed when `version_` moved on; valid until this
  // thread's next call (no reference count is touched on the read path).
  const Entries& ThreadSnapshot() const;

  const uint64_t id_;  // tells this list's per-thread copies from another list's
  mutable Mutex publish_mu_;
  std::shared_ptr<const Entries> entries_ GUARDED_BY(publish_mu_);
  // Bumped under publish_mu_ with each new snapshot; read without a lock to see whether a
  // thread's copy is current.
  std::atomic<uint64_t> version_{1};
  // Bit (hash % 4096) is set while some entry with that hash is present. Set after the snapshot
  // holding the entry is published, cleared only by a prune that removed every such entry.
  std::array<std::atomic<uint64_t>, kFilterWords> filter_{};

  Mutex write_mu_;  // one Add at a time
  std::size_t added_since_prune_ GUARDED_BY(write_mu_) = 0;
};

}  // namespace portcullis::core
