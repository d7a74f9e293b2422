// Error vocabulary: stable error codes, an Error value and Result<T>, returned by every fallible
// call. Value types; no shared state. Codes map to HTTP in exactly one place
// (api/error_mapping.cc).
#pragma once

#include <cassert>
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

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;  // for people; never contains a secret
  std::string field;   // the request member at fault, when there is one
  // Further string members of the error body (name, value), e.g. {"mfa_ticket", "..."} with
  // kMfaRequired. Values may be secrets meant for this caller only; never log them.
  std::vector<std::pair<std::string, std::string>> extra;
};

inline Error MakeError(ErrorCode code, std::string detail = {}, std::string field = {}) {
  return Error{code, std::move(detail), std::move(field), {}};
}

// Either a value or an Error. Accessing the wrong alternative is a bug (asserted).
template <class T>
class [[nodiscard]] Result {
 public:
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

}  // namespace portcullis
