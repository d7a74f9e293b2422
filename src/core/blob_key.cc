// The key rule every blob store applies (core/ports/blob_store.h) and BlobStore::Exists. Pure
// functions; thread-safe.
#include <algorithm>

#include "core/ports/blob_store.h"

namespace portcullis::core {

Status CheckBlobKey(std::string_view key) {
  const auto refuse = [](std::string why) {
    return MakeError(ErrorCode::kInvalidRequest, "storage key: " + std::move(why));
  };
  if (key.empty()) return refuse("empty");
  if (key.size() > kMaxBlobKeyBytes) return refuse("longer than 1024 bytes");
  for (char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return refuse("control character");
    if (c == '\\') return refuse("backslash");
  }
  std::size_t at = 0;
  while (true) {
    const std::size_t end = std::min(key.find('/', at), key.size());
    const std::string_view segment = key.substr(at, end - at);
    if (segment.empty()) return refuse("empty segment (leading, trailing or doubled '/')");
    if (segment == "." || segment == "..") return refuse("'.' or '..' segment");
    if (end == key.size()) return Status::Ok();
    at = end + 1;
  }
}

Result<bool> BlobStore::Exists(std::string_view key) {
  auto info = Stat(key);
  if (info) return true;
  if (info.error().code == ErrorCode::kNotFound) return false;
  return info.error();
}

}  // namespace portcullis::core
