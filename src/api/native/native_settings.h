// The native dialect's settings ([api.native]): where its routes are mounted. Declared against
// NativeOptions, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include <string>

#include "api/native/native_dialect.h"
#include "common/options.h"

namespace portcullis::api::native {

struct NativeOptions {
  std::string prefix{kDefaultPrefix};  // "" mounts the routes at the root
};

// api.native.prefix.
options::Section<NativeOptions> NativeSection();

}  // namespace portcullis::api::native
