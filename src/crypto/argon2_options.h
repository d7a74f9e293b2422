// The settings of the Argon2id password hasher ([argon2]): cost and pool, declared against
// Argon2HasherOptions, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include "common/options.h"
#include "crypto/argon2_hasher.h"

namespace portcullis::crypto {

// argon2.memory_kib, argon2.iterations, argon2.parallelism, argon2.threads, argon2.queue.
options::Section<Argon2HasherOptions> Argon2HasherSection();

}  // namespace portcullis::crypto
