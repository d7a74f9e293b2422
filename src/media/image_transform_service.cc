// ImageTransformService: a Job owns the source and the callback; the executor task shares it, so
// a refused post can still answer kOverloaded. Results are cached whole, as shared immutable
// values. Thread-safe: the cache and the executor are.
#include "media/image_transform_service.h"

#include <utility>

namespace portcullis::media {

struct ImageTransformService::Job {
  core::ImageSource source;
  core::ImageTransform transform;
  bool accepts_webp = false;
  std::string key;
  Done done;
};

ImageTransformService::ImageTransformService(std::unique_ptr<TransformEngine> engine,
                                             ImageTransformServiceOptions options)
    : engine_(std::move(engine)),
      cache_(options.cache_bytes),
      executor_({.name = std::string(kExecutorName),
                 .threads = options.threads,
                 .max_queued = options.max_queued}) {}

void ImageTransformService::Transform(core::ImageSource source, core::ImageTransform transform,
                                      std::string accept, Done done) {
  const bool accepts_webp = core::AcceptsWebp(accept);
  std::string key = TransformCache::KeyOf(source.etag, transform, accepts_webp);
  // An empty ETag names no bytes: such a source is never cached.
  if (!source.etag.empty()) {
    if (auto cached = cache_.Find(key)) {
      done(std::move(cached));
      return;
    }
  }
  auto job = std::make_shared<Job>(Job{.source = std::move(source),
                                       .transform = std::move(transform),
                                       .accepts_webp = accepts_webp,
                                       .key = std::move(key),
                                       .done = std::move(done)});
  Executor::Task task = [this, job] { Run(*job); };
  if (!executor_.TryPost(task)) job->done(OverloadedError(kExecutorName));
}

void ImageTransformService::Run(Job& job) {
  auto result = engine_->Run(job.source, job.transform, job.accepts_webp);
  if (!result) {
    job.done(result.error());
    return;
  }
  auto image = std::make_shared<const core::TransformedImage>(std::move(result).value());
  if (!job.source.etag.empty()) cache_.Insert(job.key, image);
  job.done(std::move(image));
}

}  // namespace portcullis::media
