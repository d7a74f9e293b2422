// The handlers of HBP's account routes (change-email, change-password, mfa generate/enable/disable,
// delete, jwks, healthz): decode as HBP did, call the core service, answer HBP's shape.
// Thread-safe.
#pragma once

#include <string_view>

#include "api/common/call.h"
#include "api/hbp/hbp_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hbp {

// POST /auth/change-email {new_email} → 204: the change at once (VERIFY_EMAILS off).
Result<http::Response> ChangeEmailDirect(HbpContext& context, Call& call);
// POST /auth/change-email/request {new_email} → 204: a ticket mailed to the new address.
Result<http::Response> RequestEmailChange(HbpContext& context, Call& call);
// POST /auth/change-email/change {ticket} → 204.
Result<http::Response> ConfirmEmailChange(HbpContext& context, Call& call);

// POST /auth/change-password {old_password, new_password} → 204.
Result<http::Response> ChangePassword(HbpContext& context, Call& call);
// POST /auth/change-password/request {email} → 204, whether or not the address has an account.
Result<http::Response> RequestPasswordReset(HbpContext& context, Call& call);
// POST /auth/change-password/change {ticket, new_password} → 204.
Result<http::Response> ResetPassword(HbpContext& context, Call& call);

// POST /auth/mfa/generate → {image_url: a PNG data URL of the otpauth URI, otp_secret}.
Result<http::Response> GenerateMfa(HbpContext& context, Call& call);
// POST /auth/mfa/enable {code} → 204 (the recovery codes core makes are not shown here).
Result<http::Response> EnableMfa(HbpContext& context, Call& call);
// POST /auth/mfa/disable {code} → 204.
Result<http::Response> DisableMfa(HbpContext& context, Call& call);

// POST /auth/delete → 204, the refresh_token cookie cleared.
Result<http::Response> DeleteAccount(HbpContext& context, Call& call);

// GET /auth/jwks: the server's JWKS document, or HBP's 501 when it holds no public key (HS*).
http::Response Jwks(std::string_view jwks_json);
// GET /healthz → 200 "OK".
http::Response Healthz();
// What HBP answered on a route whose flag is off: Boom's 500 (its badImplementation).
http::Response FlagOff();

}  // namespace portcullis::api::hbp
