// ServingPolicyFor: an allow-list over the type and subtype; anything it does not name is
// treated as active content. Pure.
#include "core/serving_policy.h"

#include <span>
#include <string>

namespace portcullis::core {
namespace {

std::string Essence(std::string_view mime) {
  std::size_t semi = mime.find(';');
  if (semi != std::string_view::npos) mime = mime.substr(0, semi);
  while (!mime.empty() && (mime.front() == ' ' || mime.front() == '\t')) mime.remove_prefix(1);
  while (!mime.empty() && (mime.back() == ' ' || mime.back() == '\t')) mime.remove_suffix(1);
  std::string out(mime);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kPassiveImages[] = {"image/png",
                                               "image/jpeg",
                                               "image/gif",
                                               "image/webp",
                                               "image/avif",
                                               "image/bmp",
                                               "image/tiff",
                                               "image/heic",
                                               "image/heif",
                                               "image/x-icon",
                                               "image/vnd.microsoft.icon"};
constexpr std::string_view kPassiveOther[] = {"text/plain",
                                              "text/csv",
                                              "application/json",
                                              "application/pdf",
                                              "application/zip",
                                              "application/gzip",
                                              "application/x-tar",
                                              "application/octet-stream",
                                              "application/x-xz",
                                              "application/x-bzip2",
                                              "application/x-7z-compressed"};

bool Listed(std::string_view essence, std::span<const std::string_view> list) {
  for (std::string_view entry : list) {
    if (essence == entry) return true;
  }
  return false;
}

}  // namespace

ServingPolicy ServingPolicyFor(std::string_view mime_type) {
  const std::string essence = Essence(mime_type);
  // A subtype with a structured suffix is XML or JSON underneath; +xml can carry script (XHTML,
  // SVG), so only the listed exact types are passive.
  if (Listed(essence, kPassiveImages) || Listed(essence, kPassiveOther))
    return {.inline_allowed = true};
  if ((StartsWith(essence, "audio/") || StartsWith(essence, "video/")) &&
      essence.find("xml") == std::string::npos) {
    return {.inline_allowed = true};
  }
  return {.inline_allowed = false};
}

}  // namespace portcullis::core
