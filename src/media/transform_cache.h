// TransformCache: transformed images kept by (object ETag, normalised parameters, output choice)
// under a total byte bound, least recently used evicted first. Thread-safe: every call locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/mutex.h"
#include "core/ports/image_transformer.h"

namespace portcullis::media {

struct TransformCacheStats {
  std::size_t entries = 0;
  std::size_t bytes = 0;
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;
};

class TransformCache {
 public:
  // `max_bytes`: the encoded results' total size; 0 disables the cache.
  explicit TransformCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The key of one transform of one object. `accepts_webp` matters only for f=auto (the same
  // bytes and parameters give WebP or the source's format); it is left out otherwise.
  static std::string KeyOf(std::string_view etag, const core::ImageTransform& transform,
                           bool accepts_webp);

  // The cached result, now the most recently used; null on a miss.
  std::shared_ptr<const core::TransformedImage> Find(const std::string& key);
  // Stores `image` under `key` (replacing any entry) and evicts the least recently used entries
  // until the total fits. An image larger than the whole bound is not stored.
  void Insert(const std::string& key, std::shared_ptr<const core::TransformedImage> image);
  TransformCacheStats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const core::TransformedImage> image;
  };
  using Order = std::list<Entry>;  // front: most recently used

  void EvictUntilFits(std::size_t incoming) REQUIRES(mu_);

  const std::size_t max_bytes_;
  mutable Mutex mu_;
  Order order_ GUARDED_BY(mu_);
  std::unordered_map<std::string, Order::iterator> index_ GUARDED_BY(mu_);
  std::size_t bytes_ GUARDED_BY(mu_) = 0;
  uint64_t hits_ GUARDED_BY(mu_) = 0;
  uint64_t misses_ GUARDED_BY(mu_) = 0;
  uint64_t evictions_ GUARDED_BY(mu_) = 0;
};

}  // namespace portcullis::media
