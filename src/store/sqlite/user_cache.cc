// UserCache: the seqlock-validated cache of users by id, and the writer connection's triggers
// that invalidate it. Thread-safe as described in user_cache.h.
#include "store/sqlite/user_cache.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

namespace portcullis::store::sqlite {
namespace {

constexpr std::string_view kChangedFunction = "portcullis_user_changed";

void OnUserChanged(sqlite3_context* context, int /*argc*/, sqlite3_value** /*argv*/) {
  static_cast<UserCache*>(sqlite3_user_data(context))->ChangeStarting();
}

}  // namespace

UserCache::UserCache(std::size_t max_entries, std::chrono::milliseconds max_age)
    : max_entries_(max_entries),
      max_age_(max_age),
      max_per_shard_(std::max<std::size_t>(1, max_entries / kShards)) {}

UserCache::Shard& UserCache::ShardFor(std::string_view id) const {
  return shards_[StringHash{}(id) % kShards];
}

std::optional<core::User> UserCache::Find(std::string_view id, uint64_t generation) const {
  if ((generation & 1) == 0 && generation == generation_.load()) {
    Shard& shard = ShardFor(id);
    MutexLock lock(shard.mu);
    auto it = shard.entries.find(id);
    if (it != shard.entries.end() && it->second.generation == generation &&
        std::chrono::steady_clock::now() - it->second.read_at < max_age_) {
      ++hits_;
      return it->second.user;
    }
  }
  ++misses_;
  return std::nullopt;
}

void UserCache::Insert(const core::User& user, uint64_t generation) {
  if (!enabled() || (generation & 1) != 0) return;
  Shard& shard = ShardFor(user.id);
  MutexLock lock(shard.mu);
  // Checked under the shard's lock: ChangesCommitted empties this shard under the same lock
  // after the generation moved, so an entry either fails this check or is dropped there.
  if (generation != generation_.load()) return;
  if (shard.entries.size() >= max_per_shard_) shard.entries.clear();
  shard.entries.insert_or_assign(user.id,
                                 Entry{user, generation, std::chrono::steady_clock::now()});
}

void UserCache::ChangeStarting() {
  if (changing_) return;
  changing_ = true;
  generation_.fetch_add(1);  // odd: no lookup hits, no insert lands, until ChangesCommitted
}

void UserCache::ChangesCommitted() {
  if (!changing_) return;
  for (Shard& shard : shards_) {
    MutexLock lock(shard.mu);
    shard.entries.clear();
  }
  ++invalidations_;
  changing_ = false;
  generation_.fetch_add(1);  // even again
}

Status UserCache::InstallTriggers(Connection& writer) {
  const int rc =
      sqlite3_create_function_v2(writer.handle(), std::string(kChangedFunction).c_str(), 0,
                                 SQLITE_UTF8, this, OnUserChanged, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return MakeError(
        ErrorCode::kInternal,
        std::string("sqlite: cannot register the user-change function: ") + sqlite3_errstr(rc));
  }
  // TEMP triggers belong to this connection alone: every write of the server goes through it.
  return writer.Exec(
      "CREATE TEMP TRIGGER IF NOT EXISTS user_cache_on_update AFTER UPDATE OF " +
      std::string(kCachedUserColumns) +
      " ON main.users BEGIN SELECT portcullis_user_changed(); END;"
      "CREATE TEMP TRIGGER IF NOT EXISTS user_cache_on_delete AFTER DELETE ON main.users"
      " BEGIN SELECT portcullis_user_changed(); END;");
}

UserCache::Stats UserCache::stats() const {
  return Stats{hits_.load(), misses_.load(), invalidations_.load()};
}

UserCacheRead::UserCacheRead(UserCache* cache, const Connection& conn)
    : cache_(cache), conn_(conn), statements_at_start_(conn.statements_started()) {}

bool UserCacheRead::MustRetry() const {
  return hit_generation_ && conn_.statements_started() != statements_at_hit_ &&
         cache_->generation() != *hit_generation_;
}

}  // namespace portcullis::store::sqlite
