// Tests for the account routes' error wording: Joi's quoting of members, and HBP's statuses and
// messages for the core errors its clients saw otherwise.
#include "api/hbp/hbp_account_errors.h"

#include <gtest/gtest.h>

#include "api/common/json_body.h"

namespace portcullis::api::hbp {
namespace {

TEST(HbpAccountErrors, DecodingErrorsAreWordedAsJoi) {
  EXPECT_EQ(
      HbpAccountError(InvalidMember("new_email", "new_email is required"), AccountRoute::kEmail)
          .detail,
      "\"new_email\" is required");
  EXPECT_EQ(HbpAccountError(InvalidMember("x", "unknown member x"), AccountRoute::kMfa).detail,
            "\"x\" is not allowed");
}

TEST(HbpAccountErrors, ATakenAddressIsHbpsBadRequest) {
  const Error error =
      HbpAccountError(MakeError(ErrorCode::kConflict, "taken", Field::kNewEmail, Reason::kTaken),
                      AccountRoute::kEmail);
  EXPECT_EQ(error.code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(error.detail, "Cannot use this email.");
}

TEST(HbpAccountErrors, AnUnusableTicketIsUnauthorizedOnTheTicketRoutes) {
  const Error unusable =
      MakeError(ErrorCode::kInvalidRequest, "bad ticket", Field::kTicket, Reason::kTicketUnusable);
  for (const AccountRoute route : {AccountRoute::kEmailTicket, AccountRoute::kPasswordTicket}) {
    const Error error = HbpAccountError(unusable, route);
    EXPECT_EQ(error.code, ErrorCode::kTokenInvalid);
    EXPECT_EQ(error.detail, "Invalid or expired ticket.");
  }
}

TEST(HbpAccountErrors, AStaleLoginIsToldToLogInAgain) {
  const Error error = HbpAccountError(
      MakeError(ErrorCode::kStepUpRequired, "re-authenticate", Reason::kStepUpStale),
      AccountRoute::kDelete);
  EXPECT_EQ(error.code, ErrorCode::kStepUpRequired);
  EXPECT_EQ(error.detail, "This operation needs a recent login: log in again and retry.");
}

TEST(HbpAccountErrors, WrongSecretsKeepTheirStatusInHbpsWords) {
  const Error wrong =
      MakeError(ErrorCode::kInvalidCredentials, "wrong", Field::kCode, Reason::kWrongCode);
  EXPECT_EQ(HbpAccountError(wrong, AccountRoute::kMfa).detail, "Invalid two-factor code.");
  const Error old_password =
      MakeError(ErrorCode::kInvalidCredentials, "wrong", Field::kOldPassword);
  const Error error = HbpAccountError(old_password, AccountRoute::kPassword);
  EXPECT_EQ(error.code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(error.detail, "Incorrect current password.");
}

TEST(HbpAccountErrors, OtherErrorsPassThrough) {
  Error limited = MakeError(ErrorCode::kRateLimited, "slow down");
  limited.retry_after = 30;
  const Error error = HbpAccountError(limited, AccountRoute::kPassword);
  EXPECT_EQ(error.code, ErrorCode::kRateLimited);
  EXPECT_EQ(error.detail, "slow down");
  EXPECT_EQ(error.retry_after, 30);
}

}  // namespace
}  // namespace portcullis::api::hbp
