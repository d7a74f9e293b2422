// Declarations of the password hasher's settings: names, bounds, help and former flat names.
// Pure functions; thread-safe.
#include "crypto/argon2_options.h"

namespace portcullis::crypto {

constexpr char kTable[] = "argon2";
constexpr char kTitle[] = "Password hashing (Argon2id)";

options::Section<Argon2idParams> Argon2idParamsSection() {
  options::Section<Argon2idParams> s(kTable, kTitle);
  s.Add("memory_kib", &Argon2idParams::m_cost_kib, "Argon2id memory cost, KiB (OWASP: 19456)")
      .Between(8, 4 * 1024 * 1024)
      .Alias("argon2_memory_kib");
  s.Add("iterations", &Argon2idParams::t_cost, "Argon2id time cost (OWASP: 2)")
      .Between(1, 100)
      .Alias("argon2_iterations");
  s.Add("parallelism", &Argon2idParams::parallelism, "Argon2id lanes (OWASP: 1)")
      .Between(1, 64)
      .Alias("argon2_parallelism");
  s.Check([](const Argon2idParams& p) -> Status {
    if (p.m_cost_kib < 8 * p.parallelism) {
      return options::Section<Argon2idParams>::Invalid(
          "argon2.memory_kib", "must be at least 8 KiB per lane (argon2.parallelism)");
    }
    return Status::Ok();
  });
  return s;
}

options::Section<Argon2HasherOptions> Argon2HasherSection() {
  options::Section<Argon2HasherOptions> s(kTable, kTitle);
  s.Nest(Argon2idParamsSection(), &Argon2HasherOptions::params);
  s.Add("threads", &Argon2HasherOptions::workers, "password-hashing threads; 0 = one per core")
      .Between(0, 256)
      .Alias("argon2_threads");
  s.Add("queue", &Argon2HasherOptions::max_queue, "password hashes that may wait; beyond it 503")
      .Between(1, 100000)
      .Alias("argon2_queue");
  return s;
}

}  // namespace portcullis::crypto
