// Declarations of the native dialect's settings: the mount prefix and its check.
// Pure functions; thread-safe.
#include "api/native/native_settings.h"

#include "api/common/mount_prefix.h"

namespace portcullis::api::native {

options::Section<NativeOptions> NativeSection() {
  options::Section<NativeOptions> s("api.native", "Native API");
  s.Add("prefix", &NativeOptions::prefix,
        "path prefix of the native API's routes (\"/v1\": /v1/auth/login); \"\" mounts them at the "
        "root; the refresh cookie's Path follows it")
      .Require([](const std::string& v) { return ValidMountPrefix(v); },
               std::string(kMountPrefixRule));
  return s;
}

}  // namespace portcullis::api::native
