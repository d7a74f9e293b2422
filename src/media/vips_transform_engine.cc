// VipsTransformEngine: one libvips pipeline per Run — sniff the loader (allow-list), read the
// header only, check limits, thumbnail (shrink-on-load, autorotate, centre crop), sRGB, blur,
// corner mask, flatten for JPEG, save with strip; an eval callback kills the pipeline past its
// deadline. Thread-safe: nothing is shared between runs but libvips itself.
#include "media/vips_transform_engine.h"

#include <vips/vips.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "media/webp_metadata.h"

namespace portcullis::media {
namespace {

using core::ImageFormat;
using core::ImageTransform;
using Clock = std::chrono::steady_clock;

// Owns one GObject reference.
template <class T>
class Ref {
 public:
  Ref() = default;
  explicit Ref(T* p) : p_(p) {}
  ~Ref() {
    if (p_ != nullptr) g_object_unref(p_);
  }
  Ref(Ref&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  Ref& operator=(Ref&& other) noexcept {
    std::swap(p_, other.p_);
    return *this;
  }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  T* get() const { return p_; }
  T** out() { return &p_; }  // for a libvips output argument; must be empty
  explicit operator bool() const { return p_ != nullptr; }

 private:
  T* p_ = nullptr;
};
using Image = Ref<VipsImage>;

Error NotAnImage() {
  vips_error_clear();
  return MakeError(ErrorCode::kInvalidRequest, "not an image (or not a supported format)");
}

Error Failed() {
  vips_error_clear();
  return MakeError(ErrorCode::kInvalidRequest, "the image could not be transformed");
}

struct Deadline {
  Clock::time_point at;
  std::atomic<bool> passed{false};
};

// libvips "eval" signal: called between the strips of an evaluation.
void OnEval(VipsImage* image, VipsProgress* /*progress*/, void* user) {
  auto* deadline = static_cast<Deadline*>(user);
  if (Clock::now() >= deadline->at) {
    deadline->passed = true;
    vips_image_set_kill(image, TRUE);
  }
}

// The loader's class name ("VipsForeignLoadJpegSource") → the source format; nothing for any
// other loader.
std::optional<ImageFormat> AllowedSourceFormat(std::string_view loader) {
  auto starts = [&loader](std::string_view p) { return loader.substr(0, p.size()) == p; };
  if (starts("VipsForeignLoadJpeg")) return ImageFormat::kJpeg;
  if (starts("VipsForeignLoadPng") || starts("VipsForeignLoadSpng")) return ImageFormat::kPng;
  if (starts("VipsForeignLoadWebp")) return ImageFormat::kWebp;
  // Written as PNG: no GIF encoder here.
  if (starts("VipsForeignLoadNsgif") || starts("VipsForeignLoadGif")) return ImageFormat::kPng;
  return std::nullopt;
}

struct Size {
  int width = 0;
  int height = 0;
};

// The result's size: both given → exactly that (cover crop); one → the other from the upright
// source's aspect ratio (at least 1); none → the upright source's size.
Size TargetSize(const ImageTransform& t, Size upright) {
  auto scaled = [](int other, int num, int den) {
    return std::max(1, static_cast<int>(std::lround(static_cast<double>(other) * num / den)));
  };
  if (t.width != 0 && t.height != 0) return {t.width, t.height};
  if (t.width != 0) return {t.width, scaled(upright.height, t.width, upright.width)};
  if (t.height != 0) return {scaled(upright.width, t.height, upright.height), t.height};
  return upright;
}

// An 8-bit alpha mask of `size`: a rounded rectangle of radius `r`, or the inscribed ellipse.
// Edges are anti-aliased over one pixel; the corner pixels of a radius >= 4 are 0.
Image CornerMask(Size size, const core::CornerRadius& r) {
  const int w = size.width;
  const int h = size.height;
  std::vector<unsigned char> mask(static_cast<std::size_t>(w) * h);
  const double rr = std::min<double>(r.pixels, std::min(w, h) / 2.0);
  const double a = w / 2.0;
  const double b = h / 2.0;
  for (int y = 0; y < h; ++y) {
    const double py = y + 0.5;
    for (int x = 0; x < w; ++x) {
      const double px = x + 0.5;
      double inside;  // signed distance inside the edge, in pixels
      if (r.full) {
        const double n = std::hypot((px - a) / a, (py - b) / b);
        inside = (1.0 - n) * std::min(a, b);
      } else {
        const double cx = std::clamp(px, rr, w - rr);
        const double cy = std::clamp(py, rr, h - rr);
        inside = rr - std::hypot(px - cx, py - cy);
      }
      const double alpha = std::clamp(inside + 0.5, 0.0, 1.0);
      mask[static_cast<std::size_t>(y) * w + x] =
          static_cast<unsigned char>(std::lround(alpha * 255));
    }
  }
  return Image(
      vips_image_new_from_memory_copy(mask.data(), mask.size(), w, h, 1, VIPS_FORMAT_UCHAR));
}

// `in` (sRGB, 3 or 4 bands, uchar) with its alpha multiplied by `mask` (or `mask` as its alpha).
Result<Image> ApplyMask(VipsImage* in, VipsImage* mask) {
  Image rgb, alpha, product, scaled, cast, out;
  if (vips_extract_band(in, rgb.out(), 0, "n", 3, nullptr) != 0) return Failed();
  if (vips_image_get_bands(in) == 4) {
    if (vips_extract_band(in, alpha.out(), 3, nullptr) != 0 ||
        vips_multiply(alpha.get(), mask, product.out(), nullptr) != 0 ||
        vips_linear1(product.get(), scaled.out(), 1.0 / 255.0, 0.0, nullptr) != 0 ||
        vips_cast_uchar(scaled.get(), cast.out(), nullptr) != 0 ||
        vips_bandjoin2(rgb.get(), cast.get(), out.out(), nullptr) != 0) {
      return Failed();
    }
  } else if (vips_bandjoin2(rgb.get(), mask, out.out(), nullptr) != 0) {
    return Failed();
  }
  return out;
}

Result<Image> FlattenOnWhite(Image in) {
  if (!vips_image_hasalpha(in.get())) return in;
  VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
  Image out;
  const int rc = vips_flatten(in.get(), out.out(), "background", white, nullptr);
  vips_area_unref(VIPS_AREA(white));
  if (rc != 0) return Failed();
  return out;
}

// A copy of `in` without any metadata item (EXIF, XMP, IPTC, ICC, comments, orientation): the
// savers' own `strip` is not relied on alone, as 8.14's WebP saver keeps EXIF despite it.
Result<Image> WithoutMetadata(VipsImage* in) {
  Image out;
  if (vips_copy(in, out.out(), nullptr) != 0) return Failed();
  gchar** fields = vips_image_get_fields(out.get());
  for (gchar** field = fields; field != nullptr && *field != nullptr; ++field) {
    vips_image_remove(out.get(), *field);  // a basic header field is not an item: left as it is
  }
  g_strfreev(fields);
  return out;
}

// Past about this sigma a blur runs on a reduced copy (sigma / kBlurDetailSigma times smaller)
// and is scaled back: the mask stays small, so a large `b` costs what a small one does.
constexpr double kBlurDetailSigma = 4.0;

Result<Image> Blur(VipsImage* in, double sigma) {
  Image out;
  if (sigma <= 2 * kBlurDetailSigma) {
    if (vips_gaussblur(in, out.out(), sigma, nullptr) != 0) return Failed();
    return out;
  }
  const int width = vips_image_get_width(in);
  const int height = vips_image_get_height(in);
  const double factor = kBlurDetailSigma / sigma;  // < 1
  const double hscale = std::max(factor, 1.0 / width);
  const double vscale = std::max(factor, 1.0 / height);
  Image small, blurred, large;
  if (vips_resize(in, small.out(), hscale, "vscale", vscale, nullptr) != 0 ||
      vips_gaussblur(small.get(), blurred.out(), kBlurDetailSigma, nullptr) != 0 ||
      vips_resize(blurred.get(), large.out(),
                  static_cast<double>(width) / vips_image_get_width(blurred.get()), "vscale",
                  static_cast<double>(height) / vips_image_get_height(blurred.get()), "kernel",
                  VIPS_KERNEL_LINEAR, nullptr) != 0) {
    return Failed();
  }
  // Rounding may leave the scaled-back copy a pixel off: crop or extend it to the exact size.
  if (vips_image_get_width(large.get()) == width && vips_image_get_height(large.get()) == height) {
    return large;
  }
  if (vips_embed(large.get(), out.out(), 0, 0, width, height, "extend", VIPS_EXTEND_COPY,
                 nullptr) != 0) {
    return Failed();
  }
  return out;
}

// The source's bytes (kept in place, not copied) or its file, within the input byte limit.
Result<Ref<VipsSource>> OpenSource(const core::ImageSource& source, std::size_t max_bytes) {
  const Error too_large =
      MakeError(ErrorCode::kInvalidRequest, "the image is too large to transform");
  Ref<VipsSource> opened;
  if (!source.path.empty()) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(source.path, ec);
    if (ec) return NotAnImage();
    if (size > max_bytes) return too_large;
    opened = Ref<VipsSource>(vips_source_new_from_file(source.path.c_str()));
  } else {
    if (source.bytes.size() > max_bytes) return too_large;
    if (source.bytes.empty()) return NotAnImage();
    opened = Ref<VipsSource>(vips_source_new_from_memory(source.bytes.data(), source.bytes.size()));
  }
  if (!opened) return NotAnImage();
  return opened;
}

}  // namespace

Result<std::unique_ptr<VipsTransformEngine>> VipsTransformEngine::Create(
    VipsTransformLimits limits, VipsRuntimeOptions runtime) {
  RETURN_IF_ERROR(StartVips(runtime));
  return std::unique_ptr<VipsTransformEngine>(new VipsTransformEngine(limits));
}

Result<core::TransformedImage> VipsTransformEngine::Run(const core::ImageSource& source,
                                                        const ImageTransform& transform,
                                                        bool accepts_webp) {
  ASSIGN_OR_RETURN(Ref<VipsSource> input, OpenSource(source, limits_.max_input_bytes));

  // Only the allow-listed loaders, chosen from the bytes (never from a name or a client's type).
  const char* loader = vips_foreign_find_load_source(input.get());
  if (loader == nullptr) return NotAnImage();
  const std::optional<ImageFormat> source_format = AllowedSourceFormat(loader);
  if (!source_format) return NotAnImage();

  // The header alone: dimensions and orientation, before a single pixel is decoded.
  Image header(vips_image_new_from_source(input.get(), "", "access", VIPS_ACCESS_SEQUENTIAL,
                                          "fail_on", VIPS_FAIL_ON_ERROR, nullptr));
  if (!header) return NotAnImage();
  const Size stored{vips_image_get_width(header.get()), vips_image_get_height(header.get())};
  if (static_cast<uint64_t>(stored.width) * static_cast<uint64_t>(stored.height) >
      limits_.max_input_pixels) {
    return MakeError(ErrorCode::kInvalidRequest, "the image has more pixels than the limit");
  }
  const Size upright =
      vips_image_get_orientation_swap(header.get()) ? Size{stored.height, stored.width} : stored;
  header = Image();
  const Size target = TargetSize(transform, upright);
  if (static_cast<uint64_t>(target.width) * static_cast<uint64_t>(target.height) >
      limits_.max_output_pixels) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "the requested size has more pixels than the limit");
  }

  // Shrink-on-load, EXIF autorotation (the tag is removed), to sRGB; a centre crop when both
  // dimensions are given, else an exact resize to the aspect-preserving size.
  Image image;
  const bool cover = transform.width != 0 && transform.height != 0;
  if (vips_thumbnail_source(input.get(), image.out(), target.width, "height", target.height, "size",
                            cover ? VIPS_SIZE_BOTH : VIPS_SIZE_FORCE, "crop",
                            cover ? VIPS_INTERESTING_CENTRE : VIPS_INTERESTING_NONE,
                            "option_string", "fail_on=error", nullptr) != 0) {
    return NotAnImage();
  }
  {
    Image srgb, uchar;
    if (vips_colourspace(image.get(), srgb.out(), VIPS_INTERPRETATION_sRGB, nullptr) != 0 ||
        vips_cast_uchar(srgb.get(), uchar.out(), nullptr) != 0) {
      return Failed();
    }
    image = std::move(uchar);
  }
  if (transform.blur_sigma) {
    ASSIGN_OR_RETURN(image, Blur(image.get(), *transform.blur_sigma));
  }

  ImageFormat format = core::ResolveOutputFormat(transform.format, *source_format, accepts_webp);
  // Rounded corners are transparency: when the format was not pinned to JPEG by `f=jpeg`, a JPEG
  // source is written as PNG instead of losing the corners.
  if (transform.radius && format == ImageFormat::kJpeg &&
      transform.format != core::RequestedFormat::kJpeg) {
    format = ImageFormat::kPng;
  }
  if (transform.radius) {
    const Size size{vips_image_get_width(image.get()), vips_image_get_height(image.get())};
    Image mask = CornerMask(size, *transform.radius);
    if (!mask) return Failed();
    ASSIGN_OR_RETURN(image, ApplyMask(image.get(), mask.get()));
  }
  if (format == ImageFormat::kJpeg) {
    ASSIGN_OR_RETURN(image, FlattenOnWhite(std::move(image)));
  }

  ASSIGN_OR_RETURN(image, WithoutMetadata(image.get()));

  Deadline deadline{.at = Clock::now() + limits_.time_limit};
  vips_image_set_progress(image.get(), TRUE);
  g_signal_connect(image.get(), "eval", G_CALLBACK(OnEval), &deadline);

  void* buffer = nullptr;
  size_t length = 0;
  const int quality = transform.quality.value_or(80);
  int rc = 0;
  switch (format) {
    case ImageFormat::kJpeg:
      rc =
          vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", quality, "strip", TRUE, nullptr);
      break;
    case ImageFormat::kWebp:
      rc =
          vips_webpsave_buffer(image.get(), &buffer, &length, "Q", quality, "strip", TRUE, nullptr);
      break;
    case ImageFormat::kPng:
      rc = vips_pngsave_buffer(image.get(), &buffer, &length, "strip", TRUE, nullptr);
      break;
  }
  // The handler points at `deadline`, which dies with this frame.
  g_signal_handlers_disconnect_by_data(image.get(), &deadline);
  if (rc != 0) {
    g_free(buffer);
    if (deadline.passed) {
      vips_error_clear();
      return MakeError(ErrorCode::kUnavailable, "the transform took longer than its time limit");
    }
    return NotAnImage();
  }
  core::TransformedImage result;
  result.format = format;
  if (length > limits_.max_output_bytes) {
    g_free(buffer);
    return MakeError(ErrorCode::kInvalidRequest, "the transformed image is larger than the limit");
  }
  result.bytes.assign(static_cast<const char*>(buffer), length);
  g_free(buffer);
  if (format == ImageFormat::kWebp) {
    std::optional<std::string> stripped = StripWebpMetadata(result.bytes);
    if (!stripped) return Failed();
    result.bytes = std::move(*stripped);
  }
  return result;
}

}  // namespace portcullis::media
