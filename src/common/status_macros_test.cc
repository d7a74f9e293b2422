// Tests of RETURN_IF_ERROR and ASSIGN_OR_RETURN: the error leaves early, the value flows on.
#include "common/status_macros.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace portcullis {
namespace {

Result<int> Parse(const std::string& text) {
  if (text.empty()) return MakeError(ErrorCode::kInvalidRequest, "empty", "text");
  return static_cast<int>(text.size());
}

Status Check(bool ok) {
  if (!ok) return MakeError(ErrorCode::kConflict, "taken");
  return Status::Ok();
}

Result<int> Twice(const std::string& text, bool ok, int* reached) {
  RETURN_IF_ERROR(Check(ok));
  ASSIGN_OR_RETURN(const int n, Parse(text));
  ++*reached;
  return 2 * n;
}

Result<std::unique_ptr<int>> Boxed(int v) { return std::make_unique<int>(v); }

Status MoveOnly(int* out) {
  ASSIGN_OR_RETURN(auto box, Boxed(7));
  *out = *box;
  return Status::Ok();
}

TEST(StatusMacros, ValuesFlowThrough) {
  int reached = 0;
  auto r = Twice("abc", true, &reached);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 6);
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacros, StatusErrorReturnsEarly) {
  int reached = 0;
  auto r = Twice("abc", false, &reached);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacros, ResultErrorReturnsEarlyWithItsField) {
  int reached = 0;
  auto r = Twice("", true, &reached);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(r.error().member, "text");
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacros, MoveOnlyValues) {
  int out = 0;
  ASSERT_TRUE(MoveOnly(&out).ok());
  EXPECT_EQ(out, 7);
}

}  // namespace
}  // namespace portcullis
