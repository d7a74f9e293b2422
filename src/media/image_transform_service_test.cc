// Tests of ImageTransformService with a fake engine: cached results answer on the calling thread,
// the bounded executor sheds load with kOverloaded, errors are not cached, and every Done is
// called exactly once.
#include "media/image_transform_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <optional>
#include <vector>

#include "core/async.h"

namespace portcullis::media {
namespace {

// Returns `w` bytes of 'x' in PNG; blocks every run until Open() when gated; fails for w=13.
class FakeEngine final : public TransformEngine {
 public:
  explicit FakeEngine(bool gated) : opened_(gate_.get_future().share()) {
    if (!gated) gate_.set_value();
  }
  void Open() { gate_.set_value(); }
  int runs() const { return runs_; }

  Result<core::TransformedImage> Run(const core::ImageSource&, const core::ImageTransform& t,
                                     bool) override {
    opened_.wait();
    ++runs_;
    if (t.width == 13) return MakeError(ErrorCode::kInvalidRequest, "not an image");
    core::TransformedImage image;
    image.bytes.assign(static_cast<std::size_t>(t.width), 'x');
    return image;
  }

 private:
  std::promise<void> gate_;
  std::shared_future<void> opened_;
  std::atomic<int> runs_{0};
};

core::ImageTransform Width(int w) {
  core::ImageTransform t;
  t.width = w;
  return t;
}

using Outcome = Result<std::shared_ptr<const core::TransformedImage>>;

Outcome TransformNow(ImageTransformService& service, std::string etag, int width) {
  return core::Await<Outcome>([&](UniqueFunction<void(Outcome)> done) {
    service.Transform({.etag = std::move(etag), .bytes = "img"}, Width(width), "",
                      [done = std::move(done)](Outcome r) mutable { done(std::move(r)); });
  });
}

TEST(ImageTransformServiceTest, TransformsOnceThenAnswersFromTheCache) {
  auto engine = std::make_unique<FakeEngine>(false);
  FakeEngine* fake = engine.get();
  ImageTransformService service(std::move(engine), {.threads = 1, .max_queued = 4});
  auto first = TransformNow(service, "etag", 10);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->bytes.size(), 10u);
  auto second = TransformNow(service, "etag", 10);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(fake->runs(), 1);
  EXPECT_EQ(service.cache_stats().hits, 1u);
  ASSERT_TRUE(TransformNow(service, "other", 10).ok());
  EXPECT_EQ(fake->runs(), 2);
}

TEST(ImageTransformServiceTest, DoesNotCacheErrorsOrSourcesWithoutAnEtag) {
  auto engine = std::make_unique<FakeEngine>(false);
  FakeEngine* fake = engine.get();
  ImageTransformService service(std::move(engine));
  EXPECT_FALSE(TransformNow(service, "etag", 13).ok());
  EXPECT_FALSE(TransformNow(service, "etag", 13).ok());
  ASSERT_TRUE(TransformNow(service, "", 10).ok());
  ASSERT_TRUE(TransformNow(service, "", 10).ok());
  EXPECT_EQ(fake->runs(), 4);
  EXPECT_EQ(service.cache_stats().entries, 0u);
}

TEST(ImageTransformServiceTest, ShedsLoadWithOverloadedBeyondThreadsPlusQueue) {
  auto engine = std::make_unique<FakeEngine>(true);
  FakeEngine* fake = engine.get();
  std::atomic<int> answered{0};
  std::vector<std::optional<Error>> errors(6);
  {
    ImageTransformService service(std::move(engine), {.threads = 1, .max_queued = 2});
    // One running (blocked in the engine) and two queued fill it; the rest are refused at once.
    for (int i = 0; i < 6; ++i) {
      service.Transform({.etag = "e" + std::to_string(i), .bytes = "img"}, Width(10 + i), "",
                        [&, i](Outcome r) {
                          if (!r) errors[i] = r.error();
                          ++answered;
                        });
    }
    EXPECT_EQ(answered.load(), 3);  // the three refusals, on this thread
    for (int i = 3; i < 6; ++i) {
      ASSERT_TRUE(errors[i].has_value()) << i;
      EXPECT_EQ(errors[i]->code, ErrorCode::kOverloaded);
    }
    EXPECT_GE(service.executor().stats().rejected, 3u);
    fake->Open();
  }  // the destructor drains: every accepted transform answered
  EXPECT_EQ(answered.load(), 6);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(errors[i].has_value()) << i;
}

}  // namespace
}  // namespace portcullis::media
