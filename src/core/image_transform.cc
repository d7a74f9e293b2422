// ImageTransform parsing and normalisation: strict ASCII grammars (digits, an optional fraction)
// checked before any conversion, so no locale, sign, space or exponent slips through. Pure.
#include "core/image_transform.h"

#include <array>
#include <charconv>
#include <cstdio>

#include "common/status_macros.h"

namespace portcullis::core {
namespace {

constexpr std::string_view kParameterNames[] = {"w", "h", "q", "b", "r", "f"};
constexpr std::size_t kMaxDigits = 9;  // fits an int; more is out of every range anyway

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Error BadParameter(std::string_view name, std::string_view must) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "image parameter " + std::string(name) + " " + std::string(must),
                   std::string(name));
}

Result<int> ParseInteger(std::string_view name, std::string_view value, int min, int max) {
  const std::string must =
      "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!IsDigits(value)) return BadParameter(name, must);
  std::size_t first = value.find_first_not_of('0');
  std::string_view significant = first == std::string_view::npos ? "0" : value.substr(first);
  if (significant.size() > kMaxDigits) return BadParameter(name, must);
  int parsed = 0;
  std::from_chars(significant.data(), significant.data() + significant.size(), parsed);
  if (parsed < min || parsed > max) return BadParameter(name, must);
  return parsed;
}

// digits [ "." digits ]
Result<double> ParseDecimal(std::string_view name, std::string_view value, double min, double max) {
  const std::string must = "must be a decimal number from 0.3 to 1000";
  std::size_t dot = value.find('.');
  std::string_view whole = value.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "1" : value.substr(dot + 1);
  if (!IsDigits(whole) || !IsDigits(fraction) || value.size() > 32) return BadParameter(name, must);
  double parsed = 0;
  auto [end, ec] =
      std::from_chars(value.data(), value.data() + value.size(), parsed, std::chars_format::fixed);
  if (ec != std::errc() || end != value.data() + value.size() || parsed < min || parsed > max) {
    return BadParameter(name, must);
  }
  return parsed;
}

Result<std::optional<CornerRadius>> ParseRadius(std::string_view value) {
  if (value == "full") return std::optional<CornerRadius>(CornerRadius{.full = true});
  auto pixels = ParseInteger("r", value, 0, kMaxCornerRadius);
  if (!pixels) return BadParameter("r", "must be a non-negative integer up to 8192 or full");
  if (*pixels == 0) return std::optional<CornerRadius>();
  return std::optional<CornerRadius>(CornerRadius{.full = false, .pixels = *pixels});
}

Result<RequestedFormat> ParseFormat(std::string_view value) {
  if (value == "webp") return RequestedFormat::kWebp;
  if (value == "png") return RequestedFormat::kPng;
  if (value == "jpeg") return RequestedFormat::kJpeg;
  if (value == "auto") return RequestedFormat::kAuto;
  return BadParameter("f", "must be one of webp, png, jpeg, auto");
}

Status Apply(ImageTransform& t, std::string_view name, std::string_view value) {
  if (name == "w") {
    ASSIGN_OR_RETURN(t.width, ParseInteger(name, value, 0, kMaxImageDimension));
  } else if (name == "h") {
    ASSIGN_OR_RETURN(t.height, ParseInteger(name, value, 0, kMaxImageDimension));
  } else if (name == "q") {
    ASSIGN_OR_RETURN(t.quality, ParseInteger(name, value, 1, 100));
  } else if (name == "b") {
    ASSIGN_OR_RETURN(t.blur_sigma, ParseDecimal(name, value, kMinBlurSigma, kMaxBlurSigma));
  } else if (name == "r") {
    ASSIGN_OR_RETURN(t.radius, ParseRadius(value));
  } else if (name == "f") {
    ASSIGN_OR_RETURN(t.format, ParseFormat(value));
  }
  return Status::Ok();
}

std::string_view RequestedFormatName(RequestedFormat f) {
  switch (f) {
    case RequestedFormat::kSource:
      return "";
    case RequestedFormat::kAuto:
      return "auto";
    case RequestedFormat::kJpeg:
      return "jpeg";
    case RequestedFormat::kPng:
      return "png";
    case RequestedFormat::kWebp:
      return "webp";
  }
  return "";
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The q of one Accept element's parameters ("q=0.5"); 1 when absent, 0 when malformed.
double QualityOf(std::string_view params) {
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? "" : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    std::string_view value = Trim(param.substr(2));
    double q = 0;
    auto [end, ec] =
        std::from_chars(value.data(), value.data() + value.size(), q, std::chars_format::fixed);
    if (ec != std::errc() || end != value.data() + value.size()) return 0;
    return q;
  }
  return 1;
}

}  // namespace

bool ImageTransform::IsIdentity() const {
  return width == 0 && height == 0 && !quality && !blur_sigma && !radius &&
         format == RequestedFormat::kSource;
}

std::string ImageTransform::Normalized() const {
  std::string out;
  auto add = [&out](std::string_view name, std::string_view value) {
    if (!out.empty()) out += '&';
    out.append(name).append("=").append(value);
  };
  if (width != 0) add("w", std::to_string(width));
  if (height != 0) add("h", std::to_string(height));
  if (quality) add("q", std::to_string(*quality));
  if (blur_sigma) {
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), *blur_sigma);
    add("b", std::string_view(buf.data(), ec == std::errc() ? end - buf.data() : 0));
  }
  if (radius) add("r", radius->full ? "full" : std::to_string(radius->pixels));
  if (format != RequestedFormat::kSource) add("f", RequestedFormatName(format));
  return out;
}

Result<ImageTransform> ParseImageTransform(std::span<const QueryParameter> params) {
  ImageTransform transform;
  std::array<bool, std::size(kParameterNames)> seen{};
  for (const auto& [name, value] : params) {
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (name != kParameterNames[i]) continue;
      if (seen[i]) return BadParameter(name, "is given more than once");
      seen[i] = true;
      RETURN_IF_ERROR(Apply(transform, name, value));
    }
  }
  return transform;
}

bool AcceptsWebp(std::string_view accept) {
  while (!accept.empty()) {
    std::size_t comma = accept.find(',');
    std::string_view element = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? "" : accept.substr(comma + 1);
    std::size_t semi = element.find(';');
    std::string_view range = Trim(element.substr(0, semi));
    std::string_view params = semi == std::string_view::npos ? "" : element.substr(semi + 1);
    if (EqualsIgnoringCase(range, "image/webp")) return QualityOf(params) > 0;
  }
  return false;
}

ImageFormat ResolveOutputFormat(RequestedFormat requested, ImageFormat source, bool accepts_webp) {
  switch (requested) {
    case RequestedFormat::kJpeg:
      return ImageFormat::kJpeg;
    case RequestedFormat::kPng:
      return ImageFormat::kPng;
    case RequestedFormat::kWebp:
      return ImageFormat::kWebp;
    case RequestedFormat::kAuto:
      return accepts_webp ? ImageFormat::kWebp : source;
    case RequestedFormat::kSource:
      return source;
  }
  return source;
}

std::string_view ImageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return "jpeg";
    case ImageFormat::kPng:
      return "png";
    case ImageFormat::kWebp:
      return "webp";
  }
  return "png";
}

std::string_view ContentTypeOf(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return "image/jpeg";
    case ImageFormat::kPng:
      return "image/png";
    case ImageFormat::kWebp:
      return "image/webp";
  }
  return "image/png";
}

}  // namespace portcullis::core
