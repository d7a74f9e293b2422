// Argon2Hasher: jobs on a ThreadPoolExecutor named "argon2"; each of its threads hashes with its
// own thread-local Argon2Buffer. Thread-safe: the executor is; a job owns its inputs.
#include "crypto/argon2_hasher.h"

#include <algorithm>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include "common/executor_thread_pool.h"
#include "common/secret_bytes.h"
#include "crypto/argon2_core.h"
#include "crypto/random.h"

namespace portcullis::crypto {
namespace {

constexpr std::string_view kExecutorName = "argon2";

bool WithinLimits(const Argon2idPhc& phc, const Argon2HasherOptions& o) {
  return phc.m_cost_kib <= o.max_m_cost_kib && phc.t_cost <= o.max_t_cost &&
         phc.parallelism <= o.max_parallelism && phc.hash.size() <= 1024 && phc.salt.size() <= 1024;
}

// Argon2id on the calling thread with that thread's buffer (allocated on its first hash, then
// kept for the thread's life: the executor's threads live as long as the hasher).
Result<std::string> ComputeHere(const Argon2idInput& input) {
  thread_local Argon2Buffer buffer;
  ScopedArgon2Buffer bind(buffer);
  try {
    return Argon2idRaw(input);
  } catch (...) {
    return MakeError(ErrorCode::kInternal, "argon2 job failed");
  }
}

void Wipe(std::string& s) { SecureWipe(s.data(), s.size()); }

// Posts the job to `executor`; when refused, the job answers its callback with kOverloaded.
template <class Job>
void Submit(Executor& executor, std::shared_ptr<Job> job) {
  Executor::Task task = [job] { job->Run(); };
  if (!executor.TryPost(task)) job->Refuse();
}

}  // namespace

struct Argon2Hasher::Impl {
  explicit Impl(const Argon2HasherOptions& o)
      : options(o),
        executor(
            {.name = std::string(kExecutorName), .threads = o.workers, .max_queued = o.max_queue}) {
  }

  const Argon2HasherOptions options;
  SodiumRandom random;
  ThreadPoolExecutor executor;

  Result<std::string> HashNow(std::string_view password, Argon2idPhc phc) const {
    Result<std::string> raw = ComputeHere({.password = password,
                                           .salt = phc.salt,
                                           .m_cost_kib = phc.m_cost_kib,
                                           .t_cost = phc.t_cost,
                                           .parallelism = phc.parallelism,
                                           .hash_len = options.params.hash_len});
    if (!raw.ok()) return MakeError(ErrorCode::kInternal, raw.error().detail);
    phc.hash = std::move(raw).value();
    return EncodeArgon2idPhc(phc);
  }

  static Result<bool> VerifyNow(std::string_view password, const Argon2idPhc& phc) {
    Result<std::string> raw = ComputeHere({.password = password,
                                           .salt = phc.salt,
                                           .m_cost_kib = phc.m_cost_kib,
                                           .t_cost = phc.t_cost,
                                           .parallelism = phc.parallelism,
                                           .hash_len = static_cast<uint32_t>(phc.hash.size())});
    if (!raw.ok()) {
      // Parameters libargon2 rejects (e.g. m < 8p) mean the string is malformed, not an outage.
      if (raw.error().code == ErrorCode::kInvalidRequest) return false;
      return raw.error();
    }
    const bool match = ConstantTimeEquals(*raw, phc.hash);
    SecureWipe(raw->data(), raw->size());
    return match;
  }

  // One asynchronous call's inputs and callback, shared by the task and the refusal path.
  struct HashJob {
    const Impl* impl;
    std::string password;
    Argon2idPhc phc;
    HashCallback done;

    void Run() {
      Result<std::string> result = impl->HashNow(password, std::move(phc));
      Wipe(password);
      done(std::move(result));
    }
    void Refuse() {
      Wipe(password);
      done(OverloadedError(kExecutorName));
    }
  };

  struct VerifyJob {
    std::string password;
    Argon2idPhc phc;
    VerifyCallback done;

    void Run() {
      Result<bool> result = VerifyNow(password, phc);
      Wipe(password);
      done(std::move(result));
    }
    void Refuse() {
      Wipe(password);
      done(OverloadedError(kExecutorName));
    }
  };

  // A new PHC skeleton (current parameters, fresh salt, no hash yet).
  Argon2idPhc NewPhc() {
    const Argon2idParams& p = options.params;
    return Argon2idPhc{p.m_cost_kib, p.t_cost, p.parallelism, random.Bytes(p.salt_len), {}};
  }
};

namespace {

// Runs an async call and waits for its callback (which may have run inline).
template <class T, class Start>
Result<T> Await(Start start) {
  std::promise<Result<T>> promise;
  std::future<Result<T>> future = promise.get_future();
  start([&promise](Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace

Argon2Hasher::Argon2Hasher(Argon2HasherOptions options) {
  const Argon2idParams& p = options.params;
  if (p.t_cost < 1 || p.parallelism < 1 || p.m_cost_kib < 8 * p.parallelism || p.salt_len < 8 ||
      p.hash_len < 4 || p.hash_len > 1024 || p.salt_len > 1024 ||
      p.m_cost_kib > options.max_m_cost_kib || p.t_cost > options.max_t_cost ||
      p.parallelism > options.max_parallelism) {
    throw std::invalid_argument("invalid Argon2id parameters");
  }
  if (options.max_queue == 0) {
    throw std::invalid_argument("Argon2 queue must hold at least one job");
  }
  if (options.workers == 0) options.workers = std::max(1u, std::thread::hardware_concurrency());
  impl_ = std::make_unique<Impl>(options);
}

Argon2Hasher::~Argon2Hasher() = default;  // the executor drains, then joins

void Argon2Hasher::HashAsync(std::string password, HashCallback done) {
  Submit(impl_->executor, std::make_shared<Impl::HashJob>(Impl::HashJob{
                              impl_.get(), std::move(password), impl_->NewPhc(), std::move(done)}));
}

void Argon2Hasher::VerifyAsync(std::string password, std::string encoded, VerifyCallback done) {
  std::optional<Argon2idPhc> phc = ParseArgon2idPhc(encoded);
  if (!phc || !WithinLimits(*phc, impl_->options)) {
    Wipe(password);
    done(false);  // malformed or beyond the limits: no match, and no work
    return;
  }
  Submit(impl_->executor, std::make_shared<Impl::VerifyJob>(Impl::VerifyJob{
                              std::move(password), std::move(*phc), std::move(done)}));
}

Result<std::string> Argon2Hasher::Hash(std::string_view password) {
  if (impl_->executor.RunningInThisThread()) return impl_->HashNow(password, impl_->NewPhc());
  return Await<std::string>(
      [&](HashCallback done) { HashAsync(std::string(password), std::move(done)); });
}

Result<bool> Argon2Hasher::Verify(std::string_view password, std::string_view encoded) {
  if (impl_->executor.RunningInThisThread()) {
    const std::optional<Argon2idPhc> phc = ParseArgon2idPhc(encoded);
    if (!phc || !WithinLimits(*phc, impl_->options)) return false;
    return Impl::VerifyNow(password, *phc);
  }
  return Await<bool>([&](VerifyCallback done) {
    VerifyAsync(std::string(password), std::string(encoded), std::move(done));
  });
}

std::string Argon2Hasher::DecoyHash() {
  const Argon2idParams& p = impl_->options.params;
  return EncodeArgon2idPhc({p.m_cost_kib, p.t_cost, p.parallelism, impl_->random.Bytes(p.salt_len),
                            impl_->random.Bytes(p.hash_len)});
}

bool Argon2Hasher::NeedsRehash(std::string_view encoded) const {
  const std::optional<Argon2idPhc> phc = ParseArgon2idPhc(encoded);
  const Argon2idParams& p = impl_->options.params;
  return !phc || phc->m_cost_kib != p.m_cost_kib || phc->t_cost != p.t_cost ||
         phc->parallelism != p.parallelism || phc->salt.size() != p.salt_len ||
         phc->hash.size() != p.hash_len;
}

Executor& Argon2Hasher::executor() { return impl_->executor; }
std::size_t Argon2Hasher::queue_depth() const { return impl_->executor.stats().queued; }
std::size_t Argon2Hasher::worker_count() const { return impl_->executor.thread_count(); }
const Argon2idParams& Argon2Hasher::params() const { return impl_->options.params; }

}  // namespace portcullis::crypto
