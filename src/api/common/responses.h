// Response helpers every JSON dialect uses: a JSON body with a status, and 204 No Content.
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>

#include "http/message.h"

namespace portcullis::api {

// `body` serialized; a string or member name that is not valid UTF-8 (text stored before it was
// checked on the way in) is written with U+FFFD for each invalid byte, so the answer always is.
http::Response JsonResponse(int status, const boost::json::value& body);
http::Response NoContent();

}  // namespace portcullis::api
