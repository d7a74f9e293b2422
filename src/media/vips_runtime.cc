// StartVips: one std::call_once around VIPS_INIT and the global knobs. libvips is never shut
// down: its worker threads and caches live as long as the process. Thread-safe.
#include "media/vips_runtime.h"

#include <vips/vips.h>

#include <mutex>

namespace portcullis::media {

Status StartVips(const VipsRuntimeOptions& options) {
  static std::once_flag once;
  static bool started = false;
  std::call_once(once, [&options] {
    if (VIPS_INIT("portcullis") != 0) return;
    vips_concurrency_set(options.threads_per_image < 1 ? 1 : options.threads_per_image);
    if (options.operation_cache_bytes == 0) {
      vips_cache_set_max(0);
    } else {
      vips_cache_set_max_mem(options.operation_cache_bytes);
    }
    vips_cache_set_max_files(0);
    // Loaders libvips marks untrusted (ImageMagick, matload, FITS, ...) are refused.
    vips_block_untrusted_set(TRUE);
    // libvips' warnings describe untrusted input ("not enough data"): not for the server's log.
    g_log_set_handler(
        "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
    started = true;
  });
  if (!started) return MakeError(ErrorCode::kInternal, "libvips did not start");
  return Status::Ok();
}

}  // namespace portcullis::media
