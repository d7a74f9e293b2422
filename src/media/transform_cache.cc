// TransformCache: a list in recency order plus a map from key to list position, both under one
// mutex; sizes are the encoded bytes. Thread-safe.
#include "media/transform_cache.h"

#include <utility>

namespace portcullis::media {

std::string TransformCache::KeyOf(std::string_view etag, const core::ImageTransform& transform,
                                  bool accepts_webp) {
  std::string key(etag);
  key += '\n';
  key += transform.Normalized();
  if (transform.format == core::RequestedFormat::kAuto) key += accepts_webp ? "\nwebp" : "\nsource";
  return key;
}

std::shared_ptr<const core::TransformedImage> TransformCache::Find(const std::string& key) {
  MutexLock lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->image;
}

void TransformCache::Insert(const std::string& key,
                            std::shared_ptr<const core::TransformedImage> image) {
  if (image == nullptr) return;
  const std::size_t size = image->bytes.size();
  MutexLock lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->image->bytes.size();
    order_.erase(it->second);
    index_.erase(it);
  }
  if (size > max_bytes_) return;
  EvictUntilFits(size);
  order_.push_front(Entry{key, std::move(image)});
  index_.emplace(key, order_.begin());
  bytes_ += size;
}

void TransformCache::EvictUntilFits(std::size_t incoming) {
  while (!order_.empty() && bytes_ + incoming > max_bytes_) {
    Entry& last = order_.back();
    bytes_ -= last.image->bytes.size();
    index_.erase(last.key);
    order_.pop_back();
    ++evictions_;
  }
}

TransformCacheStats TransformCache::stats() const {
  MutexLock lock(mu_);
  return {.entries = order_.size(),
          .bytes = bytes_,
          .hits = hits_,
          .misses = misses_,
          .evictions = evictions_};
}

}  // namespace portcullis::media
