// InProcessRevocationList: copy-on-write snapshots behind a lock-free bit filter.
// Thread-safe as documented in in_process_revocation_list.h.
#include "core/in_process_revocation_list.h"

#include <algorithm>
#include <utility>

namespace portcullis::core {
namespace {

struct FilterSlot {
  std::size_t word;
  uint64_t bit;
};

FilterSlot SlotOf(std::size_t hash, std::size_t words) {
  return FilterSlot{(hash >> 6) % words, uint64_t{1} << (hash & 63)};
}

std::atomic<uint64_t> next_list_id{1};

}  // namespace

InProcessRevocationList::InProcessRevocationList()
    : id_(next_list_id.fetch_add(1)), entries_(std::make_shared<const Entries>()) {}

std::shared_ptr<const InProcessRevocationList::Entries> InProcessRevocationList::Snapshot() const {
  MutexLock lock(publish_mu_);
  return entries_;
}

void InProcessRevocationList::Add(std::span<const Revocation> revocations, int64_t now) {
  if (revocations.empty()) return;
  MutexLock lock(write_mu_);
  // Only Add replaces the snapshot, and this call holds write_mu_: it stays the latest.
  auto next = std::make_shared<Entries>(*Snapshot());
  for (const Revocation& r : revocations) {
    auto [it, inserted] = next->try_emplace(r.session_id, r.forget_after);
    if (!inserted) it->second = std::max(it->second, r.forget_after);
  }
  added_since_prune_ += revocations.size();
  const bool prune = added_since_prune_ >= kPruneEvery;
  if (prune) {
    added_since_prune_ = 0;
    std::erase_if(*next, [&](const auto& entry) { return entry.second < now; });
  }
  std::array<uint64_t, kFilterWords> bits{};
  if (prune) {
    for (const auto& [id, forget_after] : *next) {
      const FilterSlot slot = SlotOf(Hash{}(id), kFilterWords);
      bits[slot.word] |= slot.bit;
    }
  } else {
    for (const Revocation& r : revocations) {
      const FilterSlot slot = SlotOf(Hash{}(r.session_id), kFilterWords);
      bits[slot.word] |= slot.bit;
    }
  }
  // Publish the entries first: a reader that sees a bit must find the entry behind it.
  std::shared_ptr<const Entries> retired;
  {
    MutexLock lock(publish_mu_);
    retired = std::exchange(entries_, std::move(next));
    version_.fetch_add(1, std::memory_order_release);
  }
  retired.reset();  // outside the lock (usually not the last reference anyway)
  for (std::size_t w = 0; w < kFilterWords; ++w) {
    if (prune) {
      filter_[w].store(bits[w], std::memory_order_release);  // keeps every remaining entry's bit
    } else if (bits[w] != 0) {
      filter_[w].fetch_or(bits[w], std::memory_order_release);
    }
  }
}

bool InProcessRevocationList::Contains(std::string_view session_id) const {
  const FilterSlot slot = SlotOf(Hash{}(session_id), kFilterWords);
  if ((filter_[slot.word].load(std::memory_order_acquire) & slot.bit) == 0) return false;
  // This thread's reference to the latest snapshot it has seen.
  struct Cached {
    uint64_t list_id = 0;
    uint64_t version = 0;
    std::shared_ptr<const Entries> entries;
  };
  thread_local Cached cached;
  const uint64_t version = version_.load(std::memory_order_acquire);
  if (cached.list_id != id_ || cached.version != version) {
    MutexLock lock(publish_mu_);  // once per thread per change
    cached = Cached{id_, version_.load(std::memory_order_relaxed), entries_};
  }
  return cached.entries->find(session_id) != cached.entries->end();
}

std::size_t InProcessRevocationList::size() const { return Snapshot()->size(); }

}  // namespace portcullis::core
