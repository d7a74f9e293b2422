// StripWebpMetadata: a WebP file without its EXIF, XMP and ICC chunks (and their VP8X flags).
// libvips 8.14's WebP saver writes a small EXIF block even with `strip`. Pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portcullis::media {

// nullopt when `webp` is not a well-formed RIFF/WEBP container.
std::optional<std::string> StripWebpMetadata(std::string_view webp);

}  // namespace portcullis::media
