// How the native dialect ends a flow that a mailed link opened in a browser: a 302 to the
// redirect_to (or redirect_url_success) carrying a one-time `code`, a minimal built-in page when
// there is nowhere to go, and for an unusable link a 302 to redirect_url_error or the problem
// answer. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/native/native_dialect.h"
#include "common/status.h"
#include "common/url_encoding.h"  // WithQuery, for the answers that redirect
#include "http/message.h"

namespace portcullis::api::native {

// 302 to `url`; the answer is never cached and sends no Referer onward.
http::Response Found(std::string url);
// A small HTML page (title and one paragraph, escaped), no script, never cached.
http::Response Page(int status, std::string_view title, std::string_view message);

// The end of a link's flow: a 302 to `redirect_to` (already checked) or redirect_url_success
// with `code` added when not empty; without either, the page `title`/`message`.
http::Response LinkDone(const NativeFlows& flows, std::string_view redirect_to,
                        std::string_view code, std::string_view title, std::string_view message);
// An unusable link (or any refusal on a GET link): a 302 to redirect_url_error with
// error=invalid_ticket (or the problem type), or the error itself when it is not set.
Result<http::Response> LinkFailed(const NativeFlows& flows, const Error& error);

// The value of `key` in the request's query ("" when absent); kInvalidRequest for a malformed
// query.
Result<std::string> QueryValue(const http::Request& request, std::string_view key);

}  // namespace portcullis::api::native
