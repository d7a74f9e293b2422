// Tests of the Redis URL parsing and its display without the password.
#include "store/redis/redis_options.h"

#include <gtest/gtest.h>

namespace portcullis::store::redis {
namespace {

TEST(RedisUrlTest, ParsesHostPortAndDb) {
  Options o;
  ASSERT_TRUE(ParseRedisUrl("redis://cache.internal:6380/3", o));
  EXPECT_EQ(o.host, "cache.internal");
  EXPECT_EQ(o.port, 6380);
  EXPECT_EQ(o.db, 3);
  EXPECT_EQ(o.password, "");
}

TEST(RedisUrlTest, DefaultsPortAndDb) {
  Options o;
  ASSERT_TRUE(ParseRedisUrl("redis://localhost", o));
  EXPECT_EQ(o.host, "localhost");
  EXPECT_EQ(o.port, 6379);
  EXPECT_EQ(o.db, 0);
}

TEST(RedisUrlTest, TakesAPasswordAndNeverShowsIt) {
  Options o;
  ASSERT_TRUE(ParseRedisUrl("redis://:s3cret@127.0.0.1:7000/1", o));
  EXPECT_EQ(o.password, "s3cret");
  EXPECT_EQ(RedisUrlForDisplay(o), "redis://:***@127.0.0.1:7000/1");
  Options bad;
  Status refused = ParseRedisUrl("redis://:s3cret@127.0.0.1:99999/1", bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().detail.find("s3cret"), std::string::npos);
}

TEST(RedisUrlTest, RefusesMalformedUrls) {
  Options o;
  EXPECT_FALSE(ParseRedisUrl("http://localhost", o));
  EXPECT_FALSE(ParseRedisUrl("redis://", o));
  EXPECT_FALSE(ParseRedisUrl("redis://host:0", o));
  EXPECT_FALSE(ParseRedisUrl("redis://host:port", o));
  EXPECT_FALSE(ParseRedisUrl("redis://host/16", o));
  EXPECT_FALSE(ParseRedisUrl("redis://user:pw@host", o));
}

}  // namespace
}  // namespace portcullis::store::redis
