// UserCache: users read by id, kept between reads until a write that changes a user commits.
// Thread-safe: readers on any thread; ChangeStarting/ChangesCommitted on the writer thread only.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/mutex.h"
#include "common/status.h"
#include "core/user.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// The columns of `users` that a core::User is read from: an UPDATE of any of them invalidates the
// cache. Other columns (last_company_id, the company a login starts in) change without emptying
// it. A new column read into core::User must be added here (user_cache_test checks the list
// against the table).
inline constexpr std::string_view kCachedUserColumns =
    "id, email, username, display_name, metadata_json, instance_role, password_hash, created_at,"
    " updated_at, password_changed_at, mfa_enabled, active, email_verified_at, disabled_at,"
    " default_role, allowed_roles";

// Validated like a seqlock, so a hit is never older than the last committed change:
// - the writer connection has temporary triggers on UPDATE (of kCachedUserColumns) and DELETE of
//   `users`; the first that fires in a group makes the generation odd (ChangeStarting), before
//   its COMMIT can publish anything, and after the group (ChangesCommitted) the entries are
//   dropped and the generation becomes even again;
// - a reader takes the generation before its snapshot starts and inserts what it read only when
//   the generation is still the same (so no change began in between); a lookup hits only an
//   entry of the current, even generation.
// Inserting a new user changes no cached entry and fires nothing. Changes made by another process
// (the `portcullis user disable|enable|delete|reset-mfa` commands) bypass the triggers: an entry is
// served for at most `max_age` after it was read, which bounds how late such a change is seen.
class UserCache {
 public:
  // At most `max_entries` users are kept (a full shard is emptied), each served for at most
  // `max_age` after it was read; 0 entries disables the cache.
  UserCache(std::size_t max_entries, std::chrono::milliseconds max_age);
  UserCache(const UserCache&) = delete;
  UserCache& operator=(const UserCache&) = delete;

  bool enabled() const { return max_entries_ > 0; }
  // The generation to remember before a snapshot starts (odd while a change is committing).
  uint64_t generation() const { return generation_.load(); }
  // The user cached under `id` at `generation`, if that is the current generation and even.
  std::optional<core::User> Find(std::string_view id, uint64_t generation) const;
  // Keeps `user`, read in a snapshot started after `generation` was taken, unless a change began
  // since.
  void Insert(const core::User& user, uint64_t generation);

  // Writer thread: a statement of the current group changed a user (called by the trigger).
  void ChangeStarting();
  // Writer thread, after the group's COMMIT (or its failure): drops every entry.
  void ChangesCommitted();

  // Installs the triggers and their SQL function on the writer connection; the function calls
  // ChangeStarting on this cache, which must outlive the connection.
  Status InstallTriggers(Connection& writer);

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t invalidations = 0;  // groups that changed users
  };
  Stats stats() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    core::User user;
    uint64_t generation = 0;
    std::chrono::steady_clock::time_point read_at;
  };
  struct Shard {
    mutable Mutex mu;
    std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries GUARDED_BY(mu);
  };
  Shard& ShardFor(std::string_view id) const;

  const std::size_t max_entries_;
  const std::chrono::steady_clock::duration max_age_;
  const std::size_t max_per_shard_;
  std::atomic<uint64_t> generation_{0};
  mutable std::array<Shard, kShards> shards_;
  bool changing_ = false;  // writer thread only: ChangeStarting ran in the current group
  mutable std::atomic<uint64_t> hits_{0};
  mutable std::atomic<uint64_t> misses_{0};
  std::atomic<uint64_t> invalidations_{0};
};

// One Read's use of the cache. Hits within one Read all come from one generation; a miss reads
// the row, and is cached only when it was the Read's first statement (its snapshot started after
// the generation was taken). When statements ran after a hit and a change began meanwhile, the
// hit may be older than those statements' snapshot: the Read must run again without the cache.
class UserCacheRead {
 public:
  // `cache` may be null or disabled: every FindById then reads the row.
  UserCacheRead(UserCache* cache, const Connection& conn);

  template <class Select>
  Result<core::User> FindById(std::string_view id, Select&& select);
  // After the work: whether its result must be thrown away and the work run again uncached.
  bool MustRetry() const;

 private:
  bool Usable() const { return cache_ != nullptr && cache_->enabled(); }

  UserCache* const cache_;
  const Connection& conn_;
  const uint64_t statements_at_start_;
  std::optional<uint64_t> hit_generation_;
  uint64_t statements_at_hit_ = 0;
};

template <class Select>
Result<core::User> UserCacheRead::FindById(std::string_view id, Select&& select) {
  if (!Usable()) return select();
  if (hit_generation_) {
    if (auto user = cache_->Find(id, *hit_generation_)) return std::move(*user);
    return select();  // MustRetry checks that this later snapshot saw no change
  }
  if (conn_.statements_started() != statements_at_start_) return select();
  const uint64_t generation = cache_->generation();
  if (auto user = cache_->Find(id, generation)) {
    hit_generation_ = generation;
    statements_at_hit_ = conn_.statements_started();
    return std::move(*user);
  }
  Result<core::User> user = select();  // the Read's snapshot starts here
  if (user) cache_->Insert(*user, generation);
  return user;
}

}  // namespace portcullis::store::sqlite
