// Tests of ParseImageTransform (every accepted form and every refusal, each naming its parameter),
// Normalized, AcceptsWebp and ResolveOutputFormat.
#include "core/image_transform.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portcullis::core {
namespace {

Result<ImageTransform> Parse(std::vector<QueryParameter> params) {
  return ParseImageTransform(params);
}

TEST(ImageTransformTest, NoParametersIsTheIdentity) {
  auto t = Parse({});
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->IsIdentity());
  EXPECT_EQ(t->Normalized(), "");
}

TEST(ImageTransformTest, ParsesEveryParameter) {
  auto t =
      Parse({{"w", "800"}, {"h", "600"}, {"q", "90"}, {"b", "1.5"}, {"r", "12"}, {"f", "webp"}});
  ASSERT_TRUE(t.ok()) << t.error().detail;
  EXPECT_EQ(t->width, 800);
  EXPECT_EQ(t->height, 600);
  EXPECT_EQ(t->quality, 90);
  EXPECT_EQ(t->blur_sigma, 1.5);
  ASSERT_TRUE(t->radius.has_value());
  EXPECT_EQ(t->radius->pixels, 12);
  EXPECT_FALSE(t->radius->full);
  EXPECT_EQ(t->format, RequestedFormat::kWebp);
  EXPECT_FALSE(t->IsIdentity());
}

TEST(ImageTransformTest, AcceptsTheRangesBounds) {
  for (const char* w : {"0", "1", "8192", "0008192"}) {
    EXPECT_TRUE(Parse({{"w", w}}).ok()) << w;
    EXPECT_TRUE(Parse({{"h", w}}).ok()) << w;
  }
  for (const char* q : {"1", "100", "50"}) EXPECT_TRUE(Parse({{"q", q}}).ok()) << q;
  for (const char* b : {"0.3", "1000", "1000.0", "0.30", "5", "999.999"}) {
    EXPECT_TRUE(Parse({{"b", b}}).ok()) << b;
  }
  for (const char* r : {"0", "1", "8192", "full"}) EXPECT_TRUE(Parse({{"r", r}}).ok()) << r;
  for (const char* f : {"webp", "png", "jpeg", "auto"}) EXPECT_TRUE(Parse({{"f", f}}).ok()) << f;
}

TEST(ImageTransformTest, ZeroMeansUnset) {
  auto t = Parse({{"w", "0"}, {"h", "0"}, {"r", "0"}});
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->IsIdentity());
  auto full = Parse({{"r", "full"}});
  ASSERT_TRUE(full.ok());
  EXPECT_TRUE(full->radius->full);
}

struct BadCase {
  std::string name;
  std::string value;
};

TEST(ImageTransformTest, RefusesEveryMalformedOrOutOfRangeValueNamingTheParameter) {
  const std::vector<BadCase> cases = {
      {"w", ""},
      {"w", "-1"},
      {"w", "8193"},
      {"w", "1e3"},
      {"w", "+5"},
      {"w", " 5"},
      {"w", "5 "},
      {"w", "0x10"},
      {"w", "5.0"},
      {"w", "abc"},
      {"w", "99999999999999999999"},
      {"w", "١٠"},
      {"w", "5\t"},
      {"h", "8193"},
      {"h", "-0"},
      {"h", "1,5"},
      {"q", "0"},
      {"q", "101"},
      {"q", ""},
      {"q", "50%"},
      {"q", "1e2"},
      {"b", "0.29"},
      {"b", "0.2999"},
      {"b", "1000.01"},
      {"b", "1e3"},
      {"b", "+5"},
      {"b", " 5"},
      {"b", ".5"},
      {"b", "5."},
      {"b", "0"},
      {"b", "nan"},
      {"b", "inf"},
      {"b", "1,5"},
      {"b", "-1"},
      {"b", ""},
      {"b", "0x1p3"},
      {"r", "-1"},
      {"r", "8193"},
      {"r", "Full"},
      {"r", "FULL"},
      {"r", "1.5"},
      {"r", ""},
      {"r", "+1"},
      {"r", "half"},
      {"f", "gif"},
      {"f", "WEBP"},
      {"f", "jpg"},
      {"f", ""},
      {"f", "png "},
      {"f", "avif"},
  };
  for (const auto& c : cases) {
    auto t = Parse({{c.name, c.value}});
    ASSERT_FALSE(t.ok()) << c.name << "=" << c.value;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(t.error().member, c.name) << c.value;
    EXPECT_NE(t.error().detail.find("image parameter " + c.name), std::string::npos)
        << t.error().detail;
  }
}

TEST(ImageTransformTest, RefusesARepeatedParameterEvenWithEqualValues) {
  for (const char* name : {"w", "h", "q", "b", "r", "f"}) {
    const std::string value = std::string(name) == "f" ? "png" : "1";
    auto t = Parse({{name, value}, {name, value}});
    ASSERT_FALSE(t.ok()) << name;
    EXPECT_EQ(t.error().member, name);
    EXPECT_NE(t.error().detail.find("more than once"), std::string::npos);
  }
}

TEST(ImageTransformTest, LeavesOtherParametersToTheCaller) {
  auto t = Parse({{"token", "abc"}, {"w", "10"}, {"token", "def"}, {"W", "x"}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->width, 10);
}

TEST(ImageTransformTest, NormalizedIsOneSpellingInOneOrder) {
  auto a = Parse({{"f", "png"}, {"b", "1.50"}, {"w", "0100"}, {"r", "full"}, {"q", "7"}});
  auto b =
      Parse({{"w", "100"}, {"q", "07"}, {"b", "1.5"}, {"r", "full"}, {"f", "png"}, {"h", "0"}});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->Normalized(), "w=100&q=7&b=1.5&r=full&f=png");
  EXPECT_EQ(a->Normalized(), b->Normalized());
  EXPECT_NE(Parse({{"w", "100"}})->Normalized(), Parse({{"h", "100"}})->Normalized());
  EXPECT_EQ(Parse({{"r", "0"}})->Normalized(), "");
}

TEST(ImageTransformTest, AcceptsWebpOnlyWhenNamedExplicitly) {
  EXPECT_TRUE(AcceptsWebp("image/webp"));
  EXPECT_TRUE(AcceptsWebp("image/avif,image/webp,image/apng,*/*;q=0.8"));
  EXPECT_TRUE(AcceptsWebp("text/html, IMAGE/WEBP ; q=0.5"));
  EXPECT_FALSE(AcceptsWebp(""));
  EXPECT_FALSE(AcceptsWebp("*/*"));
  EXPECT_FALSE(AcceptsWebp("image/*"));
  EXPECT_FALSE(AcceptsWebp("image/png,image/jpeg"));
  EXPECT_FALSE(AcceptsWebp("image/webp;q=0"));
  EXPECT_FALSE(AcceptsWebp("image/webpx"));
  EXPECT_FALSE(AcceptsWebp("image/webp;q=abc"));
}

TEST(ImageTransformTest, ResolvesTheOutputFormat) {
  using enum RequestedFormat;
  EXPECT_EQ(ResolveOutputFormat(kSource, ImageFormat::kJpeg, true), ImageFormat::kJpeg);
  EXPECT_EQ(ResolveOutputFormat(kAuto, ImageFormat::kJpeg, true), ImageFormat::kWebp);
  EXPECT_EQ(ResolveOutputFormat(kAuto, ImageFormat::kPng, false), ImageFormat::kPng);
  EXPECT_EQ(ResolveOutputFormat(kPng, ImageFormat::kJpeg, true), ImageFormat::kPng);
  EXPECT_EQ(ResolveOutputFormat(kJpeg, ImageFormat::kPng, false), ImageFormat::kJpeg);
  EXPECT_EQ(ResolveOutputFormat(kWebp, ImageFormat::kPng, false), ImageFormat::kWebp);
  EXPECT_EQ(ContentTypeOf(ImageFormat::kWebp), "image/webp");
  EXPECT_EQ(ImageFormatName(ImageFormat::kJpeg), "jpeg");
}

}  // namespace
}  // namespace portcullis::core
