// StartVips: libvips' process-wide setup (VIPS_INIT, thread count per image, operation cache,
// untrusted loaders blocked), done once however many threads call it. Thread-safe.
#pragma once

#include <cstddef>

#include "common/status.h"

namespace portcullis::media {

struct VipsRuntimeOptions {
  int threads_per_image = 1;  // vips_concurrency_set: one transform cannot take every core
  std::size_t operation_cache_bytes = 0;  // vips' own operation cache (0: disabled)
};

// The first call initialises libvips with `options`; later calls return that call's outcome and
// ignore their options. kInternal when libvips cannot start.
Status StartVips(const VipsRuntimeOptions& options = {});

}  // namespace portcullis::media
