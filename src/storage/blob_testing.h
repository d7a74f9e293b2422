// Helpers shared by the blob store tests: deterministic bytes, whole-object writes and reads
// through the port in chunks. Test-only; single-threaded.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/ports/blob_store.h"

namespace portcullis::storage::testing {

// `size` bytes where byte i is (i * 31 + seed) mod 251 (a prime: no short period).
inline std::string PatternBytes(std::size_t size, unsigned seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 31 + seed) % 251);
  return bytes;
}

// Writes `bytes` in `chunk`-sized Appends and commits.
inline Result<core::BlobInfo> WriteAll(core::BlobStore& store, std::string_view key,
                                       std::string_view bytes, std::size_t chunk = 64 * 1024) {
  auto writer = store.OpenWriter(key);
  if (!writer) return writer.error();
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    Status appended = (*writer)->Append(bytes.substr(at, chunk));
    if (!appended.ok()) return appended.error();
  }
  return (*writer)->Commit();
}

// Reads everything a reader yields with a buffer of `chunk` bytes.
inline Result<std::string> ReadAll(core::BlobStore& store, std::string_view key,
                                   std::optional<core::ByteRange> range = {},
                                   std::size_t chunk = 100 * 1000) {
  auto reader = store.OpenReader(key, range);
  if (!reader) return reader.error();
  std::string out;
  std::string buffer(chunk, '\0');
  while (true) {
    auto n = (*reader)->Read(std::span<char>(buffer.data(), buffer.size()));
    if (!n) return n.error();
    if (*n == 0) break;
    out.append(buffer.data(), *n);
  }
  EXPECT_EQ(out.size(), (*reader)->size());
  return out;
}

}  // namespace portcullis::storage::testing
