// MaskPassword and IsPostgresUrl: no password survives into what is shown. Pure; no server needed.
#include "store/postgres/url.h"

#include <gtest/gtest.h>

namespace portcullis::store::postgres {
namespace {

TEST(PostgresUrl, MasksTheUserInfoPassword) {
  EXPECT_EQ(MaskPassword("postgres://app:s3cret@db:5432/auth"), "postgres://app:***@db:5432/auth");
  EXPECT_EQ(MaskPassword("postgresql://app:p%40ss@db/auth?sslmode=require"),
            "postgresql://app:***@db/auth?sslmode=require");
}

TEST(PostgresUrl, MasksAPasswordParameter) {
  EXPECT_EQ(MaskPassword("postgres://app@db/auth?sslmode=disable&password=x1&a=b"),
            "postgres://app@db/auth?sslmode=disable&password=***&a=b");
  EXPECT_EQ(MaskPassword("postgres://db/auth?password=x1"), "postgres://db/auth?password=***");
}

TEST(PostgresUrl, LeavesAUrlWithoutPasswordAlone) {
  EXPECT_EQ(MaskPassword("postgres://app@127.0.0.1:5432/auth"),
            "postgres://app@127.0.0.1:5432/auth");
  EXPECT_EQ(MaskPassword("postgres://127.0.0.1/auth"), "postgres://127.0.0.1/auth");
}

TEST(PostgresUrl, RecognisesBothSchemes) {
  EXPECT_TRUE(IsPostgresUrl("postgres://x/y"));
  EXPECT_TRUE(IsPostgresUrl("postgresql://x/y"));
  EXPECT_FALSE(IsPostgresUrl("sqlite:/x.db"));
  EXPECT_FALSE(IsPostgresUrl("mysql://db"));
}

}  // namespace
}  // namespace portcullis::store::postgres
