// Tests for recovery-code generation and normalisation.
#include "core/recovery_codes.h"

#include <gtest/gtest.h>

#include <set>

#include "core/testing/fakes.h"

namespace portcullis::core {
namespace {

TEST(RecoveryCodes, GeneratedCodesHaveTheDisplayFormAndNormaliseBack) {
  testing::CountingRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string code = GenerateRecoveryCode(random);
    ASSERT_EQ(code.size(), 11u);
    EXPECT_EQ(code[5], '-');
    auto normal = NormalizeRecoveryCode(code);
    ASSERT_TRUE(normal.has_value()) << code;
    EXPECT_EQ(normal->size(), 10u);
    seen.insert(*normal);
  }
  EXPECT_GT(seen.size(), 10u);  // a counting Random repeats every 32 bytes; real ones do not
}

TEST(RecoveryCodes, NormalisationIsForgiving) {
  EXPECT_EQ(NormalizeRecoveryCode("ABCDE-FGH1J").value_or(""), "abcdefgh1j");
  EXPECT_EQ(NormalizeRecoveryCode("abcde fghij").value_or(""), "abcdefgh1j");
  EXPECT_EQ(NormalizeRecoveryCode("0o0o0-LlIi1").value_or(""), "0000011111");
}

TEST(RecoveryCodes, NormalisationRejectsOtherShapes) {
  EXPECT_FALSE(NormalizeRecoveryCode("123456").has_value());
  EXPECT_FALSE(NormalizeRecoveryCode("abcde-fghijk").has_value());
  EXPECT_FALSE(NormalizeRecoveryCode("abcde-fghu!").has_value());
  EXPECT_FALSE(NormalizeRecoveryCode("").has_value());
}

}  // namespace
}  // namespace portcullis::core
