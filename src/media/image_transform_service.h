// ImageTransformService: core::ImageTransformer over a TransformEngine — a cache lookup on the
// calling thread, then the engine on a bounded "image.transform" executor that refuses work with
// kOverloaded (503) when its queue is full. Thread-safe: Transform from any thread.
#pragma once

#include <cstddef>
#include <memory>

#include "common/executor_thread_pool.h"
#include "core/ports/image_transformer.h"
#include "media/transform_cache.h"
#include "media/transform_engine.h"

namespace portcullis::media {

struct ImageTransformServiceOptions {
  std::size_t threads = 1;              // transforms running at once
  std::size_t max_queued = 16;          // transforms waiting for a thread; beyond: kOverloaded
  std::size_t cache_bytes = 64u << 20;  // TransformCache bound (0: no cache)
};

class ImageTransformService final : public core::ImageTransformer {
 public:
  static constexpr std::string_view kExecutorName = "image.transform";

  ImageTransformService(std::unique_ptr<TransformEngine> engine,
                        ImageTransformServiceOptions options = {});
  // Runs every accepted transform (each Done is called), then joins the threads.
  ~ImageTransformService() override = default;

  void Transform(core::ImageSource source, core::ImageTransform transform, std::string accept,
                 Done done) override;

  Executor& executor() { return executor_; }
  TransformCacheStats cache_stats() const { return cache_.stats(); }

 private:
  struct Job;
  void Run(Job& job);

  const std::unique_ptr<TransformEngine> engine_;
  TransformCache cache_;
  ThreadPoolExecutor executor_;  // last: drained and joined before the engine and cache go
};

}  // namespace portcullis::media
