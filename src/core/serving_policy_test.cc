// Tests of ServingPolicyFor against a table: passive types inline, anything a browser could run
// (or that is not recognised) as a sandboxed attachment.
#include "core/serving_policy.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

struct Row {
  const char* mime;
  bool inline_allowed;
};

TEST(ServingPolicyTest, FollowsTheTable) {
  const Row rows[] = {
      {"image/png", true},
      {"image/jpeg", true},
      {"image/gif", true},
      {"image/webp", true},
      {"IMAGE/PNG", true},
      {"image/png; charset=binary", true},
      {"video/mp4", true},
      {"audio/mpeg", true},
      {"application/pdf", true},
      {"application/zip", true},
      {"application/octet-stream", true},
      {"application/json", true},
      {"text/plain", true},
      {"text/plain; charset=utf-8", true},
      {"text/csv", true},
      {"text/html", false},
      {"TEXT/HTML; charset=utf-8", false},
      {"application/xhtml+xml", false},
      {"image/svg+xml", false},
      {"image/svg", false},
      {"text/xml", false},
      {"application/xml", false},
      {"application/rss+xml", false},
      {"application/atom+xml", false},
      {"application/mathml+xml", false},
      {"text/javascript", false},
      {"application/javascript", false},
      {"application/x-javascript", false},
      {"application/ecmascript", false},
      {"text/css", false},
      {"text/x-shellscript", false},
      {"text/x-c", false},
      {"text/rtf", false},
      {"text/vnd.wap.wml", false},
      {"application/x-shockwave-flash", false},
      {"application/wasm", false},
      {"multipart/x-mixed-replace", false},
      {"message/rfc822", false},
      {"video/vnd.mpegurl+xml", false},
      {"application/x-empty", false},
      {"", false},
      {"garbage", false},
      {" image/png ", true},
      {"image/pngx", false},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ServingPolicyFor(row.mime).inline_allowed, row.inline_allowed) << row.mime;
  }
}

}  // namespace
}  // namespace portcullis::core
