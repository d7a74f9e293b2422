// Tests of VipsTransformEngine on images it makes itself (a PNG encoded by libvips' own saver
// through a first transform): sizes, formats, refusals and limits. The pixel-level checks live in
// tests/media/test_transforms.py, judged by Pillow.
#include "media/vips_transform_engine.h"

#include <gtest/gtest.h>

#include <string>

namespace portcullis::media {
namespace {

using namespace std::string_literals;

// A 1×1 RGBA PNG.
const std::string kTinyPng =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx"
    "\x9c\x63\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xae\x42\x60\x82"s;

std::unique_ptr<VipsTransformEngine> Engine(VipsTransformLimits limits = {}) {
  auto engine = VipsTransformEngine::Create(limits);
  EXPECT_TRUE(engine.ok());
  return std::move(engine).value();
}

core::ImageTransform Size(int w, int h) {
  core::ImageTransform t;
  t.width = w;
  t.height = h;
  return t;
}

// A w×h PNG made by upscaling the tiny one.
std::string MakePng(VipsTransformEngine& engine, int w, int h) {
  auto made = engine.Run({.etag = "", .bytes = kTinyPng}, Size(w, h), false);
  EXPECT_TRUE(made.ok()) << made.error().detail;
  return made.ok() ? made->bytes : "";
}

TEST(VipsTransformEngineTest, ResizesAndReencodes) {
  auto engine = Engine();
  const std::string png = MakePng(*engine, 40, 20);
  core::ImageTransform t;
  t.width = 20;
  t.format = core::RequestedFormat::kJpeg;
  auto out = engine->Run({.bytes = png}, t, false);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(out->format, core::ImageFormat::kJpeg);
  EXPECT_EQ(out->bytes.substr(0, 3), "\xff\xd8\xff"s);
}

TEST(VipsTransformEngineTest, RefusesWhatIsNotAnImage) {
  auto engine = Engine();
  for (const std::string& bytes :
       {"hello world"s, ""s, "<svg xmlns='http://www.w3.org/2000/svg'/>"s,
        kTinyPng.substr(0, 30)}) {
    auto out = engine->Run({.bytes = bytes}, Size(10, 10), false);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, ErrorCode::kInvalidRequest);
  }
}

TEST(VipsTransformEngineTest, RefusesTooManyPixelsInOrOut) {
  auto engine = Engine({.max_input_pixels = 100, .max_output_pixels = 400});
  auto big_out = engine->Run({.bytes = kTinyPng}, Size(21, 20), false);
  ASSERT_FALSE(big_out.ok());
  EXPECT_EQ(big_out.error().code, ErrorCode::kInvalidRequest);
  auto roomy = Engine();
  const std::string png = MakePng(*roomy, 11, 10);  // 110 pixels in
  auto big_in = engine->Run({.bytes = png}, Size(5, 5), false);
  ASSERT_FALSE(big_in.ok());
  EXPECT_NE(big_in.error().detail.find("pixels"), std::string::npos);
}

TEST(VipsTransformEngineTest, RefusesAnOversizedInputOrOutput) {
  auto engine = Engine({.max_input_bytes = 10});
  EXPECT_FALSE(engine->Run({.bytes = kTinyPng}, Size(2, 2), false).ok());
  auto small_out = Engine({.max_output_bytes = 10});
  EXPECT_FALSE(small_out->Run({.bytes = kTinyPng}, Size(2, 2), false).ok());
}

TEST(VipsTransformEngineTest, StopsATransformPastItsTimeLimit) {
  auto roomy = Engine();
  const std::string png = MakePng(*roomy, 2000, 2000);
  auto engine = Engine({.time_limit = std::chrono::milliseconds(1)});
  core::ImageTransform t;
  t.blur_sigma = 500;
  auto out = engine->Run({.bytes = png}, t, false);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::media
