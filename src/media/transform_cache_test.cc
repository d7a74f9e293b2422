// Tests of TransformCache: keys, LRU order, the byte bound, replacement, oversized entries, and
// concurrent use from several threads (run under ThreadSanitizer in the tsan build).
#include "media/transform_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace portcullis::media {
namespace {

std::shared_ptr<const core::TransformedImage> ImageOf(std::size_t bytes, char fill = 'x') {
  auto image = std::make_shared<core::TransformedImage>();
  image->bytes.assign(bytes, fill);
  return image;
}

core::ImageTransform Width(int w) {
  core::ImageTransform t;
  t.width = w;
  return t;
}

TEST(TransformCacheTest, KeysSeparateObjectsParametersAndAutoChoices) {
  core::ImageTransform automatic = Width(10);
  automatic.format = core::RequestedFormat::kAuto;
  EXPECT_NE(TransformCache::KeyOf("e1", Width(10), false),
            TransformCache::KeyOf("e2", Width(10), false));
  EXPECT_NE(TransformCache::KeyOf("e1", Width(10), false),
            TransformCache::KeyOf("e1", Width(11), false));
  EXPECT_NE(TransformCache::KeyOf("e1", automatic, true),
            TransformCache::KeyOf("e1", automatic, false));
  // Without f=auto the Accept header does not change the result, so it does not split the key.
  EXPECT_EQ(TransformCache::KeyOf("e1", Width(10), true),
            TransformCache::KeyOf("e1", Width(10), false));
}

TEST(TransformCacheTest, FindsWhatWasInsertedAndCountsHitsAndMisses) {
  TransformCache cache(100);
  EXPECT_EQ(cache.Find("a"), nullptr);
  auto image = ImageOf(10);
  cache.Insert("a", image);
  EXPECT_EQ(cache.Find("a"), image);
  auto stats = cache.stats();
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, 10u);
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
}

TEST(TransformCacheTest, EvictsTheLeastRecentlyUsedWhenOverTheBound) {
  TransformCache cache(30);
  cache.Insert("a", ImageOf(10));
  cache.Insert("b", ImageOf(10));
  cache.Insert("c", ImageOf(10));
  ASSERT_NE(cache.Find("a"), nullptr);  // a is now the most recent; b is the least
  cache.Insert("d", ImageOf(10));
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_NE(cache.Find("a"), nullptr);
  EXPECT_NE(cache.Find("c"), nullptr);
  EXPECT_NE(cache.Find("d"), nullptr);
  EXPECT_EQ(cache.stats().bytes, 30u);
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(TransformCacheTest, EvictsAsManyAsABigEntryNeeds) {
  TransformCache cache(30);
  cache.Insert("a", ImageOf(10));
  cache.Insert("b", ImageOf(10));
  cache.Insert("c", ImageOf(10));
  cache.Insert("big", ImageOf(25));
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, 25u);
  EXPECT_NE(cache.Find("big"), nullptr);
}

TEST(TransformCacheTest, NeverStoresAnEntryLargerThanTheBound) {
  TransformCache cache(30);
  cache.Insert("a", ImageOf(10));
  cache.Insert("huge", ImageOf(31));
  EXPECT_EQ(cache.Find("huge"), nullptr);
  EXPECT_NE(cache.Find("a"), nullptr);  // nothing was evicted for it
  TransformCache disabled(0);
  disabled.Insert("a", ImageOf(1));
  EXPECT_EQ(disabled.Find("a"), nullptr);
}

TEST(TransformCacheTest, ReplacingAKeyKeepsTheByteCountRight) {
  TransformCache cache(30);
  cache.Insert("a", ImageOf(10, 'x'));
  cache.Insert("a", ImageOf(20, 'y'));
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, 20u);
  EXPECT_EQ(cache.Find("a")->bytes[0], 'y');
}

TEST(TransformCacheTest, StaysWithinItsBoundUnderConcurrentUse) {
  TransformCache cache(1000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = std::to_string((i * 7 + t) % 64);
        if (auto found = cache.Find(key)) {
          EXPECT_EQ(found->bytes.size(), 10u + (std::stoul(key) % 20));
        } else {
          cache.Insert(key, ImageOf(10 + (std::stoul(key) % 20)));
        }
        EXPECT_LE(cache.stats().bytes, 1000u);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto stats = cache.stats();
  EXPECT_LE(stats.bytes, 1000u);
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_EQ(stats.hits + stats.misses, 8000u);
}

}  // namespace
}  // namespace portcullis::media
