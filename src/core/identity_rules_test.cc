// Tests for email/username normalisation and the password policy.
#include "core/identity_rules.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

TEST(IdentityRules, NormalizesEmail) {
  EXPECT_EQ(NormalizeEmail("  Foo@Example.COM "), "foo@example.com");
}

TEST(IdentityRules, ValidatesEmail) {
  EXPECT_TRUE(ValidateEmail("a@b.co").ok());
  for (const char* bad :
       {"", "ab", "@b.co", "a@", "a@b", "a@@b.co", "a b@c.de", "a@b..c", "a@.b"}) {
    auto s = ValidateEmail(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().field, Field::kEmail);
  }
  EXPECT_FALSE(ValidateEmail(std::string(250, 'a') + "@b.co").ok());
}

TEST(IdentityRules, ValidatesUsername) {
  EXPECT_TRUE(ValidateUsername("alice_01").ok());
  EXPECT_FALSE(ValidateUsername("al").ok());
  EXPECT_FALSE(ValidateUsername("_alice").ok());
  EXPECT_FALSE(ValidateUsername("a@b.c").ok());
  EXPECT_FALSE(ValidateUsername(std::string(33, 'a')).ok());
}

TEST(IdentityRules, PasswordPolicyFollowsNist) {
  EXPECT_FALSE(ValidatePassword("short", "a@b.co").ok());
  EXPECT_TRUE(ValidatePassword("eight ch", "a@b.co").ok());
  EXPECT_TRUE(ValidatePassword(std::string(200, 'x'), "a@b.co").ok());
  EXPECT_FALSE(ValidatePassword(std::string(1025, 'x'), "a@b.co").ok());
  // Eight code points of two bytes each are eight characters, seven are not.
  EXPECT_TRUE(ValidatePassword("éééééééé", "a@b.co").ok());
  EXPECT_FALSE(ValidatePassword("ééééééé", "a@b.co").ok());
  auto same = ValidatePassword("Long@Example.com", "long@example.com");
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().field, Field::kPassword);
}

}  // namespace
}  // namespace portcullis::core
