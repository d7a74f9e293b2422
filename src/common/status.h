// Error vocabulary: stable error codes, an Error value and Result<T>, returned by every fallible
// call. Value types; no shared state. Codes map to HTTP in exactly one place
// (api/error_mapping.cc).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace portcullis {

// Stable machine-readable codes; their spelling is the `type` of problem JSON and never changes.
enum class ErrorCode {
  kInvalidRequest,
  kInvalidCredentials,
  kTokenInvalid,
  kTokenExpired,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kConflict,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kRateLimited,
  kOverloaded,
  kMfaRequired,
  kStepUpRequired,
  kUnavailable,
  kInternal,
};

std::string_view ErrorCodeName(ErrorCode code);

// The input an error is about, named by meaning; each API dialect maps it to its own member name
// (the native API's is in api/error_mapping.cc).
enum class Field {
  kNone,
  kEmail,
  kUsername,
  kPassword,
  kOldPassword,
  kNewPassword,
  kDisplayName,
  kMetadata,
  kTotpCode,  // the second factor given with a password (login, step-up)
  kCode,      // a second factor given on its own (ticket redemption, enrolment, disabling MFA)
  kTicket,
  kRefreshToken,
  kToken,         // an emailed magic-link token
  kCodeVerifier,  // a PKCE code_verifier
  kRedirectTo,    // where a link's flow ends
  kNewEmail,      // the address an email change moves to
  kInvite,        // a company invite's ticket given at registration
  kDefaultRole,   // the Hasura default role asked for (HBP's register_options.default_role)
  kAllowedRoles,  // the Hasura roles asked for (HBP's register_options.allowed_roles)
};

// Why an error happened, where a dialect answers the cases differently. kNone when the code says
// it all.
enum class Reason {
  kNone,
  kTaken,              // kConflict: the field's value belongs to another account
  kUnknownToken,       // the token was never issued (or its session is gone)
  kTokenExpired,       // the token's lifetime is over
  kTokenRotated,       // a refresh race: the token was just rotated; retry with the newer one
  kTokenReused,        // a spent refresh token came back: the session was revoked
  kSessionRevoked,     // the session was revoked (logout, password change, reuse)
  kAccountGone,        // the token is fine but its account no longer exists
  kWrongCode,          // a second factor that is wrong, replayed or refused by throttling
  kTicketUnusable,     // a ticket or code that is unknown, expired, used, superseded or spent
  kAccountInactive,    // kForbidden: the account has not been activated from its email yet
  kMfaAlreadyEnabled,  // kConflict
  kMfaNotEnabled,
  kNoPendingSecret,  // MFA confirmation without a started enrolment
  kSecondFactorMissing,
  kStepUpStale,  // the session's last authentication is too old for this operation
  // kInvalidRequest on an email: an invisible or control character (zero-width, bidi control,
  // soft hyphen, C0/C1 control, ...), refused before any normalisation.
  kInvisibleCharacter,
  // kInvalidRequest on a new password (core/identity_rules.h, zxcvbn):
  kCommonPassword,  // wholly one common password or dictionary word
  kRepetitive,      // wholly a repetition ("aaaaaaaa", eight spaces)
  kSequence,        // wholly a sequence or keyboard pattern ("abcdefgh")
  kTooWeak,         // below password_min_score
  kLastOwner,       // kConflict: the change would leave a company without an owner
  // kInvalidRequest: a personal token asked for a permission its user does not hold.
  kPermissionNotHeld,
  kAccountDisabled,  // kForbidden: an instance admin disabled the account
  // kConflict: the change would leave the instance without an enabled instance admin.
  kLastInstanceAdmin,
  // kConflict: unlinking the identity would leave the account no way to log in (no password and
  // no other linked identity).
  kLastLoginMethod,
  // kUnauthorized from a service client's authentication: no client has that id (after the same
  // work as a wrong secret). Client ids are public identifiers, not secrets; only a dialect whose
  // document names this case (Hubler's "The account not found!") tells it apart.
  kUnknownClient,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;  // for people; never contains a secret, never names a wire member or path
  Field field = Field::kNone;
  Reason reason = Reason::kNone;
  // The request member at fault as a dialect's own decoder names it (an unknown member, a wrong
  // type). Set only by API code; core uses `field`.
  std::string member;
  // kRateLimited: seconds until the caller may try again (the end of the limit's window).
  int64_t retry_after = 0;
};

inline Error MakeError(ErrorCode code, std::string detail = {}) {
  return Error{code, std::move(detail), Field::kNone, Reason::kNone, {}};
}
inline Error MakeError(ErrorCode code, std::string detail, Field field,
                       Reason reason = Reason::kNone) {
  return Error{code, std::move(detail), field, reason, {}};
}
inline Error MakeError(ErrorCode code, std::string detail, Reason reason) {
  return Error{code, std::move(detail), Field::kNone, reason, {}};
}
// For API decoders: the member is named as the request spelled it.
inline Error MakeError(ErrorCode code, std::string detail, std::string member) {
  return Error{code, std::move(detail), Field::kNone, Reason::kNone, std::move(member)};
}

// Either a value or an Error. Accessing the wrong alternative is a bug (asserted).
template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

// `result` with a kNotFound error replaced by `instead`; other errors (a store that does not
// answer) pass through unchanged, so only a real absence becomes a verdict.
template <class T>
Result<T> NotFoundAs(Result<T> result, Error instead) {
  if (!result && result.error().code == ErrorCode::kNotFound) return instead;
  return result;
}
inline Status NotFoundAs(Status status, Error instead) {
  if (!status && status.error().code == ErrorCode::kNotFound) return instead;
  return status;
}

}  // namespace portcullis
