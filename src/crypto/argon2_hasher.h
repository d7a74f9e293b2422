// Argon2Hasher: core's PasswordHasher as Argon2id PHC strings, computed on the bounded "argon2"
// executor whose threads each keep one reusable buffer. Thread-safe; async calls never block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/executor.h"
#include "common/unique_function.h"
#include "core/crypto_ports.h"

namespace portcullis::crypto {

struct Argon2idParams {
  uint32_t m_cost_kib = 19456;
  uint32_t t_cost = 2;
  uint32_t parallelism = 1;
  uint32_t salt_len = 16;
  uint32_t hash_len = 32;
};

struct Argon2HasherOptions {
  Argon2idParams params;    // for new hashes; Verify accepts any parameters within the limits below
  std::size_t workers = 0;  // 0: std::thread::hardware_concurrency()
  // Jobs waiting for a hashing thread; beyond it calls fail with kOverloaded. Logins post their
  // hash here from the I/O thread without holding a worker, so this queue alone bounds a login
  // flood: 64 waits at most ≈ 0.6 s at the default cost on two cores, and a client pool of 32
  // connections is queued rather than refused.
  std::size_t max_queue = 64;
  // Stored hashes whose cost exceeds these are treated as non-matching (denial-of-service guard).
  uint32_t max_m_cost_kib = 4u * 1024 * 1024;
  uint32_t max_t_cost = 64;
  uint32_t max_parallelism = 64;
};

class Argon2Hasher final : public core::PasswordHasher {
 public:
  // Starts the executor's threads (each allocates its buffer on its first job). Throws
  // std::invalid_argument for parameters libargon2 would reject or beyond the limits, or a zero
  // queue.
  explicit Argon2Hasher(Argon2HasherOptions options = {});
  // Finishes queued jobs (their callbacks run), then joins the threads.
  ~Argon2Hasher() override;
  Argon2Hasher(const Argon2Hasher&) = delete;
  Argon2Hasher& operator=(const Argon2Hasher&) = delete;

  // The asynchronous forms. `done` runs exactly once: on a hashing thread with the result, or at
  // once on the calling thread with kOverloaded when the executor refuses the job (so it must not
  // block, and may post its continuation wherever it likes — e.g. send an http::Reply).
  void HashAsync(std::string password, HashCallback done) override;
  void VerifyAsync(std::string password, std::string encoded, VerifyCallback done) override;

  // The blocking forms, for callers that are allowed to wait (admin commands, the worker pool):
  // HashAsync/VerifyAsync plus a wait; on a hashing thread itself they compute inline.
  // A fresh salt and a PHC string; kOverloaded immediately when the queue is full.
  Result<std::string> Hash(std::string_view password) override;
  // false for a mismatch or a malformed/out-of-limits `encoded` (never an error); kOverloaded
  // immediately when the queue is full; kInternal if memory cannot be had.
  Result<bool> Verify(std::string_view password, std::string_view encoded) override;
  std::string DecoyHash() override;
  // true when `encoded` is malformed or not made with the current parameters (cheap; no hashing).
  bool NeedsRehash(std::string_view encoded) const override;

  // The "argon2" executor, for its stats; a route may also run on it (see ARCHITECTURE.md).
  Executor& executor();
  // Jobs waiting for a hashing thread (not counting those being computed), for metrics.
  std::size_t queue_depth() const;
  std::size_t worker_count() const;
  const Argon2idParams& params() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::crypto
