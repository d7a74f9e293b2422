// InProcessRevocationList: RevocationList in this process's memory. Thread-safe: Contains reads
// atomics and an immutable snapshot; Add copies, changes and republishes the snapshot.
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
// "not revoked" for almost every session. Only a set bit leads to the snapshot (an immutable map),
// which each thread keeps a reference to and re-fetches only after an Add changed the version — so
// a lookup takes no lock and writes no shared memory; the publish lock is taken once per thread
// per change, and is held by writers only to swap a pointer. Add is copy-on-write: O(entries) per
// call, so batch many revocations into one call (entries live only access_ttl + leeway).
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

  std::shared_ptr<const Entries> Snapshot() const;

  const uint64_t id_;  // unique per list, so a thread's cached snapshot is never another list's
  // Bit (hash % 4096) is set while some entry with that hash is present. Set after the snapshot
  // holding the entry is published, cleared only by a prune that removed every such entry.
  std::array<std::atomic<uint64_t>, kFilterWords> filter_{};
  std::atomic<uint64_t> version_{0};  // bumped with every published snapshot

  Mutex write_mu_;  // one Add at a time; taken before publish_mu_
  std::size_t added_since_prune_ GUARDED_BY(write_mu_) = 0;
  mutable Mutex publish_mu_;
  std::shared_ptr<const Entries> entries_ GUARDED_BY(publish_mu_);
};

}  // namespace portcullis::core
