// A throughput probe of refresh rotation in the store alone, not a test of speed: run with
//   store_sqlite_test --gtest_also_run_disabled_tests --gtest_filter='*RotateProbe*'
// PROBE_SESSIONS (default 100000) sessions with random ids are pre-filled as in a deployment; 32
// threads rotate; one run without checkpoints measures WAL bytes per rotation, one with the default
// options measures rotations per second. Single test; prints its figures.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace portcullis::store::sqlite {
namespace {

constexpr int64_t kNow = 1'700'000'000;
constexpr int kThreads = 32;
constexpr int kSessionsPerThread = 8;
constexpr int kRotationsPerThread = 1000;

std::string RandomHex(std::mt19937_64& rng, int chars) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(chars), '0');
  for (auto& c : out) c = kDigits[rng() & 15];
  return out;
}

std::string RandomUuid(std::mt19937_64& rng) {
  std::string hex = RandomHex(rng, 32);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

int ProbeSessions() {
  const char* env = std::getenv("PROBE_SESSIONS");
  return env != nullptr ? std::atoi(env) : 100'000;
}

struct ProbeResult {
  double rotations_per_second = 0;
  double wal_bytes_per_rotation = 0;
  double jobs_per_commit = 0;
};

// The sessions of the probe and, per session, the counter of its current refresh token.
struct Fleet {
  std::vector<std::string> ids;
  std::vector<int64_t> counters;
};

Status Prefill(SqliteStore& store, int count, Fleet& fleet, std::mt19937_64& rng) {
  core::User user;
  user.id = "user-1";
  user.email = "probe@example.com";
  user.created_at = kNow;
  user.updated_at = kNow;
  RETURN_IF_ERROR(store.Write([&](core::Repositories& r) { return r.users().Create(user); }));
  for (int i = 0; i < count; ++i) {
    fleet.ids.push_back(RandomUuid(rng));
    fleet.counters.push_back(0);
  }
  constexpr int kBatch = 1000;
  for (int first = 0; first < count; first += kBatch) {
    RETURN_IF_ERROR(store.Write([&](core::Repositories& r) -> Status {
      for (int i = first; i < std::min(count, first + kBatch); ++i) {
        core::Session session;
        session.id = fleet.ids[i];
        session.user_id = user.id;
        session.created_at = session.last_refreshed_at = session.auth_time = kNow;
        session.expires_at = kNow + 86400;
        session.user_agent = "Mozilla/5.0 (X11; Linux x86_64) probe/1.0";
        session.ip = "192.0.2.1";
        // As long as a real sealed key: "v1.<kid>." and base64url of nonce, key and tag.
        session.refresh_key = "v1.k0123456." + RandomHex(rng, 96);
        session.refresh_hash = RandomHex(rng, 64);
        RETURN_IF_ERROR(r.sessions().Create(session));
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

// One rotation of session `i` of the fleet, as the refresh path writes it.
Result<bool> RotateOnce(SqliteStore& store, Fleet& fleet, int i, std::string next_hash,
                        int64_t now) {
  core::RefreshRotation rotation;
  rotation.from_counter = fleet.counters[i];
  rotation.next_hash = std::move(next_hash);
  rotation.now = now;
  rotation.expires_at = now + 86400;
  ASSIGN_OR_RETURN(bool rotated, store.WriteValue([&](core::Repositories& r) {
    return r.sessions().Rotate(fleet.ids[i], rotation);
  }));
  if (rotated) ++fleet.counters[i];
  return rotated;
}

ProbeResult RunProbe(const Options& options, int sessions) {
  TempDir dir;
  const std::string path = dir.File("probe.db");
  auto opened = Open(path, options);
  EXPECT_TRUE(opened.ok());
  if (!opened.ok()) return {};
  SqliteStore& store = **opened;
  std::mt19937_64 rng(42);
  Fleet fleet;
  EXPECT_TRUE(Prefill(store, sessions, fleet, rng).ok());
  // Every thread draws its next hashes up front; it owns kSessionsPerThread sessions.
  std::vector<std::vector<std::string>> hashes(kThreads);
  for (auto& mine : hashes) {
    for (int i = 0; i < kRotationsPerThread; ++i) mine.push_back(RandomHex(rng, 64));
  }
  std::error_code ignored;
  const auto wal_before = std::filesystem::file_size(path + "-wal", ignored);
  const Writer::Stats before = store.writer_stats();
  std::atomic<int> failures = 0;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRotationsPerThread; ++i) {
        const int session = (t + kThreads * (i % kSessionsPerThread)) % sessions;
        auto rotated = RotateOnce(store, fleet, session, hashes[t][i], kNow + 1 + i);
        if (!rotated || !*rotated) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Writer::Stats after = store.writer_stats();
  EXPECT_EQ(failures.load(), 0);
  const double rotations = kThreads * kRotationsPerThread;
  const auto wal_after = std::filesystem::file_size(path + "-wal", ignored);
  ProbeResult result;
  result.rotations_per_second = rotations / seconds;
  result.wal_bytes_per_rotation =
      (static_cast<double>(wal_after) - static_cast<double>(wal_before)) / rotations;
  result.jobs_per_commit = static_cast<double>(after.jobs - before.jobs) /
                           static_cast<double>(after.commits - before.commits);
  return result;
}

TEST(SqliteStore, DISABLED_RotateProbe) {
  const int sessions = std::max(ProbeSessions(), kThreads * kSessionsPerThread);
  Options no_checkpoints;
  no_checkpoints.checkpoint_interval = std::chrono::hours(1);
  no_checkpoints.checkpoint_wal_pages = 1 << 30;
  no_checkpoints.journal_size_limit_bytes = 1ll << 40;
  const ProbeResult wal = RunProbe(no_checkpoints, sessions);
  const ProbeResult speed = RunProbe(Options{}, sessions);
  std::printf(
      "rotate probe: %d sessions, %d threads x %d rotations\n"
      "  WAL per rotation (no checkpoints): %.0f bytes (%.1f jobs/commit)\n"
      "  rotations/s (default options):     %.0f (%.1f jobs/commit)\n",
      sessions, kThreads, kRotationsPerThread, wal.wal_bytes_per_rotation, wal.jobs_per_commit,
      speed.rotations_per_second, speed.jobs_per_commit);
}

}  // namespace
}  // namespace portcullis::store::sqlite
