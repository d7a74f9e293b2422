// ReadTokenResponse: a token endpoint's answer (RFC 6749 §5) mapped to the port's errors —
// invalid_grant (the code is bad, used or expired) → kInvalidRequest; a server error or an
// answer that is no JSON object → kUnavailable; any other refusal (invalid_client, ...: our
// registration) → kUnavailable. Pure function; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "common/status.h"
#include "sso/http_fetcher.h"

namespace portcullis::sso {

// The answer's JSON object when it carries an access_token and no `error` (GitHub answers its
// errors with HTTP 200).
Result<boost::json::object> ReadTokenResponse(const HttpResponse& response);

}  // namespace portcullis::sso
