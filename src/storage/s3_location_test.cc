// Tests for s3_location.h: parsing `storage = s3://...` (loopback-only plain http, bucket and
// region rules) and the object URLs (path and virtual-hosted style, encoding). Single-threaded.
#include "storage/s3_location.h"

#include <gtest/gtest.h>

namespace portcullis::storage {
namespace {

TEST(S3LocationTest, ExplicitEndpointIsPathStyle) {
  auto location = ParseS3Url("s3://my-bucket?endpoint=http://127.0.0.1:9000&region=eu-west-3");
  ASSERT_TRUE(location.ok()) << location.error().detail;
  EXPECT_EQ(location->bucket, "my-bucket");
  EXPECT_EQ(location->region, "eu-west-3");
  EXPECT_TRUE(location->path_style);
  EXPECT_EQ(location->ObjectUrl("user/1/a b+ü.txt"),
            "http://127.0.0.1:9000/my-bucket/user/1/a%20b%2B%C3%BC.txt");
  EXPECT_EQ(location->ObjectUrl("k", "uploads="), "http://127.0.0.1:9000/my-bucket/k?uploads=");
}

TEST(S3LocationTest, AwsItselfIsVirtualHostedUnlessTheBucketHasADot) {
  auto plain = ParseS3Url("s3://files?region=eu-central-1");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->ObjectUrl("a"), "https://files.s3.eu-central-1.amazonaws.com/a");
  auto dotted = ParseS3Url("s3://files.example.com");
  ASSERT_TRUE(dotted.ok());
  EXPECT_EQ(dotted->region, "us-east-1");
  EXPECT_EQ(dotted->ObjectUrl("a"), "https://s3.us-east-1.amazonaws.com/files.example.com/a");
}

TEST(S3LocationTest, PrefixGoesBeforeEveryKey) {
  auto location = ParseS3Url("s3://bucket/tenant/one/?endpoint=https://s3.example.com/");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->ObjectUrl("x/y"), "https://s3.example.com/bucket/tenant/one/x/y");
}

TEST(S3LocationTest, PlainHttpOnlyOnLoopbackAndOnlyKnownParameters) {
  for (const char* url :
       {"s3://bucket?endpoint=http://10.0.0.1:9000", "s3://bucket?endpoint=http://127.0.0.1.nip.io",
        "s3://bucket?endpoint=http://127.1", "s3://bucket?endpoint=http://user@127.0.0.1",
        "s3://bucket?endpoint=ftp://127.0.0.1", "s3://bucket?endpoint=https://h/path",
        "s3://bucket?secret=x", "s3://bucket?region=EU_WEST", "s3://Bucket", "s3://ab",
        "s3://-bucket", "file:/x", "s3://bucket/a\\b"}) {
    EXPECT_FALSE(ParseS3Url(url).ok()) << url;
  }
  EXPECT_TRUE(ParseS3Url("s3://bucket?endpoint=http://localhost:9000").ok());
  EXPECT_TRUE(ParseS3Url("s3://bucket?endpoint=http://[::1]:9000").ok());
  EXPECT_TRUE(ParseS3Url("s3://bucket?endpoint=http%3A%2F%2F127.0.0.1%3A9000").ok());
}

}  // namespace
}  // namespace portcullis::storage
