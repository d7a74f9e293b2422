// VipsTransformEngine: the libvips TransformEngine — loads JPEG, PNG, WebP or GIF (first frame)
// with the header checked against the pixel limit before any pixel is decoded, applies EXIF
// orientation, resize/crop, blur and rounded corners, and encodes without metadata. Thread-safe:
// each Run builds its own pipeline; libvips is started once (media/vips_runtime.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "media/transform_engine.h"
#include "media/vips_runtime.h"

namespace portcullis::media {

struct VipsTransformLimits {
  uint64_t max_input_pixels = 40'000'000;        // width × height in the source's header
  uint64_t max_output_pixels = 40'000'000;       // width × height of the result
  std::size_t max_input_bytes = 64u << 20;       // a larger object is not transformed
  std::size_t max_output_bytes = 32u << 20;      // a larger encoded result is refused
  std::chrono::milliseconds time_limit{10'000};  // wall time of one pipeline's evaluation
};

class VipsTransformEngine final : public TransformEngine {
 public:
  // Starts libvips (StartVips) when not started yet; kInternal when it cannot.
  static Result<std::unique_ptr<VipsTransformEngine>> Create(VipsTransformLimits limits = {},
                                                             VipsRuntimeOptions runtime = {});

  Result<core::TransformedImage> Run(const core::ImageSource& source,
                                     const core::ImageTransform& transform,
                                     bool accepts_webp) override;

 private:
  explicit VipsTransformEngine(VipsTransformLimits limits) : limits_(limits) {}
  const VipsTransformLimits limits_;
};

}  // namespace portcullis::media
