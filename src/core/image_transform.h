// ImageTransform: the six image parameters of a download (w, h, q, b, r, f) as one validated value,
// parsed from query parameters exactly as HBP documents them, with a normalised spelling for cache
// keys. Value types and pure functions; no shared state.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"

namespace portcullis::core {

// The encodings a transform writes. A source in another decodable format (GIF) is written as PNG.
enum class ImageFormat { kJpeg, kPng, kWebp };

// What `f` asked for. kSource: `f` absent (the source's format); kAuto: WebP when the request's
// Accept explicitly names image/webp, else the source's format.
enum class RequestedFormat { kSource, kAuto, kJpeg, kPng, kWebp };

// `r`: a radius in pixels, or `full` (a circle, or an ellipse on a non-square image).
struct CornerRadius {
  bool full = false;
  int pixels = 0;  // when !full; > 0
  bool operator==(const CornerRadius&) const = default;
};

inline constexpr int kMaxImageDimension = 8192;  // w, h: 0 (unset) to 8192
inline constexpr int kMaxCornerRadius = 8192;    // r as an integer: 0 (none) to 8192
inline constexpr double kMinBlurSigma = 0.3;     // b: 0.3 to 1000
inline constexpr double kMaxBlurSigma = 1000.0;

struct ImageTransform {
  int width = 0;                       // 0: unset
  int height = 0;                      // 0: unset
  std::optional<int> quality;          // q: 1..100, for JPEG and WebP output
  std::optional<double> blur_sigma;    // b
  std::optional<CornerRadius> radius;  // r; r=0 leaves it unset
  RequestedFormat format = RequestedFormat::kSource;

  // No parameter given: the object is served as stored, without decoding it.
  bool IsIdentity() const;
  // The parameters in one fixed order and spelling ("w=100&h=50&q=80&b=1.5&r=full&f=webp"), unset
  // ones left out: two requests that mean the same transform have the same string.
  std::string Normalized() const;
  bool operator==(const ImageTransform&) const = default;
};

// Decoded query parameters, in request order.
using QueryParameter = std::pair<std::string, std::string>;

// Reads w, h, q, b, r and f from `params`; other names are left to the caller (e.g. `token`).
// kInvalidRequest naming the parameter (as Error::member) for a repeated parameter, an empty,
// non-numeric or out-of-range value ("1e3", "+5", " 5", "5 " and "0x10" are not numbers) or an
// unknown `f`.
Result<ImageTransform> ParseImageTransform(std::span<const QueryParameter> params);

// True when `accept` (an Accept header) names image/webp itself with a non-zero q; "image/*" and
// "*/*" do not count ("explicitly accepts").
bool AcceptsWebp(std::string_view accept);

// The format a transform writes: `requested` resolved against the source's format and Accept.
ImageFormat ResolveOutputFormat(RequestedFormat requested, ImageFormat source, bool accepts_webp);

std::string_view ImageFormatName(ImageFormat format);  // "jpeg", "png", "webp"
std::string_view ContentTypeOf(ImageFormat format);    // "image/jpeg", ...

}  // namespace portcullis::core
