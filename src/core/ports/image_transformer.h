// ImageTransformer: the port a storage route calls to transform an image object (resize, crop,
// blur, round, re-encode). Implementations are thread-safe; Transform never blocks.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "common/unique_function.h"
#include "core/image_transform.h"

namespace portcullis::core {

// The object to transform. `etag` identifies its bytes (the content hash the store keeps): equal
// ETags mean equal bytes, so it keys the transform cache. Exactly one of `bytes` and `path` is set:
// the object's bytes in memory, or the path of a file the local-disk store holds.
struct ImageSource {
  std::string etag;
  std::string bytes;
  std::string path;
};

struct TransformedImage {
  std::string bytes;
  ImageFormat format = ImageFormat::kPng;
  std::string_view content_type() const { return ContentTypeOf(format); }
};

class ImageTransformer {
 public:
  // Called exactly once, on a transform thread — or at once on the calling thread for a cached
  // result or a refused job. It must be quick: post the continuation to the connection's thread.
  using Done = UniqueFunction<void(Result<std::shared_ptr<const TransformedImage>>)>;

  virtual ~ImageTransformer() = default;
  // `accept` is the request's Accept header (for f=auto). Errors: kInvalidRequest "not an image"
  // (not decodable, unsupported format, truncated), kInvalidRequest for an image beyond the pixel
  // or input limits or a result beyond the output limit, kUnavailable when the CPU-time bound
  // cut the transform short, kOverloaded (503) when the transform queue is full.
  virtual void Transform(ImageSource source, ImageTransform transform, std::string accept,
                         Done done) = 0;
};

}  // namespace portcullis::core
