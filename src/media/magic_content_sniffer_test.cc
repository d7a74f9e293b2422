// Tests of MagicContentSniffer on the system's libmagic database: images, HTML, SVG, XML, script,
// plain text, PDF, empty and unknown bytes, and the sniffed type's verdict under ServingPolicyFor.
#include "media/magic_content_sniffer.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/serving_policy.h"

namespace portcullis::media {
namespace {

using namespace std::string_literals;

class MagicContentSnifferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = MagicContentSniffer::Create();
    ASSERT_TRUE(created.ok()) << created.error().detail;
    sniffer_ = std::move(created).value();
  }
  std::unique_ptr<MagicContentSniffer> sniffer_;
};

const std::string kPngHead =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"s;
const std::string kJpegHead = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
const std::string kGifHead = "GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!"s;

TEST_F(MagicContentSnifferTest, NamesImagesFromTheirBytes) {
  EXPECT_EQ(sniffer_->Sniff(kPngHead), "image/png");
  EXPECT_EQ(sniffer_->Sniff(kJpegHead), "image/jpeg");
  EXPECT_EQ(sniffer_->Sniff(kGifHead), "image/gif");
}

TEST_F(MagicContentSnifferTest, ActiveContentIsNeverServedInline) {
  const std::vector<std::string> active = {
      "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
      "<html><head><title>x</title></head></html>",
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)"
      "</script></svg>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>",
      "<?xml version=\"1.0\"?>\n<note><to>x</to></note>",
      "#!/bin/sh\necho hi\n",
  };
  for (const auto& content : active) {
    const std::string type = sniffer_->Sniff(content);
    EXPECT_FALSE(core::ServingPolicyFor(type).inline_allowed) << type << " for " << content;
  }
  EXPECT_EQ(sniffer_->Sniff(active[0]), "text/html");
  EXPECT_EQ(sniffer_->Sniff(active[2]), "image/svg+xml");
}

TEST_F(MagicContentSnifferTest, NamesTextPdfEmptyAndUnknownBytes) {
  EXPECT_EQ(sniffer_->Sniff("hello, world\n"), "text/plain");
  EXPECT_EQ(sniffer_->Sniff("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), "application/pdf");
  EXPECT_EQ(sniffer_->Sniff(""), "application/x-empty");
  const std::string random = "\x01\x9f\x42\x00\xee\x13\x77\x00\x81\xfe\x02\x03"s;
  EXPECT_EQ(sniffer_->Sniff(random), "application/octet-stream");
}

TEST_F(MagicContentSnifferTest, IsSafeToCallFromSeveralThreads) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < 50; ++i) EXPECT_EQ(sniffer_->Sniff(kPngHead), "image/png");
    });
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace
}  // namespace portcullis::media
