// Argon2Hasher: fixed worker threads, each with its own Argon2Buffer, fed by a bounded FIFO.
// Thread-safe: queue and stop flag guarded by Impl::mu; a job is shared by caller and worker.
#include "crypto/argon2_hasher.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/secret_bytes.h"
#include "crypto/argon2_core.h"
#include "crypto/random.h"

namespace portcullis::crypto {
namespace {

// Shared by the caller (blocked on `done`) and the worker, so neither outlives the other's use.
struct Job {
  std::function<void()> run;
  std::promise<void> done;
};

bool WithinLimits(const Argon2idPhc& phc, const Argon2HasherOptions& o) {
  return phc.m_cost_kib <= o.max_m_cost_kib && phc.t_cost <= o.max_t_cost &&
         phc.parallelism <= o.max_parallelism && phc.hash.size() <= 1024 && phc.salt.size() <= 1024;
}

}  // namespace

struct Argon2Hasher::Impl {
  Argon2HasherOptions options;
  SodiumRandom random;

  mutable std::mutex mu;
  std::condition_variable wake;
  std::deque<std::shared_ptr<Job>> queue;  // guarded by mu
  bool stopping = false;                   // guarded by mu
  std::atomic<std::size_t> depth{0};       // mirrors queue.size() for lock-free reads
  std::atomic<std::size_t> in_flight{0};   // queued + running
  std::vector<std::thread> workers;

  Status Run(const std::function<void()>& fn) {
    auto job = std::make_shared<Job>();
    job->run = fn;
    std::future<void> finished = job->done.get_future();
    {
      std::lock_guard lock(mu);
      if (queue.size() >= options.max_queue) {
        return MakeError(ErrorCode::kOverloaded, "password hashing queue is full");
      }
      queue.push_back(job);
      depth.store(queue.size());
      in_flight.fetch_add(1);
    }
    wake.notify_one();
    finished.wait();
    return Status::Ok();
  }

  void WorkerLoop() {
    Argon2Buffer buffer;  // allocated on the first job, then reused
    ScopedArgon2Buffer bind(buffer);
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(mu);
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping and drained
        job = queue.front();
        queue.pop_front();
        depth.store(queue.size());
      }
      job->run();  // the job's function catches everything
      in_flight.fetch_sub(1);
      job->done.set_value();
    }
  }
};

Argon2Hasher::Argon2Hasher(Argon2HasherOptions options) : impl_(std::make_unique<Impl>()) {
  const Argon2idParams& p = options.params;
  if (p.t_cost < 1 || p.parallelism < 1 || p.m_cost_kib < 8 * p.parallelism || p.salt_len < 8 ||
      p.hash_len < 4 || p.hash_len > 1024 || p.salt_len > 1024 ||
      p.m_cost_kib > options.max_m_cost_kib || p.t_cost > options.max_t_cost ||
      p.parallelism > options.max_parallelism) {
    throw std::invalid_argument("invalid Argon2id parameters");
  }
  if (options.max_queue == 0)
    throw std::invalid_argument("Argon2 queue must hold at least one job");
  if (options.workers == 0) options.workers = std::max(1u, std::thread::hardware_concurrency());
  impl_->options = options;
  for (std::size_t i = 0; i < options.workers; ++i) {
    impl_->workers.emplace_back([impl = impl_.get()] { impl->WorkerLoop(); });
  }
}

Argon2Hasher::~Argon2Hasher() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  for (std::thread& t : impl_->workers) t.join();
}

Result<std::string> Argon2Hasher::Hash(std::string_view password) {
  const Argon2idParams& p = impl_->options.params;
  Argon2idPhc phc{p.m_cost_kib, p.t_cost, p.parallelism, impl_->random.Bytes(p.salt_len), {}};
  Result<std::string> hash = MakeError(ErrorCode::kInternal, "argon2 job did not run");
  Status queued = impl_->Run([&]() noexcept {
    try {
      hash = Argon2idRaw({.password = password,
                          .salt = phc.salt,
                          .m_cost_kib = p.m_cost_kib,
                          .t_cost = p.t_cost,
                          .parallelism = p.parallelism,
                          .hash_len = p.hash_len});
    } catch (...) {
      hash = MakeError(ErrorCode::kInternal, "argon2 job failed");
    }
  });
  if (!queued.ok()) return queued.error();
  if (!hash.ok()) return MakeError(ErrorCode::kInternal, hash.error().detail);
  phc.hash = std::move(hash).value();
  return EncodeArgon2idPhc(phc);
}

std::string Argon2Hasher::DecoyHash() {
  const Argon2idParams& p = impl_->options.params;
  return EncodeArgon2idPhc({p.m_cost_kib, p.t_cost, p.parallelism, impl_->random.Bytes(p.salt_len),
                            impl_->random.Bytes(p.hash_len)});
}

Result<bool> Argon2Hasher::Verify(std::string_view password, std::string_view encoded) {
  const std::optional<Argon2idPhc> phc = ParseArgon2idPhc(encoded);
  if (!phc || !WithinLimits(*phc, impl_->options)) return false;
  Result<std::string> hash = MakeError(ErrorCode::kInternal, "argon2 job did not run");
  Status queued = impl_->Run([&]() noexcept {
    try {
      hash = Argon2idRaw({.password = password,
                          .salt = phc->salt,
                          .m_cost_kib = phc->m_cost_kib,
                          .t_cost = phc->t_cost,
                          .parallelism = phc->parallelism,
                          .hash_len = static_cast<uint32_t>(phc->hash.size())});
    } catch (...) {
      hash = MakeError(ErrorCode::kInternal, "argon2 job failed");
    }
  });
  if (!queued.ok()) return queued.error();
  if (!hash.ok()) {
    // Parameters libargon2 rejects (e.g. m < 8p) mean the string is malformed, not an outage.
    if (hash.error().code == ErrorCode::kInvalidRequest) return false;
    return hash.error();
  }
  const bool match = ConstantTimeEquals(*hash, phc->hash);
  SecureWipe(hash->data(), hash->size());
  return match;
}

bool Argon2Hasher::NeedsRehash(std::string_view encoded) const {
  const std::optional<Argon2idPhc> phc = ParseArgon2idPhc(encoded);
  const Argon2idParams& p = impl_->options.params;
  return !phc || phc->m_cost_kib != p.m_cost_kib || phc->t_cost != p.t_cost ||
         phc->parallelism != p.parallelism || phc->salt.size() != p.salt_len ||
         phc->hash.size() != p.hash_len;
}

std::size_t Argon2Hasher::queue_depth() const { return impl_->depth.load(); }
std::size_t Argon2Hasher::in_flight() const { return impl_->in_flight.load(); }
std::size_t Argon2Hasher::worker_count() const { return impl_->workers.size(); }
const Argon2idParams& Argon2Hasher::params() const { return impl_->options.params; }

}  // namespace portcullis::crypto
