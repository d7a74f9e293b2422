// RETURN_IF_ERROR and ASSIGN_OR_RETURN: early return of the Error of a Status or Result<T>, so a
// chain of fallible calls reads as straight-line code. Macros over value types; no shared state.
#pragma once

#include <utility>

#include "common/status.h"

namespace portcullis::internal {

inline Error ErrorOf(const Status& status) { return status.error(); }
template <class T>
Error ErrorOf(const Result<T>& result) {
  return result.error();
}

}  // namespace portcullis::internal

#define PORTCULLIS_CONCAT_INNER(a, b) a##b
#define PORTCULLIS_CONCAT(a, b) PORTCULLIS_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Status or Result<T>) from the enclosing function when it failed.
#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    auto&& portcullis_status_ = (expr);                           \
    if (!portcullis_status_) {                                    \
      return ::portcullis::internal::ErrorOf(portcullis_status_); \
    }                                                             \
  } while (false)

// `ASSIGN_OR_RETURN(auto user, FindUser(id));` declares `user` with the value of the Result, or
// returns its error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  PORTCULLIS_ASSIGN_OR_RETURN_IMPL(PORTCULLIS_CONCAT(portcullis_result_, __LINE__), lhs, expr)

#define PORTCULLIS_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                     \
  if (!result) return std::move(result).error();            \
  lhs = std::move(result).value()
