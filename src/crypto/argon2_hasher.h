// Argon2Hasher: core's PasswordHasher as Argon2id PHC strings, computed on a bounded pool of worker
// threads that each keep one reusable buffer. Thread-safe; callers block until their job is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

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
  std::size_t max_queue = 64;  // jobs waiting for a worker; beyond it calls fail with kOverloaded
  // Stored hashes whose cost exceeds these are treated as non-matching (denial-of-service guard).
  uint32_t max_m_cost_kib = 4u * 1024 * 1024;
  uint32_t max_t_cost = 64;
  uint32_t max_parallelism = 64;
};

class Argon2Hasher final : public core::PasswordHasher {
 public:
  // Starts the workers (their buffers are allocated on their first job). Throws
  // std::invalid_argument for parameters libargon2 would reject or beyond the limits, or a zero
  // queue.
  explicit Argon2Hasher(Argon2HasherOptions options = {});
  // Finishes queued jobs, then joins the workers.
  ~Argon2Hasher() override;
  Argon2Hasher(const Argon2Hasher&) = delete;
  Argon2Hasher& operator=(const Argon2Hasher&) = delete;

  // A fresh salt and a PHC string; kOverloaded immediately when the queue is full.
  Result<std::string> Hash(std::string_view password) override;
  // false for a mismatch or a malformed/out-of-limits `encoded` (never an error); kOverloaded
  // immediately when the queue is full; kInternal if memory cannot be had.
  Result<bool> Verify(std::string_view password, std::string_view encoded) override;
  std::string DecoyHash() override;
  // true when `encoded` is malformed or not made with the current parameters (cheap; no hashing).
  bool NeedsRehash(std::string_view encoded) const override;

  // Jobs waiting for a worker (not counting those being computed), for metrics.
  std::size_t queue_depth() const;
  // Jobs queued or being computed.
  std::size_t in_flight() const;
  std::size_t worker_count() const;
  const Argon2idParams& params() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::crypto
