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

}  // namespace

InProcessRevocationList::InProcessRevocationList() : entries_(std::make_shared<const Entries>()) {}

void InProcessRevocationList::Add(std::span<const Revocation> revocations, int64_t now) {
  if (revocations.empty()) return;
  MutexLock lock(write_mu_);
  auto next = std::make_shared<Entries>(*entries_.load(std::memory_order_acquire));
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
  entries_.store(std::shared_ptr<const Entries>(std::move(next)), std::memory_order_release);
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
  const std::shared_ptr<const Entries> snapshot = entries_.load(std::memory_order_acquire);
  return snapshot->find(session_id) != snapshot->end();
}

std::size_t InProcessRevocationList::size() const {
  return entries_.load(std::memory_order_acquire)->size();
}

}  // namespace portcullis::core
