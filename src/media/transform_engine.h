// TransformEngine: the synchronous, CPU-bound step behind core::ImageTransformer — decode, apply,
// encode one image. Implementations are thread-safe; Run blocks for the length of the transform.
#pragma once

#include "common/status.h"
#include "core/image_transform.h"
#include "core/ports/image_transformer.h"

namespace portcullis::media {

class TransformEngine {
 public:
  virtual ~TransformEngine() = default;
  // `accepts_webp` resolves f=auto (core::AcceptsWebp of the request's Accept).
  virtual Result<core::TransformedImage> Run(const core::ImageSource& source,
                                             const core::ImageTransform& transform,
                                             bool accepts_webp) = 0;
};

}  // namespace portcullis::media
